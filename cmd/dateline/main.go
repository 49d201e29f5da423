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
	"path/filepath"
	"syscall"

	"github.com/dateline-bot/dateline/app"
)

// cli carries what every subcommand needs; no global state.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	global         globalFlags
	// cwd is the directory relative paths are read against: "" is the
	// process's own; the control socket sets the client's.
	cwd string
	// engine is set inside a running serve, for the commands that came
	// through its control socket: they use it instead of opening the data
	// directory (whose index the server holds).
	engine *app.App
	// out remembers whether writing to the process's stdout failed (nil
	// inside serve's control socket, whose writes the socket reports).
	out *stickyWriter
}

// path resolves a path the user gave against the user's working directory.
func (c *cli) path(p string) string {
	if c.cwd == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.cwd, p)
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
		{"ingest", "ingest [--json] [--sample] [--by WHO] [--guild ID] [--progress-every DURATION] PATH...",
			"Add articles from files or directories (walked recursively) to the store and the index.", runIngest},
		{"when", "when [--json] [--limit N] [--since DATE] [--until DATE] [--outlet NAME] [--guild ID] QUERY...",
			"Print a chronological timeline of the dated, verbatim, credited quotes that match QUERY.", runWhen},
		{"search", "search [--json] [--limit N] [--outlet NAME] [--guild ID] QUERY...",
			"Print the passages that best match QUERY, most relevant first.", runSearch},
		{"dates", "dates [--dct YYYY-MM-DD] [--json] [FILE]",
			"Print the temporal expressions in FILE (or stdin), resolved to TIMEX3 values.", runDates},
		{"article", "article [--json] [--guild ID] ID",
			"Print one stored article: what /article shows in Discord.", runArticle},
		{"remove", "remove [--by WHO] [--guild ID] ID...",
			"Remove articles (restorable for [retention] removed), recorded in the audit log: what /remove does.", runRemove},
		{"restore", "restore [--by WHO] [--guild ID] ID...",
			"Bring removed articles back: what /restore does.", runRestore},
		{"audit", "audit [--json] [--limit N] [--guild ID]",
			"Print who added, removed, restored and purged what, newest first: what /audit shows.", runAudit},
		{"export", "export [--json] [--guild ID] --format jsonl|md DIR",
			"Write an archive out to DIR; ingest reads it back with the same ids.", runExport},
		{"digest", "digest [--since 24h] [--guild ID] [--json]",
			"Print the digest so far: what the archive gained since the last digest, grouped by tracked topics.", runDigest},
		{"feed", "feed add|remove|list [--guild ID] [--topic TOPIC] [--json] [URL]",
			"Follow, stop following or list the RSS, Atom and JSON feeds of the shared archive (or a server's).", runFeed},
		{"reindex", "reindex",
			"Recompute passages (dates, credits) and rebuild the passage index from the store of record.", runReindex},
		{"backup", "backup PATH",
			"Write a consistent copy of the SQLite store to PATH, also while serve runs (PostgreSQL: use pg_dump).", runBackup},
		{"doctor", "doctor",
			"Check the configuration, token, data directory, store, index and Discord's API, and say what to fix.", runDoctor},
		{"serve", "serve [--register-commands] [--shards ID --shard-count N]",
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
	out := &stickyWriter{w: stdout}
	c := &cli{stdin: stdin, stdout: &showWriter{raw: out}, stderr: stderr, getenv: getenv, out: out}
	rest, err := c.global.parse(args)
	if err != nil || len(rest) == 0 {
		if err != nil {
			fmt.Fprintln(stderr, "dateline:", err)
		}
		printUsage(stderr)
		return 2
	}
	if code, forwarded := c.forward(ctx, rest); forwarded {
		if c.out != nil && c.out.err != nil && code == 0 {
			fmt.Fprintf(stderr, "dateline %s: write output: %v\n", rest[0], out.err)
			return 1
		}
		return code
	}
	return c.dispatch(ctx, rest)
}

// dispatch runs the command rest[0] with its arguments.
func (c *cli) dispatch(ctx context.Context, rest []string) int {
	stderr := c.stderr
	name, cmdArgs := rest[0], rest[1:]
	if name == "-h" || name == "--help" || name == "-help" {
		name = "help"
	}
	for _, cmd := range commands() {
		if cmd.name != name {
			continue
		}
		err := cmd.run(ctx, c, cmdArgs)
		code := exitCode(c.stdout, stderr, cmd, err)
		if c.out != nil && c.out.err != nil && code == 0 {
			// The answer was lost on its way out: say so, and fail.
			fmt.Fprintf(stderr, "dateline %s: write output: %v\n", cmd.name, c.out.err)
			return 1
		}
		return code
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
