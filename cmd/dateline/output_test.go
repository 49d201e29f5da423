package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/safetext"
)

// failingWriter fails every write, as stdout does on a full disk.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestLostOutputExitsNonZero: a command whose output cannot be written exits
// 1 and says why, instead of 0 with nothing written.
func TestLostOutputExitsNonZero(t *testing.T) {
	data := newDataDir(t)
	if r := dateline(t, data, "", "ingest", "--sample"); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"version"},
		{"help"},
		{"when", "--help"},
		{"dates", "--dct", "2026-01-27", "--json"},
		{"--data", data, "when", "russia", "qamishli"},
		{"--data", data, "search", "--json", "hmeimim"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var errb strings.Builder
			code := run(context.Background(), args, strings.NewReader("on 5 May 2025"), failingWriter{}, &errb, func(string) string { return "" })
			if code == 0 {
				t.Fatalf("exit 0 with the output lost; stderr: %s", errb.String())
			}
			if !strings.Contains(errb.String(), "no space left on device") {
				t.Errorf("stderr does not say why: %q", errb.String())
			}
		})
	}
}

// TestDevFull runs the binary with stdout on /dev/full, as a shell user would.
func TestDevFull(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full on this system")
	}
	defer full.Close()
	data := newDataDir(t)
	for _, args := range [][]string{{"version"}, {"ingest", "--sample"}, {"when", "russia", "qamishli"}} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, binary, append([]string{"--data", data}, args...)...)
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(data, "..", "cache"))
		cmd.Stdout = full
		var errb strings.Builder
		cmd.Stderr = &errb
		err := cmd.Run()
		cancel()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Errorf("%v > /dev/full: %v, want exit 1; stderr: %s", args, err, errb.String())
		}
	}
}

// TestTerminalOutputHidesBidiControls: text for a person never carries the
// characters that reorder or hide what the terminal shows; the JSON keeps
// the stored text byte for byte.
func TestTerminalOutputHidesBidiControls(t *testing.T) {
	data := newDataDir(t)
	art := filepath.Join(t.TempDir(), "spoof.txt")
	writeFile(t, art, "Qamishli airport handover\n\n2026-01-27\n\n"+
		"On 23 January the Qamishli airport was handed over,\u202e sweN hafahS \u202c said a source\u200b.\n")
	if r := dateline(t, data, "", "ingest", art); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	text := dateline(t, data, "", "when", "qamishli", "airport")
	if text.code != 0 || !strings.Contains(text.stdout, "Qamishli") {
		t.Fatalf("when: %d %s %s", text.code, text.stdout, text.stderr)
	}
	for _, r := range text.stdout {
		if safetext.Hidden(r) && r != '\n' {
			t.Fatalf("the terminal output carries %U:\n%s", r, text.stdout)
		}
	}
	js := dateline(t, data, "", "when", "--json", "qamishli", "airport")
	if !strings.Contains(js.stdout, "\u202e") {
		t.Errorf("the JSON lost the stored text's bytes:\n%s", js.stdout)
	}
}

// TestQueryWaitsForAnIndexRebuild: a query that meets a damaged index (the
// engine answers ErrIndexRebuilding and rebuilds it) says so on stderr,
// waits, and answers.
func TestQueryWaitsForAnIndexRebuild(t *testing.T) {
	data := newDataDir(t)
	if r := dateline(t, data, "", "ingest", "--sample"); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	var out, errb strings.Builder
	c := &cli{stdout: &showWriter{raw: &out}, stderr: &errb, getenv: func(string) string { return "" }}
	c.global.dataDir = data
	calls := 0
	ask := func(a *app.App, ctx context.Context, caller app.Caller, q answer.Query) (answer.Timeline, error) {
		if calls++; calls == 1 {
			return answer.Timeline{}, app.ErrIndexRebuilding
		}
		return a.When(ctx, caller, q)
	}
	if err := runQuery(context.Background(), c, "when", []string{"russia", "qamishli"}, true, ask, printTimeline); err != nil {
		t.Fatal(err)
	}
	if calls != 2 || !strings.Contains(errb.String(), "being rebuilt") || !strings.Contains(out.String(), "23 Jan 2026") {
		t.Errorf("%d calls; stderr %q; stdout:\n%s", calls, errb.String(), out.String())
	}
}

// readOnlyRunner runs the binary on a read-only view of dir: dir itself made
// read-only by its permissions for an ordinary user, or (for root, whom
// permissions do not stop) a read-only bind mount in a private mount
// namespace that vanishes with the process. Without either it skips.
func readOnlyRunner(t *testing.T, dir string) func(args ...string) result {
	t.Helper()
	if os.Geteuid() != 0 {
		chmodTree(t, dir, 0o555, 0o444)
		t.Cleanup(func() { chmodTree(t, dir, 0o755, 0o644) })
		return func(args ...string) result { return dateline(t, dir, "", args...) }
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil || exec.Command(unshare, "--mount", "true").Run() != nil {
		t.Skip("running as root without mount namespaces: cannot make a read-only data directory (app's TestOpenReadOnlyWritesNothing shows nothing is written)")
	}
	view := t.TempDir()
	return func(args ...string) result {
		t.Helper()
		script := `mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" && shift 2 && exec "$@"`
		cmdArgs := append([]string{"--mount", "sh", "-c", script, "sh", dir, view, binary, "--data", view}, args...)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, unshare, cmdArgs...)
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, "..", "cache"))
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("run on a read-only mount: %v", err)
		}
		return result{out.String(), errb.String(), code}
	}
}

func chmodTree(t *testing.T, dir string, dirMode, fileMode os.FileMode) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Chmod(path, dirMode)
		}
		return os.Chmod(path, fileMode)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReadOnlyDataDirectory: when, search and article answer from a data
// directory that cannot be written to; ingest says why it cannot.
func TestReadOnlyDataDirectory(t *testing.T) {
	data := newDataDir(t)
	if r := dateline(t, data, "", "ingest", "--sample"); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	id := strings.Fields(dateline(t, data, "", "search", "hmeimim").stdout)
	ro := readOnlyRunner(t, data)
	if r := ro("when", "russia", "qamishli"); r.code != 0 || !strings.Contains(r.stdout, "23 Jan 2026") {
		t.Errorf("when on a read-only directory: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := ro("search", "--json", "hmeimim"); r.code != 0 || !strings.Contains(r.stdout, `"total": 3`) {
		t.Errorf("search on a read-only directory: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	articleID := ""
	for i, w := range id {
		if w == "id" && i+1 < len(id) {
			articleID = id[i+1]
		}
	}
	if r := ro("article", articleID); r.code != 0 || !strings.Contains(r.stdout, "Putin to host") {
		t.Errorf("article %q on a read-only directory: %d\n%s%s", articleID, r.code, r.stdout, r.stderr)
	}
	if r := ro("ingest", "--sample"); r.code != 1 || !strings.Contains(r.stderr, "read-only") {
		t.Errorf("ingest on a read-only directory: %d %s", r.code, r.stderr)
	}
}
