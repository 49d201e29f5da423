package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
)

// article makes a stored-looking article from raw text: normalised as
// ingest normalises it, with its id.
func article(title, body, outlet, url string, tags []string) (corpus.Article, bool) {
	a := corpus.Article{Title: parse.NormalizeLine(title), Body: parse.NormalizeBody(body), Outlet: parse.NormalizeLine(outlet),
		URL: parse.NormalizeLine(url), Published: time.Date(2026, 1, 27, 9, 30, 0, 123000, time.UTC), Tags: tags}
	if a.Title == "" || a.Body == "" {
		return a, false
	}
	a.ID = corpus.ArticleID(a)
	return a, true
}

// readBack parses every file an export wrote.
func readBack(t *testing.T, dir string) []corpus.Article {
	t.Helper()
	var out []corpus.Article
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, it := range parse.ParseFile(path) {
			if it.Err != nil {
				t.Fatalf("%s: %v", path, it.Err)
			}
			out = append(out, it.Article)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func same(a, b corpus.Article) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Body == b.Body && a.Outlet == b.Outlet && a.Published.Equal(b.Published) &&
		corpus.CanonicalURL(a.URL) == corpus.CanonicalURL(b.URL) && slices.Equal(a.Tags, b.Tags)
}

func TestExportReadsBack(t *testing.T) {
	cases := [][4]string{
		{"Plain", "One paragraph.\n\nAnother one.", "Wire", "https://n.example/a"},
		{`Quotes "and" \ backslashes`, "# looks like a heading\n\n- and a list, **bold**", "", ""},
		{"Control", "Text with a tab\tand unicode: “quotes” – dashes", "Outlet \u2028", ""},
	}
	for _, format := range Formats {
		dir := t.TempDir()
		w, err := New(dir, format)
		if err != nil {
			t.Fatal(err)
		}
		var want []corpus.Article
		for _, c := range cases {
			a, ok := article(c[0], c[1], c[2], c[3], []string{"x", "y z"})
			if !ok {
				t.Fatalf("fixture %q", c[0])
			}
			if err := w.Write(a); err != nil {
				t.Fatal(err)
			}
			want = append(want, a)
		}
		rep, err := w.Close()
		if err != nil || rep.Articles != len(cases) {
			t.Fatalf("%s: %+v, %v", format, rep, err)
		}
		if format == "md" && rep.AsJSON != 1 {
			t.Errorf("md: %d written as .json, want the Markdown-looking one", rep.AsJSON)
		}
		got := readBack(t, dir)
		for _, a := range want {
			if !slices.ContainsFunc(got, func(b corpus.Article) bool { return same(a, b) }) {
				t.Errorf("%s: %q did not read back the same: %+v", format, a.Title, got)
			}
		}
		if _, err := New(dir, format); format == "jsonl" && err == nil {
			t.Error("a second jsonl export overwrote the first")
		}
	}
	if _, err := New(t.TempDir(), "csv"); err == nil {
		t.Error("csv accepted")
	}
}

// FuzzMarkdownExport: whatever an article's text, the Markdown export
// reads back as the same article (written as Markdown, or as .json when
// Markdown would change it).
func FuzzMarkdownExport(f *testing.F) {
	f.Add("Title", "Body text.\n\nMore.", "Outlet", "https://n.example/a?utm_source=x")
	f.Add(`"quoted" \ title`, "* item\n\n> quote\n\n```\ncode", "", "")
	f.Add("t", "+++\nx = 1\n+++", "o\u0000", "")
	f.Fuzz(func(t *testing.T, title, body, outlet, url string) {
		if !utf8.ValidString(title + body + outlet + url) {
			return
		}
		a, ok := article(title, body, outlet, url, nil)
		if !ok || len(a.Title) > 1000 || len(a.URL) > 1000 {
			return
		}
		// The article as ingest stores it.
		parsed := parse.Parse("a.json", toJSONBytes(t, a))
		if len(parsed) != 1 || parsed[0].Err != nil {
			return
		}
		a = parsed[0].Article
		dir := t.TempDir()
		w, err := New(dir, "md")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(a); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Close(); err != nil {
			t.Fatal(err)
		}
		got := readBack(t, dir)
		if len(got) != 1 || !same(a, got[0]) {
			t.Fatalf("wrote %+v\nread %+v", a, got)
		}
	})
}

func toJSONBytes(t *testing.T, a corpus.Article) []byte {
	t.Helper()
	b, err := json.Marshal(toJSON(a))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
