package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDigestCommand(t *testing.T) {
	data := newDataDir(t)
	if r := dateline(t, data, "", "ingest", seedPath(t)); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	r := dateline(t, data, "", "digest")
	if r.code != 0 || !strings.Contains(r.stdout, "Digest: 1 new article since") || !strings.Contains(r.stdout, "Other reporting") ||
		!strings.Contains(r.stdout, "Putin to host Syria") {
		t.Fatalf("digest: code %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = dateline(t, data, "", "digest", "--json", "--since", "1h", "--guild", "123")
	var d struct {
		Scope    string `json:"scope"`
		Articles int    `json:"articles"`
		Groups   []struct {
			Topic   string `json:"topic"`
			Stories []struct {
				Article struct{ ID, Title string } `json:"article"`
				Quote   *struct {
					Date  string `json:"date"`
					Quote string `json:"quote"`
				} `json:"quote"`
			} `json:"stories"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil || r.code != 0 {
		t.Fatalf("digest --json: %v, code %d\n%s\n%s", err, r.code, r.stdout, r.stderr)
	}
	if d.Scope != "guild:123" || d.Articles != 1 || len(d.Groups) != 1 || d.Groups[0].Stories[0].Quote == nil {
		t.Fatalf("digest JSON %+v", d)
	}
	for _, bad := range [][]string{{"digest", "--since", "soon"}, {"digest", "extra"}} {
		if r := dateline(t, data, "", bad...); r.code != 2 {
			t.Errorf("%v: code %d, %s", bad, r.code, r.stderr)
		}
	}
}
