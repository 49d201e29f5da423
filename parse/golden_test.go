package parse

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the parsers' output")

// goldenItem is an Item as the golden files record it.
type goldenItem struct {
	Line      int      `json:"line,omitempty"`
	Error     string   `json:"error,omitempty"`
	Warnings  []string `json:"warnings,omitempty"`
	ID        string   `json:"id,omitempty"`
	Title     string   `json:"title,omitempty"`
	Published string   `json:"published,omitempty"`
	Outlet    string   `json:"outlet,omitempty"`
	URL       string   `json:"url,omitempty"`
	Author    string   `json:"author,omitempty"`
	Tags      []string `json:"tags,omitempty"`
	Body      string   `json:"body,omitempty"`
}

func toGolden(items []Item) []goldenItem {
	out := make([]goldenItem, len(items))
	for i, it := range items {
		g := goldenItem{Line: it.Line, Warnings: it.Warnings}
		if it.Err != nil {
			g.Error = it.Err.Error()
		} else {
			a := it.Article
			g.ID, g.Title, g.Outlet, g.URL, g.Author, g.Tags, g.Body = a.ID, a.Title, a.Outlet, a.URL, a.Author, a.Tags, a.Body
			g.Published = a.Published.Format(time.RFC3339)
		}
		out[i] = g
	}
	return out
}

// goldenCases are the fixtures: every file of testdata/parse but the golden
// files, plus the seed article, which lives in the sample package.
func goldenCases(t *testing.T) map[string]string {
	t.Helper()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{"seed": "../sample/seed-article.txt"}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasSuffix(name, ".golden.json") {
			continue
		}
		c := strings.TrimSuffix(name, filepath.Ext(name))
		if _, dup := cases[c]; dup {
			t.Fatalf("two fixtures named %q: golden files would collide", c)
		}
		cases[c] = filepath.Join("testdata", name)
	}
	return cases
}

func TestParseGolden(t *testing.T) {
	for c, path := range goldenCases(t) {
		t.Run(c, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			items := Parse(filepath.Base(path), data)
			checkItems(t, items)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(toGolden(items)); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			golden := filepath.Join("testdata", c+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./parse -run TestParseGolden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: output differs from %s (go test ./parse -run TestParseGolden -update rewrites it; review the diff)\ngot:\n%s\nwant:\n%s",
					path, golden, got, want)
			}
		})
	}
}

// checkItems asserts what holds for every parser's output, whatever the
// input: at least one item; a good item has a title, a body, a date and an
// id, its text is valid UTF-8 and already normalised; a failed item's error
// is a *ParseError.
func checkItems(t *testing.T, items []Item) {
	t.Helper()
	if len(items) == 0 {
		t.Fatal("Parse returned no items: a file always yields an article or an error")
	}
	for i, it := range items {
		if it.Err != nil {
			if _, ok := it.Err.(*ParseError); !ok {
				t.Errorf("item %d: error %T is not a *ParseError", i, it.Err)
			}
			continue
		}
		a := it.Article
		if a.Title == "" || a.Body == "" || a.Published.IsZero() || a.ID == "" {
			t.Errorf("item %d: good item without title, body, published or id: %+v", i, a)
		}
		if a.Published.Location() != time.UTC {
			t.Errorf("item %d: published %v is not UTC", i, a.Published)
		}
		for _, f := range []struct{ name, got, want string }{
			{"title", a.Title, NormalizeLine(a.Title)},
			{"outlet", a.Outlet, NormalizeLine(a.Outlet)},
			{"author", a.Author, NormalizeLine(a.Author)},
			{"body", a.Body, NormalizeBody(a.Body)},
		} {
			if f.got != f.want {
				t.Errorf("item %d: %s is not normalised: %q", i, f.name, f.got)
			}
		}
	}
}
