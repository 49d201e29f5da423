package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
