package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// archiveFixture writes a small corpus: the seed, articles with and
// without URLs, one whose body Markdown would change, and tags.
func archiveFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	lines := []string{
		articleJSON("Port reopens", "The port of Latakia reopened on 23 January after a storm, officials said.\n\nShips returned on Friday.", "https://coast.example/port?utm_source=x", 3),
		articleJSON("No URL here", "Talks resumed in Amman on 2 February, two diplomats said.", "", 4),
		articleJSON("Markdown-looking", "# Not a heading\n\n- not a list, said **the** editor on 5 January.", "", 5),
	}
	writeFile(t, filepath.Join(dir, "batch.jsonl"), strings.Join(lines, "\n")+"\n")
	writeFile(t, filepath.Join(dir, "tagged.json"), `{"title": "Tagged", "body": "Elections were held on 1 March 2026.", "published": "2026-03-02T08:15:30.5Z", "tags": ["vote", "syria"], "author": "A. Writer", "outlet": "Desk"}`)
	seed, err := os.ReadFile(seedPath(t))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "seed.txt"), string(seed))
	return dir
}

type exportedArticle struct {
	ID, Title, Outlet, URL, Author, Published, Body, Scope string
	Tags                                                   []string
}

// articlesOf reads every article of the archive through `article --json`,
// found by `search --json` for the words the fixture's articles share.
func whenJSON(t *testing.T, data string, extra ...string) string {
	t.Helper()
	var out []string
	for _, q := range []string{"port", "talks", "editor", "elections", "russian", "qamishli"} {
		r := dateline(t, data, "", append([]string{"when", "--json", "--limit", "50", q}, extra...)...)
		if r.code != 0 {
			t.Fatalf("when %s: %s", q, r.stderr)
		}
		out = append(out, r.stdout)
	}
	return strings.Join(out, "")
}

func idsIn(t *testing.T, whenOut string) []string {
	t.Helper()
	var ids []string
	dec := json.NewDecoder(strings.NewReader(whenOut))
	for dec.More() {
		var tl struct {
			Entries []struct {
				Article struct {
					ID    string `json:"id"`
					Scope string `json:"scope"`
				} `json:"article"`
			} `json:"entries"`
		}
		if err := dec.Decode(&tl); err != nil {
			t.Fatal(err)
		}
		for _, e := range tl.Entries {
			ids = append(ids, e.Article.ID+" "+e.Article.Scope)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func storedArticle(t *testing.T, data, id string, extra ...string) exportedArticle {
	t.Helper()
	r := dateline(t, data, "", append([]string{"article", "--json", id}, extra...)...)
	if r.code != 0 {
		t.Fatalf("article %s: %s", id, r.stderr)
	}
	var a exportedArticle
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestExportIngestRoundTrip: exporting an archive and ingesting the export
// into an empty data directory gives the same articles, ids and answers,
// for both formats, for the shared archive and for a server's.
func TestExportIngestRoundTrip(t *testing.T) {
	src := archiveFixture(t)
	for _, format := range []string{"jsonl", "md"} {
		for _, guild := range []string{"", "123456789"} {
			t.Run(format+"/"+guild, func(t *testing.T) {
				var scoped []string
				if guild != "" {
					scoped = []string{"--guild", guild}
				}
				data := newDataDir(t)
				if r := dateline(t, data, "", append([]string{"ingest", src}, scoped...)...); r.code != 0 || !strings.Contains(r.stdout, "added 5,") {
					t.Fatalf("ingest: %s %s", r.stdout, r.stderr)
				}
				before := whenJSON(t, data, scoped...)
				out := filepath.Join(t.TempDir(), "export")
				r := dateline(t, data, "", append([]string{"export", "--format", format, out}, scoped...)...)
				if r.code != 0 || !strings.HasPrefix(r.stdout, "exported 5 articles") {
					t.Fatalf("export: %q %s", r.stdout, r.stderr)
				}
				if format == "md" && !strings.Contains(r.stdout, "(1 as .json") {
					t.Errorf("the Markdown-looking body was not kept exact: %q", r.stdout)
				}
				again := newDataDir(t)
				if r := dateline(t, again, "", append([]string{"ingest", out}, scoped...)...); r.code != 0 || !strings.Contains(r.stdout, "added 5, duplicates 0, failed 0") {
					t.Fatalf("ingest of the export: %s %s", r.stdout, r.stderr)
				}
				after := whenJSON(t, again, scoped...)
				if before != after {
					t.Errorf("answers differ after the round trip:\nbefore %s\nafter  %s", before, after)
				}
				ids := idsIn(t, before)
				if len(ids) < 4 {
					t.Fatalf("the answers name only %v", ids)
				}
				for _, idScope := range ids {
					id, scope, _ := strings.Cut(idScope, " ")
					if want := map[bool]string{true: "shared", false: "guild:" + guild}[guild == ""]; scope != want {
						t.Errorf("article %s has scope %q, want %q", id, scope, want)
					}
					if a, b := storedArticle(t, data, id, scoped...), storedArticle(t, again, id, scoped...); fmt.Sprint(a) != fmt.Sprint(b) {
						t.Errorf("article %s differs:\nbefore %+v\nafter  %+v", id, a, b)
					}
				}
			})
		}
	}
}

// TestExportOnlyTheArchiveAsked: a server's export holds its own articles,
// not the shared archive's nor another server's.
func TestExportOnlyTheArchiveAsked(t *testing.T) {
	data := newDataDir(t)
	src := archiveFixture(t)
	dateline(t, data, "", "ingest", filepath.Join(src, "seed.txt"))
	dateline(t, data, "", "ingest", "--guild", "1", filepath.Join(src, "tagged.json"))
	dateline(t, data, "", "ingest", "--guild", "2", filepath.Join(src, "batch.jsonl"))
	for guild, want := range map[string]int{"": 1, "1": 1, "2": 3} {
		out := filepath.Join(t.TempDir(), "x")
		args := []string{"export", "--format", "jsonl", out}
		if guild != "" {
			args = append(args, "--guild", guild)
		}
		r := dateline(t, data, "", args...)
		if r.code != 0 || r.stdout != fmt.Sprintf("exported %d articles to %s\n", want, out) {
			t.Errorf("guild %q: %q %s", guild, r.stdout, r.stderr)
		}
	}
}
