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
}

// path resolves a path the user gave against the user's working directory.
func (c *cli) path(p string) string {
	if c.cwd == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.cwd, p)
}

type command struct {
	name, usage string
	run         func(ctx context.Context, c *cli, args []string) error
}

func commands() []command {
	return []command{
		{"ingest", "ingest [--json] [--sample] [--guild ID] PATH...   add articles from files or directories", runIngest},
		{"when", "when [--json] [--limit N] [--since DATE] [--until DATE] [--guild ID] QUERY...   dated timeline", runWhen},
		{"search", "search [--json] [--limit N] [--guild ID] QUERY...   relevance-ranked passages", runSearch},
		{"dates", "dates [--dct YYYY-MM-DD] [--json] [FILE]   temporal expressions in a text", runDates},
		{"article", "article [--json] [--guild ID] ID   one stored article (what /article shows)", runArticle},
		{"remove", "remove [--guild ID] [--by WHO] ID...   remove articles, restorable for [retention] removed (what /remove does)", runRemove},
		{"restore", "restore [--guild ID] [--by WHO] ID...   bring removed articles back (what /restore does)", runRestore},
		{"audit", "audit [--guild ID] [--json] [--limit N]   who added, removed, restored, purged what (what /audit shows)", runAudit},
		{"export", "export [--guild ID] --format jsonl|md DIR   write an archive out (ingest reads it back)", runExport},
		{"reindex", "reindex   rebuild the passage index from the store", runReindex},
		{"serve", "serve [--register-commands]   run the Discord bot and the HTTP listener", runServe},
		{"version", "version   print the version", runVersion},
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
	for _, cmd := range commands() {
		if cmd.name != name {
			continue
		}
		err := cmd.run(ctx, c, cmdArgs)
		return exitCode(stderr, name, cmd.usage, err)
	}
	if name == "help" || name == "-h" || name == "--help" {
		printUsage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "dateline: unknown command %q\n", name)
	printUsage(stderr)
	return 2
}

func exitCode(stderr io.Writer, name, usage string, err error) int {
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "dateline %s: %v\nusage: dateline %s\n", name, err, usage)
		return 2
	default:
		fmt.Fprintf(stderr, "dateline %s: %v\n", name, err)
		return 1
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: dateline [--config FILE] [--data DIR] COMMAND [ARGS]")
	fmt.Fprintln(w, "commands:")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %s\n", cmd.usage)
	}
}
