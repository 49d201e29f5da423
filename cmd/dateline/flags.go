package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/corpus"
)

// globalFlags may stand before or after the subcommand (CONTRACTS.md).
type globalFlags struct {
	configPath string
	dataDir    string
}

// parse removes --config and --data (in either "--x v" or "--x=v" form) from
// anywhere in args before a literal "--", and returns the rest.
func (g *globalFlags) parse(args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "config" && name != "data") {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("flag --%s needs a value", name)
			}
			i++
			value = args[i]
		}
		if name == "config" {
			g.configPath = value
		} else {
			g.dataDir = value
		}
	}
	return rest, nil
}

// checkGuild accepts "" (the shared archive) or a Discord server id.
func checkGuild(id string) error {
	if id != "" && !corpus.ValidGuildID(id) {
		return fmt.Errorf("%w: --guild %q is not a Discord server id (digits, as Discord shows with Copy Server ID)", errUsage, id)
	}
	return nil
}

// caller is the command line acting on the shared archive, or as the
// server guild: the operator, who may change the shared archive.
func (c *cli) caller(guild, by string) app.Caller {
	if by == "" {
		by = "cli"
	}
	return app.Caller{Guild: guild, User: by, Operator: true, Origin: "command line"}
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseInterspersed parses flags that may come before, between or after the
// positional arguments ("when russia --json qamishli"), and returns the
// positional ones in order. Everything after "--" is positional. -h or
// --help anywhere before "--" returns helpRequested.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	var positional []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return nil, helpRequested{fs}
		} else if err != nil {
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(positional, tail...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
