package parse

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dateline-bot/dateline/corpus"
)

// ParseFile reads the articles of one file. It checks the size before
// reading, so a file over MaxFileSize is refused without being loaded (a
// .jsonl file is read a line at a time instead, each line limited), and sets
// Source = SourceFile and SourceRef = path on every article. Any failure
// (missing file, directory, unreadable, too large) is a failed Item naming
// the path. For a large .jsonl batch, ParseFileEach avoids holding every
// article at once.
func ParseFile(path string) []Item {
	var items []Item
	err := ParseFileEach(path, func(it Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil { // only a read error in the middle of a .jsonl file
		items = append(items, failFile(path, err)...)
	}
	return items
}

// ParseFileEach is ParseFile, giving the items to fn one at a time as they
// are read. It returns fn's error, which stops it, or an error reading a
// .jsonl file after some of its items were given; every other failure is a
// failed Item.
func ParseFileEach(path string, fn func(Item) error) error {
	emit := func(it Item) error {
		if it.Err == nil {
			if it.Article.ID == "" {
				it.Article.ID = corpus.ArticleID(it.Article)
			}
			it.Article.Source = corpus.SourceFile
			it.Article.SourceRef = path
		}
		return fn(it)
	}
	fail := func(err error) error { return emit(failFile(path, err)[0]) }
	f, err := os.Open(path)
	if err != nil {
		return fail(fmt.Errorf("cannot open: %w", unwrapPathError(err)))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fail(fmt.Errorf("cannot stat: %w", unwrapPathError(err)))
	}
	isJSONL := strings.EqualFold(filepath.Ext(path), ".jsonl")
	switch {
	case info.IsDir():
		if _, err := f.ReadDir(1); err != nil && err != io.EOF {
			return fail(fmt.Errorf("cannot read directory: %w", unwrapPathError(err)))
		}
		return fail(fmt.Errorf("is a directory"))
	case !KnownFormat(path):
		return fail(fmt.Errorf("%w %q: dateline reads %s", ErrUnknownFormat,
			strings.ToLower(filepath.Ext(path)), strings.Join(formats, ", ")))
	case !info.Mode().IsRegular():
		return fail(fmt.Errorf("not a regular file (%s)", info.Mode().Type()))
	case info.Size() > MaxFileSize && !isJSONL:
		return fail(fmt.Errorf("%w (%d bytes)", ErrTooLarge, info.Size()))
	}
	if isJSONL {
		br := bufio.NewReaderSize(f, 64<<10)
		head, err := br.Peek(sniffLen)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return fail(fmt.Errorf("cannot read: %w", unwrapPathError(err)))
		}
		if why := binaryReason(head); why != "" {
			return fail(fmt.Errorf("%w: %s", ErrBinary, why))
		}
		if hasPrefix(head, 0xEF, 0xBB, 0xBF) {
			br.Discard(3)
		}
		return scanJSONL(path, br, emit)
	}
	// Read one byte past the limit: a file that grew since Stat is still refused.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return fail(fmt.Errorf("cannot read: %w", unwrapPathError(err)))
	}
	for _, it := range Parse(path, data) {
		if err := emit(it); err != nil {
			return err
		}
	}
	return nil
}

// unwrapPathError drops the *fs.PathError wrapper, whose message repeats
// the path the ParseError already names.
func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
