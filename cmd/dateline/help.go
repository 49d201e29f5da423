package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// helpRequested is what parseInterspersed returns when -h or --help is
// among a command's flags: the command's help goes to stdout, exit 0.
type helpRequested struct{ flags *flag.FlagSet }

func (helpRequested) Error() string { return "help requested" }

// runHelp is `dateline help [COMMAND]`: the list of commands, or one
// command's help (as `dateline COMMAND --help`).
func runHelp(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("help")
	names, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch len(names) {
	case 0:
		printUsage(c.stdout)
		return nil
	case 1:
		if names[0] == "help" {
			return helpRequested{fs}
		}
		for _, cmd := range commands() {
			if cmd.name != names[0] {
				continue
			}
			// Every command answers --help before doing anything else.
			err := cmd.run(ctx, c, []string{"--help"})
			var help helpRequested
			if errors.As(err, &help) {
				printCommandHelp(c.stdout, cmd, help.flags)
				return nil
			}
			return err
		}
		return fmt.Errorf("%w: unknown command %q", errUsage, names[0])
	}
	return fmt.Errorf("%w: at most one COMMAND", errUsage)
}

// printUsage lists the commands.
func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: dateline [--config FILE] [--data DIR] COMMAND [ARGS]")
	fmt.Fprintln(w, "\ncommands:")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintln(w, "\n`dateline COMMAND --help` (or `dateline help COMMAND`) prints a command's usage and flags.")
	printGlobalFlags(w)
}

// printCommandHelp is a command's --help: usage line, what it does, and
// every flag with its description and default, from the command's own flag
// set.
func printCommandHelp(w io.Writer, cmd command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: dateline %s\n\n%s\n", cmd.usage, cmd.summary)
	var lines [][2]string
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		name := "--" + f.Name
		if arg != "" {
			name += " " + arg
		}
		if f.DefValue != "" && f.DefValue != "false" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		lines = append(lines, [2]string{name, usage})
	})
	if len(lines) > 0 {
		fmt.Fprintln(w, "\nflags:")
		printColumns(w, lines)
	}
	printGlobalFlags(w)
}

// printGlobalFlags describes the flags every command takes.
func printGlobalFlags(w io.Writer) {
	fmt.Fprintln(w, "\nglobal flags (before or after the command):")
	printColumns(w, [][2]string{
		{"--config FILE", "the TOML configuration (default ./dateline.toml when present; keys in config.example.toml)"},
		{"--data DIR", "the data directory (overrides data_dir and DATELINE_DATA)"},
	})
}

// printColumns prints name/description pairs with the descriptions aligned.
func printColumns(w io.Writer, lines [][2]string) {
	width := 0
	for _, l := range lines {
		width = max(width, len(l[0]))
	}
	for _, l := range lines {
		fmt.Fprintf(w, "  %-*s  %s\n", width, l[0], strings.TrimSpace(l[1]))
	}
}
