// Command dateline indexes news articles and answers "when" questions with
// dated timelines of verbatim, credited quotes, from the terminal or Discord.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// cli carries what every subcommand needs; no global state.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	global         globalFlags
}

// command is one subcommand: its usage line (flags in brackets, then the
// arguments), one sentence saying what it does, and its run function, which
// declares and describes its flags (newFlagSet, parseInterspersed) so that
// --help can list them.
type command struct {
	name, usage, summary string
	run                  func(ctx context.Context, c *cli, args []string) error
}

func commands() []command {
	return []command{
		{"ingest", "ingest [--json] [--sample] [--by WHO] PATH...",
			"Add articles from files or directories (walked recursively) to the store and the index.", runIngest},
		{"when", "when [--json] [--limit N] [--since DATE] [--until DATE] [--outlet NAME] QUERY...",
			"Print a chronological timeline of the dated, verbatim, credited quotes that match QUERY.", runWhen},
		{"search", "search [--json] [--limit N] [--outlet NAME] QUERY...",
			"Print the passages that best match QUERY, most relevant first.", runSearch},
		{"dates", "dates [--dct YYYY-MM-DD] [--json] [FILE]",
			"Print the temporal expressions in FILE (or stdin), resolved to TIMEX3 values.", runDates},
		{"article", "article [--json] ID",
			"Print one stored article: what /article shows in Discord.", runArticle},
		{"remove", "remove [--by WHO] ID...",
			"Delete articles from the store and the index, recorded in the audit log: what /remove does.", runRemove},
		{"digest", "digest [--since 24h] [--guild ID] [--json]",
			"Print the digest so far: what the archive gained since the last digest, grouped by tracked topics.", runDigest},
		{"feed", "feed add|remove|list [--guild ID] [--topic TOPIC] [--json] [URL]",
			"Follow, stop following or list the RSS, Atom and JSON feeds of the shared archive (or a server's).", runFeed},
		{"reindex", "reindex",
			"Recompute passages (dates, credits) and rebuild the passage index from the store of record.", runReindex},
		{"serve", "serve [--register-commands]",
			"Run the Discord bot and the HTTP listener until SIGINT or SIGTERM.", runServe},
		{"version", "version",
			"Print the version.", runVersion},
		{"help", "help [COMMAND]",
			"List the commands, or print one command's usage and flags.", runHelp},
	}
}

// errUsage marks errors that should print usage and exit 2.
var errUsage = errors.New("usage")

// exitError carries a specific exit status (ingest exits 1 on failed items).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	rest, err := c.global.parse(args)
	if err != nil || len(rest) == 0 {
		if err != nil {
			fmt.Fprintln(stderr, "dateline:", err)
		}
		printUsage(stderr)
		return 2
	}
	name, cmdArgs := rest[0], rest[1:]
	if name == "-h" || name == "--help" || name == "-help" {
		name = "help"
	}
	for _, cmd := range commands() {
		if cmd.name != name {
			continue
		}
		err := cmd.run(ctx, c, cmdArgs)
		return exitCode(stdout, stderr, cmd, err)
	}
	fmt.Fprintf(stderr, "dateline: unknown command %q\n", name)
	printUsage(stderr)
	return 2
}

func exitCode(stdout, stderr io.Writer, cmd command, err error) int {
	var ee exitError
	var help helpRequested
	switch {
	case err == nil:
		return 0
	case errors.As(err, &help):
		printCommandHelp(stdout, cmd, help.flags)
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "dateline %s: %v\nusage: dateline %s\n(dateline %s --help describes every flag)\n", cmd.name, err, cmd.usage, cmd.name)
		return 2
	default:
		fmt.Fprintf(stderr, "dateline %s: %v\n", cmd.name, err)
		return 1
	}
}
