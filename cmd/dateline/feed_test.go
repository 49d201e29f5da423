package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFeedCommandUsageListAndRemove(t *testing.T) {
	data := newDataDir(t)
	if r := dateline(t, data, "", "feed", "list"); r.code != 0 || !strings.Contains(r.stdout, "no feed is followed") {
		t.Fatalf("list: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := dateline(t, data, "", "feed", "list", "--json", "--guild", "5"); r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("list --json: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := dateline(t, data, "", "feed", "remove", "https://feeds.example/rss"); r.code != 1 || !strings.Contains(r.stderr, "not followed") {
		t.Fatalf("remove: %d %q", r.code, r.stderr)
	}
	for _, bad := range [][]string{{"feed"}, {"feed", "follow", "x"}, {"feed", "add"}, {"feed", "list", "x"}} {
		if r := dateline(t, data, "", bad...); r.code != 2 {
			t.Errorf("%v: exit %d, %s", bad, r.code, r.stderr)
		}
	}
}

func TestFeedAddThroughTheSafeFetcher(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<rss version="2.0"><channel><title>Port Bulletin</title><item><title>Ferry resumes</title><guid>b1</guid>`+
			`<description>The ferry resumed on 3 March 2026 after two weeks of repairs, the port authority said on Tuesday.</description></item></channel></rss>`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// By default a feed on a private address is refused.
	if r := dateline(t, data, "", "feed", "add", srv.URL); r.code != 1 || !strings.Contains(r.stderr, "refused: 127.0.0.1 is a loopback address") {
		t.Fatalf("private address: %d %q", r.code, r.stderr)
	}
	cfg := filepath.Join(dir, "dateline.toml")
	if err := os.WriteFile(cfg, []byte("[fetch]\nallow_private = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := dateline(t, data, "", "--config", cfg, "feed", "add", "--topic", "ports", srv.URL)
	if r.code != 0 || !strings.Contains(r.stdout, "following Port Bulletin") || !strings.Contains(r.stdout, "1 items stored as back-fill") {
		t.Fatalf("add: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = dateline(t, data, "", "--config", cfg, "feed", "list")
	if r.code != 0 || !strings.Contains(r.stdout, srv.URL) || !strings.Contains(r.stdout, "(topic: ports)") || !strings.Contains(r.stdout, "1 items") {
		t.Fatalf("list: %d %q", r.code, r.stdout)
	}
	if r := dateline(t, data, "", "--config", cfg, "feed", "remove", srv.URL); r.code != 0 {
		t.Fatalf("remove: %d %q", r.code, r.stderr)
	}
}
