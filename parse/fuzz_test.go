package parse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/corpus"
)

// The fuzz targets check what must hold for any input: no panic; every
// string that comes out is valid UTF-8; a good item has a non-empty,
// normalised body and title; a failed item has a *ParseError.

func addFixtures(f *testing.F, ext string) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*"+ext))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func fuzzParse(t *testing.T, name string, data []byte) {
	items := Parse(name, data)
	if len(items) == 0 {
		t.Fatal("no items")
	}
	for i, it := range items {
		for _, w := range it.Warnings {
			if !utf8.ValidString(w) {
				t.Errorf("item %d: warning %q is not valid UTF-8", i, w)
			}
		}
		if it.Err != nil {
			if _, ok := it.Err.(*ParseError); !ok {
				t.Errorf("item %d: error %T is not a *ParseError", i, it.Err)
			}
			if !utf8.ValidString(it.Err.Error()) {
				t.Errorf("item %d: error %q is not valid UTF-8", i, it.Err)
			}
			continue
		}
		a := it.Article
		for _, s := range append([]string{a.Title, a.Body, a.Outlet, a.Author, a.URL, a.ID}, a.Tags...) {
			if !utf8.ValidString(s) {
				t.Errorf("item %d: %q is not valid UTF-8", i, s)
			}
		}
		if a.Body == "" || a.Title == "" || a.ID == "" || a.Published.IsZero() {
			t.Errorf("item %d: good item without body, title, id or date: %+v", i, a)
		}
		if a.Body != NormalizeBody(a.Body) || a.Title != NormalizeLine(a.Title) {
			t.Errorf("item %d: text not normalised: %q / %q", i, a.Title, a.Body)
		}
	}
}

func FuzzParseTXT(f *testing.F) {
	addFixtures(f, ".txt")
	f.Add([]byte("Title\nJan 27, 2026\n\nBody."))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "f.txt", data) })
}

func FuzzParseMarkdown(f *testing.F) {
	addFixtures(f, ".md")
	f.Add([]byte("---\ntitle: t\npublished: 2026-01-27\ntags:\n - a\n---\n# h\n\n- item\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "f.md", data) })
}

func FuzzParseJSON(f *testing.F) {
	addFixtures(f, ".json")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "f.json", data) })
}

func FuzzParseJSONL(f *testing.F) {
	addFixtures(f, ".jsonl")
	f.Add([]byte(`{"title":"t","body":"b\n\nc","published":"2026-01-27T10:00:00+01:00","tags":["x"]}` + "\n\n{}"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "f.jsonl", data) })
}

// FuzzParseHTML has a deliberately small seed corpus: readability is slow
// per input, and the HTML parser itself is fuzzed upstream.
func FuzzParseHTML(f *testing.F) {
	f.Add([]byte(`<html><head><title>t</title><meta property="article:published_time" content="2026-01-27"></head><body><p>a</p><p>b<br>c</p></body></html>`))
	f.Add([]byte(`<meta charset="windows-1252"><link rel=canonical href="http://x.example/a/"><meta property="og:title" content="t"><time pubdate datetime="Jan 27, 2026"></time><article><p>caf` + "\xe9" + `</p></article>`))
	addFixtures(f, ".html")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "f.html", data) })
}

// FuzzHTMLMetadata drives the metadata path (meta tags, JSON-LD, canonical
// link) of a fetched page: besides what every parse must hold, a stored URL
// carries no tracking parameters and names the same page as its canonical
// form.
func FuzzHTMLMetadata(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		f.Add(readFile(f, p), "https://news.example/story?utm_source=x")
	}
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"h","datePublished":"2026-01-27","author":[{"name":"a"}],"url":"/x?utm_source=y"}]}</script><p>body</p>`), "https://n.example/p?fbclid=1")
	f.Add([]byte(`<script type="application/ld+json">[[[[[[[[[[{"@type":"Article"}]]]]]]]]]]</script>`), "")
	f.Fuzz(func(t *testing.T, data []byte, pageURL string) {
		it := ParseHTML("fetched", data, pageURL)
		if it.Err != nil {
			return
		}
		u := it.Article.URL
		if !utf8.ValidString(u) {
			t.Fatalf("URL %q is not valid UTF-8", u)
		}
		if u != "" && corpus.StripTracking(u) != u {
			t.Fatalf("stored URL %q still has tracking parameters or a fragment", u)
		}
		if it.Article.ID != corpus.ArticleID(it.Article) {
			t.Fatalf("id %q is not the article's", it.Article.ID)
		}
	})
}

func FuzzNormalize(f *testing.F) {
	f.Add("one\r\ntwo\n\n\u00a0\nthree\x00\u2029four \xff")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		body := NormalizeBody(s)
		line := NormalizeLine(s)
		html := normalize(s, lineParagraphs)
		for _, out := range []string{body, line, html} {
			if !utf8.ValidString(out) {
				t.Fatalf("%q is not valid UTF-8", out)
			}
			if out != strings.TrimSpace(out) {
				t.Fatalf("%q is not trimmed", out)
			}
			if strings.Contains(out, "\n\n\n") || strings.Contains(out, "  ") || strings.ContainsAny(out, "\r\t\x00\u00a0") {
				t.Fatalf("%q is not tidy", out)
			}
		}
		if strings.Contains(line, "\n") {
			t.Fatalf("line %q has a line break", line)
		}
		if NormalizeBody(body) != body || NormalizeLine(line) != line || normalize(html, lineParagraphs) != html {
			t.Fatalf("normalisation is not idempotent on %q", s)
		}
		if corpus.BodyHash(body) != corpus.BodyHash(s) && utf8.ValidString(s) && !strings.ContainsFunc(s, isDropped) {
			t.Fatalf("BodyHash differs between %q and its normalised form", s)
		}
	})
}

func FuzzParsePublished(f *testing.F) {
	for _, s := range []string{"JAN 27, 2026", "27 January 2026", "2026-01-27", "2026-01-27T09:30:00+03:00", "Tue, Sept. 3rd 2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParsePublished(s)
		if err != nil {
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("error %q is not valid UTF-8", err)
			}
			return
		}
		if d.Year() < 1000 || d.Year() > 9999 || d.Location().String() != "UTC" {
			t.Fatalf("ParsePublished(%q) = %v", s, d)
		}
	})
}
