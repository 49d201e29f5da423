package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-bot/dateline/app"
)

// TestBackupWhileServingAndRestore backs up a data directory whose index
// another process holds (as a running serve does), restores the copy into
// a new data directory, and gets the same answers there.
func TestBackupWhileServingAndRestore(t *testing.T) {
	data := newDataDir(t)
	if r := dateline(t, data, "", "ingest", seedPath(t)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	want := dateline(t, data, "", "when", "--json", "russia", "qamishli")
	held, err := app.OpenDir(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "backup.db")
	r := dateline(t, data, "", "backup", copyPath)
	held.Close()
	if r.code != 0 || !strings.Contains(r.stdout, "backed up 1 articles to "+copyPath) {
		t.Fatalf("backup: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	if r := dateline(t, data, "", "backup", copyPath); r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("backup over an existing file: exit %d, %s", r.code, r.stderr)
	}

	restored := newDataDir(t)
	if err := os.MkdirAll(restored, 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, app.DBFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	got := dateline(t, restored, "", "when", "--json", "russia", "qamishli")
	if got.code != 0 || got.stdout != want.stdout {
		t.Errorf("answers after restoring:\n%s\nwant\n%s\nstderr %s", got.stdout, want.stdout, got.stderr)
	}
}

func TestBackupOfPostgresPointsAtPgDump(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "dateline.toml")
	if err := os.WriteFile(cfg, []byte("[store]\nurl = \"postgres://bot@127.0.0.1:1/dateline\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := dateline(t, filepath.Join(dir, "data"), "", "--config", cfg, "backup", filepath.Join(dir, "b"))
	if r.code != 1 || !strings.Contains(r.stderr, "pg_dump") {
		t.Errorf("exit %d, stderr %s; want 1 and the pg_dump way", r.code, r.stderr)
	}
}

func TestDoctor(t *testing.T) {
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v9/gateway" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `{"url":"wss://127.0.0.1"}`)
	}))
	defer gateway.Close()
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close()

	data := newDataDir(t)
	if r := dateline(t, data, "", "ingest", seedPath(t)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	goodToken := base64.RawStdEncoding.EncodeToString([]byte("123456789012345678")) + ".GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"
	tests := []struct {
		name, token, apiURL string
		holdIndex           bool
		code                int
		has                 []string
	}{
		{"healthy", goodToken, gateway.URL + "/api/v9", false, 0,
			[]string{"ok    discord token: set", "ok    store: ", "1 articles", "ok    index: ", "ok    discord api: GET "}},
		{"index held by a running serve", goodToken, gateway.URL + "/api/v9", true, 0,
			[]string{"ok    index: index.bleve is in use by a running dateline"}},
		{"client secret instead of a token", "s3cr3tClientSecretValue", gateway.URL + "/api/v9", false, 1,
			[]string{"FAIL  discord token: does not look like a bot token", "fix: copy the token from the Developer Portal"}},
		{"no token, no key", "", gateway.URL + "/api/v9", false, 1,
			[]string{"FAIL  discord: neither a token nor a public key"}},
		{"api unreachable", goodToken, downURL + "/api/v9", false, 1,
			[]string{"FAIL  discord api: GET " + downURL + "/api/v9/gateway", "fix: check the network"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "dateline.toml")
			text := fmt.Sprintf("[discord]\ntoken = %q\napi_url = %q\n", tt.token, tt.apiURL)
			if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.holdIndex {
				held, err := app.OpenDir(context.Background(), data, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer held.Close()
			}
			r := dateline(t, data, "", "--config", cfg, "doctor")
			if r.code != tt.code {
				t.Errorf("case %d: exit %d, want %d\n%s%s", i, r.code, tt.code, r.stdout, r.stderr)
			}
			for _, h := range tt.has {
				if !strings.Contains(r.stdout, h) {
					t.Errorf("no %q in:\n%s", h, r.stdout)
				}
			}
			if strings.Contains(r.stdout+r.stderr, tt.token) && tt.token != "" {
				t.Error("doctor printed the token")
			}
		})
	}
}

// TestSystemdUnit checks deploy/dateline.service: hardened as the
// operations guide says, running serve on the state directory, and valid
// for systemd-analyze where it exists (with the test's binary in place).
func TestSystemdUnit(t *testing.T) {
	unit, err := os.ReadFile("../../deploy/dateline.service")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"DynamicUser=yes", "StateDirectory=dateline", "ProtectSystem=strict", "NoNewPrivileges=yes",
		"ExecStart=/usr/local/bin/dateline --config /etc/dateline/dateline.toml --data /var/lib/dateline serve",
	} {
		if !strings.Contains(string(unit), "\n"+line+"\n") {
			t.Errorf("the unit lacks %q", line)
		}
	}
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze not found: the unit's syntax is not verified")
		return
	}
	copyPath := filepath.Join(t.TempDir(), "dateline.service")
	text := strings.ReplaceAll(string(unit), "/usr/local/bin/dateline", binary)
	if err := os.WriteFile(copyPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(analyze, "verify", copyPath).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
