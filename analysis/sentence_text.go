package analysis

import (
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/english"
)

// Small helpers over UTF-8 text for the passage cutter and the attribution
// rules; the sentence rules themselves are english.Sentences. They work on
// byte offsets and never return an offset inside a multi-byte rune.

// trimSpan shrinks [start, end) to exclude surrounding white space.
func trimSpan(text string, start, end int) corpus.Span {
	start = english.SkipSpace(text[:end], start)
	return corpus.Span{Start: start, End: english.TrimSpaceEnd(text, start, end)}
}

// runeStartBefore returns the largest rune start ≤ i in text.
func runeStartBefore(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i > 0 && !utf8RuneStart(text, i) {
		i--
	}
	return i
}

func utf8RuneStart(text string, i int) bool {
	return i < len(text) && (text[i] < 0x80 || text[i] >= 0xC0)
}

// isDigits says whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
