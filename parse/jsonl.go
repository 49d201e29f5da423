package parse

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

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
