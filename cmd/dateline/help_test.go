package main

import (
	"bytes"
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// runInProcess runs the command line without a subprocess (nothing here
// touches the disk) and returns its output and exit status.
func runInProcess(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb, func(string) string { return "" })
	return result{out.String(), errb.String(), code}
}

// helpFlags reads the flags section of a command's help: flag name →
// description.
func helpFlags(t *testing.T, help string) map[string]string {
	t.Helper()
	flags := map[string]string{}
	_, section, found := strings.Cut(help, "\nflags:\n")
	if !found {
		return flags
	}
	section, _, _ = strings.Cut(section, "\n\n")
	line := regexp.MustCompile(`^  --([a-z-]+)(?: [A-Z-]+)?  +(.*)$`)
	for _, l := range strings.Split(section, "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("unexpected flag line %q", l)
			continue
		}
		flags[m[1]] = m[2]
	}
	return flags
}

// TestEveryCommandHasHelp: `dateline CMD --help`, `-h` and `dateline help CMD`
// print, to stdout with exit 0, the usage line, one sentence saying what the
// command does, and every flag of its flag set described; the usage line
// names exactly those flags. An unknown flag is still a usage error (exit 2,
// usage on stderr).
func TestEveryCommandHasHelp(t *testing.T) {
	for _, cmd := range commands() {
		t.Run(cmd.name, func(t *testing.T) {
			r := runInProcess(t, cmd.name, "--help")
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("--help: exit %d, stderr %q", r.code, r.stderr)
			}
			if want := "usage: dateline " + cmd.usage + "\n\n" + cmd.summary + "\n"; !strings.HasPrefix(r.stdout, want) {
				t.Errorf("--help starts\n%s\nwant\n%s", r.stdout, want)
			}
			if !strings.HasSuffix(cmd.summary, ".") || strings.Contains(strings.TrimSuffix(cmd.summary, "."), ". ") {
				t.Errorf("summary %q is not one sentence", cmd.summary)
			}
			flags := helpFlags(t, r.stdout)
			for name, desc := range flags {
				if desc == "" {
					t.Errorf("--%s has no description", name)
				}
			}
			var inUsage []string
			for _, m := range regexp.MustCompile(`--([a-z-]+)`).FindAllStringSubmatch(cmd.usage, -1) {
				inUsage = append(inUsage, m[1])
			}
			slices.Sort(inUsage)
			described := slices.Sorted(maps.Keys(flags))
			if !slices.Equal(inUsage, described) {
				t.Errorf("usage line names flags %v; the command has %v", inUsage, described)
			}
			if !strings.Contains(r.stdout, "--config FILE") || !strings.Contains(r.stdout, "--data DIR") {
				t.Error("--help does not describe the global flags")
			}
			for _, args := range [][]string{{cmd.name, "-h"}, {"help", cmd.name}, {cmd.name, "x", "--help"}} {
				if again := runInProcess(t, args...); again != r {
					t.Errorf("%v differs from --help: %+v", args, again)
				}
			}

			bad := runInProcess(t, cmd.name, "--no-such-flag")
			if bad.code != 2 || bad.stdout != "" || !strings.Contains(bad.stderr, "usage: dateline "+cmd.usage+"\n") {
				t.Errorf("unknown flag: exit %d, stdout %q, stderr %q", bad.code, bad.stdout, bad.stderr)
			}
		})
	}
}

// TestHelpListsCommands: `dateline help`, `--help` and `-h` list every
// command with its sentence, to stdout, exit 0; no command at all is a usage
// error listing them on stderr.
func TestHelpListsCommands(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"--data", "/nonexistent", "help"}} {
		r := runInProcess(t, args...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		for _, cmd := range commands() {
			if !regexp.MustCompile(`(?m)^  ` + cmd.name + ` +` + regexp.QuoteMeta(cmd.summary) + `$`).MatchString(r.stdout) {
				t.Errorf("%v does not list %s:\n%s", args, cmd.name, r.stdout)
			}
		}
	}
	for _, args := range [][]string{{}, {"help", "frobnicate"}, {"help", "when", "search"}} {
		if r := runInProcess(t, args...); r.code != 2 || !strings.Contains(r.stderr, "usage: dateline") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}
