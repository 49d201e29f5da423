package parse

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// parseJSON reads a .json file: one article object, or an array of them.
// Each element of an array is its own item (Line = 1-based element index),
// so one bad element fails alone.
func parseJSON(name string, data []byte) []Item {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return failFile(name, fmt.Errorf("%w JSON: the file is empty; expected an article object or an array of them", ErrMalformed))
	}
	if trimmed[0] != '[' {
		return []Item{parseJSONObject(name, 0, "", data)}
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(trimmed, &elems); err != nil {
		return failFile(name, malformedJSON(trimmed, err, true))
	}
	if len(elems) == 0 {
		return failFile(name, fmt.Errorf("%w JSON: the array holds no articles", ErrMalformed))
	}
	items := make([]Item, len(elems))
	for i, e := range elems {
		items[i] = parseJSONObject(name, i+1, "item", e)
	}
	return items
}

// parseJSONL reads a .jsonl file held in memory (see scanJSONL).
func parseJSONL(name string, data []byte) []Item {
	var items []Item
	err := scanJSONL(name, bytes.NewReader(data), func(it Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil { // a bytes.Reader does not fail, and the callback neither
		return failFile(name, err)
	}
	return items
}

// scanJSONL reads a .jsonl stream: one article object per line (Line = the
// line number), each line at most MaxFileSize bytes. Blank lines are
// skipped; a bad or overlong line fails alone. A .jsonl file is a batch, so
// its total size is not limited: it is read a line at a time. fn receives
// every item in order; the error it returns stops the scan. A file with no
// object at all is one failed item.
func scanJSONL(name string, r io.Reader, fn func(Item) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	lineNo, objects := 0, 0
	for {
		line, tooLong, err := readLine(br, MaxFileSize)
		if len(line) == 0 && !tooLong && err == io.EOF {
			break
		}
		lineNo++
		switch {
		case tooLong:
			objects++
			if ferr := fn(failItem(name, lineNo, "line", fmt.Errorf("%w: the line is longer than %d MiB", ErrTooLarge, MaxFileSize>>20), nil)); ferr != nil {
				return ferr
			}
		case len(bytes.TrimSpace(line)) > 0:
			objects++
			if ferr := fn(parseJSONObject(name, lineNo, "line", line)); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
	}
	if objects == 0 {
		return fn(failFile(name, fmt.Errorf("%w JSON Lines: the file holds no article objects", ErrMalformed))[0])
	}
	return nil
}

// readLine reads one line without its "\n", keeping at most limit bytes:
// tooLong says the rest of an overlong line was skipped. err is io.EOF
// after the last line.
func readLine(br *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > limit+1 { // +1: the "\n" itself
			tooLong = true
		}
		if !tooLong {
			line = append(line, chunk...)
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err != nil:
			if tooLong {
				line = nil
			}
			return line, tooLong, err
		}
		if tooLong {
			return nil, true, nil
		}
		return line[:len(line)-1], false, nil
	}
}

// parseJSONObject reads one article object. Invalid UTF-8 is replaced and
// counted before decoding (encoding/json would replace it silently).
func parseJSONObject(name string, line int, unit string, raw []byte) Item {
	text, warnings := validText(raw)
	fail := func(err error) Item { return failItem(name, line, unit, err, warnings) }
	trimmed := bytes.TrimSpace([]byte(text))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return fail(fmt.Errorf("%w JSON: expected an article object {\"title\": …, \"body\": …, \"published\": …}", ErrMalformed))
	}
	var fields fieldSet
	if err := json.Unmarshal(trimmed, &fields); err != nil {
		// A .jsonl item is one line: its column is the useful position.
		return fail(malformedJSON(trimmed, err, unit != "line"))
	}
	a, more, hasPublished, err := articleFromFields(fields, true)
	warnings = append(warnings, more...)
	if err != nil {
		return fail(err)
	}
	if err := checkArticle(a, hasPublished); err != nil {
		return fail(err)
	}
	return Item{Article: a, Line: line, Warnings: warnings}
}

// malformedJSON says where the JSON went wrong, by line (when withLine)
// and column, when the decoder knows the offset.
func malformedJSON(data []byte, err error, withLine bool) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		line, col := position(data, syntax.Offset)
		if !withLine {
			return fmt.Errorf("%w JSON at column %d: %v", ErrMalformed, col, syntax)
		}
		hint := ""
		if strings.Contains(syntax.Error(), "after top-level value") {
			hint = " (a .json file holds one object or one array; for one article per line, name the file .jsonl)"
		}
		return fmt.Errorf("%w JSON at line %d, column %d: %v%s", ErrMalformed, line, col, syntax, hint)
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Errorf("%w JSON: expected an article object or an array of them, found %s", ErrMalformed, typeErr.Value)
	}
	return fmt.Errorf("%w JSON: %v", ErrMalformed, err)
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, max(col, 1)
}
