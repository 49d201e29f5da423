// Package parse reads article files (txt, md with YAML or TOML front matter,
// html, json, jsonl) into corpus articles: walking the inputs, decoding,
// normalising bodies and reading publication dates. It is the only importer
// of readability, x/net/html and the TOML decoder.
package parse

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dateline-bot/dateline/corpus"
)

// Item is one article read from an input file, or the error that kept it out.
type Item struct {
	Article corpus.Article
	// Line is the 1-based line (.jsonl) or element (.json array) the item
	// came from; for a failed item of another format, the line the error
	// concerns when there is one (a .txt date line); 0 otherwise.
	Line     int
	Err      error    // non-nil: this item failed; the others go on. Always a *ParseError.
	Warnings []string // e.g. "replaced 3 invalid UTF-8 bytes with U+FFFD"; they do not name the file
}

// MaxFileSize is the largest input file dateline reads, except .jsonl: a
// .jsonl file is a batch read a line at a time, and the limit applies to
// each of its lines.
const MaxFileSize = 10 << 20

// The reasons an item fails; test them with errors.Is.
var (
	ErrTooLarge         = fmt.Errorf("file is larger than the %d MiB limit", MaxFileSize>>20)
	ErrBinary           = errors.New("binary content")
	ErrUnknownFormat    = errors.New("unknown file extension")
	ErrMalformed        = errors.New("malformed")
	ErrMissingTitle     = errors.New(`missing "title"`)
	ErrMissingBody      = errors.New(`missing "body"`)
	ErrMissingPublished = errors.New(`missing "published" date`)
	ErrFieldType        = errors.New("wrong field type")
	ErrTooLong          = errors.New("field too long")
	// ErrBadDate (pubdate.go) is the reason for an unreadable date.
)

// reason is an error with its own message that still matches a sentinel
// with errors.Is: `"title" must be a string` is an ErrFieldType without
// saying "wrong field type" first.
type reason struct {
	kind error
	msg  string
}

func (r *reason) Error() string { return r.msg }
func (r *reason) Unwrap() error { return r.kind }

func because(kind error, format string, args ...any) error {
	return &reason{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// ParseError is why one item (or a whole file) could not be read. Its
// message names the file and, when there is one, the line or element:
// `a.jsonl line 7: missing "title"`. Reason is the same without the place,
// for output that shows the file and line in their own columns.
type ParseError struct {
	File string
	Line int    // 0 when the error concerns the whole file
	Unit string // "line" or "item" (the element of a .json array)
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s %s %d: %v", e.File, e.Unit, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap gives the reason, for errors.Is (ErrMissingTitle, ErrBadDate, …).
func (e *ParseError) Unwrap() error { return e.Err }

// Reason is the error message without the file and line.
func (e *ParseError) Reason() string { return e.Err.Error() }

// formats lists the file extensions Parse reads.
var formats = []string{".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"}

// Formats lists the file extensions Parse reads, lower case with the dot.
func Formats() []string { return slices.Clone(formats) }

// KnownFormat reports whether Parse reads files named like name.
func KnownFormat(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, f := range formats {
		if ext == f {
			return true
		}
	}
	return false
}

// Parse reads the articles in one file's bytes; name's extension chooses the
// format (.txt, .md, .html/.htm, .json, .jsonl). An error that concerns the
// whole file comes back as a single failed Item. Every article that parses
// has a title, a body, a publication date and its ID set; its text is
// normalised (see NormalizeBody). Source and SourceRef are left to the
// caller (ParseFile sets them).
func Parse(name string, data []byte) []Item {
	ext := strings.ToLower(filepath.Ext(name))
	if len(data) > MaxFileSize && ext != ".jsonl" {
		return failFile(name, fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(data)))
	}
	if !KnownFormat(name) {
		return failFile(name, fmt.Errorf("%w %q: dateline reads %s", ErrUnknownFormat, ext, strings.Join(formats, ", ")))
	}
	if why := binaryReason(data); why != "" {
		return failFile(name, fmt.Errorf("%w: %s", ErrBinary, why))
	}
	data = trimBOM(data)
	var items []Item
	switch ext {
	case ".txt":
		items = []Item{parseTXT(name, data)}
	case ".md", ".markdown":
		items = []Item{parseMarkdown(name, data)}
	case ".html", ".htm":
		items = []Item{parseHTML(name, data, "")}
	case ".json":
		items = parseJSON(name, data)
	case ".jsonl":
		items = parseJSONL(name, data)
	}
	for i := range items {
		if items[i].Err == nil {
			items[i].Article.ID = corpus.ArticleID(items[i].Article)
		}
	}
	return items
}

// failFile is the single failed item of a file that could not be read at all.
func failFile(name string, err error) []Item {
	return []Item{{Err: &ParseError{File: name, Err: err}}}
}

// failItem is a failed item at a line ("line") or array element ("item").
func failItem(name string, line int, unit string, err error, warnings []string) Item {
	return Item{Line: line, Err: &ParseError{File: name, Line: line, Unit: unit, Err: err}, Warnings: warnings}
}

// checkArticle makes sure a parsed article has what every article needs.
// The field names are those of the JSON format, whatever the file's format,
// so a message means the same everywhere.
func checkArticle(a corpus.Article, hasPublished bool) error {
	switch {
	case a.Title == "":
		return ErrMissingTitle
	case a.Body == "":
		return ErrMissingBody
	case !hasPublished:
		return fmt.Errorf("%w: every quote dateline shows is dated, so an article needs the date it was published (RFC 3339 or YYYY-MM-DD)", ErrMissingPublished)
	}
	for _, f := range []struct {
		name  string
		value string
		limit int
	}{
		{fieldTitle, a.Title, maxShortField},
		{fieldOutlet, a.Outlet, maxShortField},
		{fieldAuthor, a.Author, maxShortField},
		{fieldURL, a.URL, maxURL},
	} {
		if len(f.value) > f.limit {
			return because(ErrTooLong, "%q is %d bytes long; the limit is %d (is the file laid out as its format says?)", f.name, len(f.value), f.limit)
		}
	}
	if len(a.Tags) > maxTags {
		return because(ErrTooLong, "%d tags; the limit is %d", len(a.Tags), maxTags)
	}
	for _, t := range a.Tags {
		if len(t) > maxShortField {
			return because(ErrTooLong, "a tag is %d bytes long; the limit is %d", len(t), maxShortField)
		}
	}
	return nil
}

// Limits on the one-line fields: a 50 KB "title" is a layout mistake (a
// .txt file without its title line) or hostile input, not a headline.
const (
	maxShortField = 2000
	maxURL        = 8000
	maxTags       = 200
)
