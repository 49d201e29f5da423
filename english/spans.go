package english

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// CheckSpans reports the first way spans fail to be what every splitter
// promises: inside text, in order, without overlap, non-empty, on rune
// boundaries and trimmed of white space. The splitters' tests share it.
func CheckSpans(text string, spans []Span) error {
	prev := 0
	for i, s := range spans {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			return fmt.Errorf("span %d %v out of order or bounds (prev end %d, len %d)", i, s, prev, len(text))
		}
		if utf8.ValidString(text) && (!boundary(text, s.Start) || !boundary(text, s.End)) {
			return fmt.Errorf("span %d %v splits a rune", i, s)
		}
		if got := text[s.Start:s.End]; strings.TrimSpace(got) != got && utf8.ValidString(got) {
			return fmt.Errorf("span %d %q not trimmed", i, got)
		}
		prev = s.End
	}
	return nil
}

// boundary reports whether offset i of text starts a rune (the end counts).
func boundary(text string, i int) bool {
	return i >= len(text) || utf8.RuneStart(text[i])
}
