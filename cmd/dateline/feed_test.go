package main

import (
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
