// Package export writes an archive back out in formats `dateline ingest`
// reads, so that ingesting an export into an empty data directory gives the
// same articles, the same ids and the same answers: .jsonl (one file, exact)
// or Markdown with TOML front matter (one file an article, for people).
package export

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
)

// Formats are the formats Writer writes.
var Formats = []string{"jsonl", "md"}

// JSONLName is the file a jsonl export writes in its directory.
const JSONLName = "articles.jsonl"

// Report says what an export wrote.
type Report struct {
	Articles int `json:"articles"`
	// AsJSON counts Markdown exports written as .json instead, because the
	// body holds text that Markdown would change (a "# " line, "**").
	AsJSON int `json:"as_json"`
}

// Writer writes articles into a directory.
type Writer struct {
	dir    string
	format string
	jsonl  *os.File
	buf    *bufio.Writer
	report Report
}

// New starts an export in dir (created if needed; existing export files
// are not overwritten).
func New(dir, format string) (*Writer, error) {
	if format != "jsonl" && format != "md" {
		return nil, fmt.Errorf("format %q: want jsonl or md", format)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export directory: %w", err)
	}
	w := &Writer{dir: dir, format: format}
	if format == "jsonl" {
		f, err := os.OpenFile(filepath.Join(dir, JSONLName), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		w.jsonl, w.buf = f, bufio.NewWriter(f)
	}
	return w, nil
}

// articleJSON is the article object of the .json/.jsonl formats.
type articleJSON struct {
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	Published string   `json:"published"`
	Outlet    string   `json:"outlet,omitempty"`
	URL       string   `json:"url,omitempty"`
	Author    string   `json:"author,omitempty"`
	Tags      []string `json:"tags,omitempty"`
}

func toJSON(a corpus.Article) articleJSON {
	return articleJSON{Title: a.Title, Body: a.Body, Published: a.Published.UTC().Format(time.RFC3339Nano),
		Outlet: a.Outlet, URL: a.URL, Author: a.Author, Tags: a.Tags}
}

// Write adds one article.
func (w *Writer) Write(a corpus.Article) error {
	w.report.Articles++
	if w.format == "jsonl" {
		b, err := json.Marshal(toJSON(a))
		if err != nil {
			return fmt.Errorf("export %s: %w", a.ID, err)
		}
		if _, err := w.buf.Write(append(b, '\n')); err != nil {
			return fmt.Errorf("export %s: %w", a.ID, err)
		}
		return nil
	}
	md := Markdown(a)
	name := a.ID + ".md"
	if !roundTrips(name, md, a) {
		// Markdown would change this body: the .json format keeps it exact.
		b, err := json.MarshalIndent(toJSON(a), "", "  ")
		if err != nil {
			return fmt.Errorf("export %s: %w", a.ID, err)
		}
		md, name = append(b, '\n'), a.ID+".json"
		w.report.AsJSON++
	}
	return writeNew(filepath.Join(w.dir, name), md)
}

// Close finishes the export.
func (w *Writer) Close() (Report, error) {
	if w.jsonl == nil {
		return w.report, nil
	}
	err := errors.Join(w.buf.Flush(), w.jsonl.Close())
	if err != nil {
		return w.report, fmt.Errorf("export: %w", err)
	}
	return w.report, nil
}

func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return nil
}

// Markdown is an article as a Markdown file with TOML front matter.
func Markdown(a corpus.Article) []byte {
	var b strings.Builder
	b.WriteString("+++\n")
	field := func(key, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%s = %s\n", key, tomlString(value))
		}
	}
	field("title", a.Title)
	fmt.Fprintf(&b, "published = %s\n", a.Published.UTC().Format(time.RFC3339Nano))
	field("outlet", a.Outlet)
	field("url", a.URL)
	field("author", a.Author)
	if len(a.Tags) > 0 {
		tags := make([]string, len(a.Tags))
		for i, t := range a.Tags {
			tags[i] = tomlString(t)
		}
		fmt.Fprintf(&b, "tags = [%s]\n", strings.Join(tags, ", "))
	}
	b.WriteString("+++\n\n")
	b.WriteString(a.Body)
	b.WriteString("\n")
	return []byte(b.String())
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || unicode.Is(unicode.Cs, r):
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// roundTrips says whether ingest would read the Markdown back as a.
func roundTrips(name string, md []byte, a corpus.Article) bool {
	items := parse.Parse(name, md)
	if len(items) != 1 || items[0].Err != nil {
		return false
	}
	got := items[0].Article
	return got.Title == a.Title && got.Body == a.Body && got.Published.Equal(a.Published) &&
		got.Outlet == a.Outlet && corpus.CanonicalURL(got.URL) == corpus.CanonicalURL(a.URL) && got.Author == a.Author &&
		strings.Join(got.Tags, "\x00") == strings.Join(a.Tags, "\x00")
}
