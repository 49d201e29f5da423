package analysis

import (
	"unicode"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/corpus"
)

// Small helpers over UTF-8 text shared by the sentence splitter, the passage
// cutter and the attribution tokenizer. They work on byte offsets and never
// return an offset inside a multi-byte rune.

// isSpaceAt reports whether a white-space rune starts at i, and its width.
func isSpaceAt(text string, i int) (bool, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f', 1
	}
	r, w := utf8.DecodeRuneInString(text[i:])
	return unicode.IsSpace(r), w
}

// skipSpace returns the first offset at or after i that is not white space.
func skipSpace(text string, i int) int {
	for i < len(text) {
		sp, w := isSpaceAt(text, i)
		if !sp {
			return i
		}
		i += w
	}
	return i
}

// trimSpaceEnd returns end moved back over white space, but not before start.
func trimSpaceEnd(text string, start, end int) int {
	for end > start {
		c := text[end-1]
		if c < utf8.RuneSelf {
			if c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\v' && c != '\f' {
				return end
			}
			end--
			continue
		}
		r, w := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			return end
		}
		end -= w
	}
	return end
}

// trimSpan shrinks [start, end) to exclude surrounding white space.
func trimSpan(text string, start, end int) corpus.Span {
	start = skipSpace(text[:end], start)
	return corpus.Span{Start: start, End: trimSpaceEnd(text, start, end)}
}

// runeClass is the coarse class of a rune that the sentence rules need.
type runeClass uint8

const (
	classOther runeClass = iota
	classUpper
	classLower
	classDigit
)

func classOf(r rune) runeClass {
	switch {
	case r >= 'a' && r <= 'z':
		return classLower
	case r >= 'A' && r <= 'Z':
		return classUpper
	case r >= '0' && r <= '9':
		return classDigit
	case r < utf8.RuneSelf:
		return classOther
	case unicode.IsUpper(r) || unicode.IsTitle(r):
		return classUpper
	case unicode.IsLower(r):
		return classLower
	case unicode.IsDigit(r):
		return classDigit
	case unicode.IsLetter(r):
		// Letters without case (Arabic, CJK) start a sentence as well as
		// any capital does.
		return classUpper
	}
	return classOther
}

// isWordRune reports whether r can be part of a word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Quotation marks and brackets, as the sentence splitter sees them.
const (
	leftDoubleQuote  = "\u201c" // “
	rightDoubleQuote = "\u201d" // ”
	leftSingleQuote  = "\u2018" // ‘
	rightSingleQuote = "\u2019" // ’ (also the apostrophe)
	leftGuillemet    = "\u00ab" // «
	rightGuillemet   = "\u00bb" // »
	ellipsis         = "\u2026" // …
	emDash           = "\u2014" // —
	enDash           = "\u2013" // –
)

// closerAt reports the width of a closing quote or bracket at i (0 if none):
// the characters that stay with a sentence after its final punctuation.
func closerAt(text string, i int) int {
	switch text[i] {
	case '"', '\'', ')', ']', '}':
		return 1
	}
	for _, s := range [...]string{rightDoubleQuote, rightSingleQuote, rightGuillemet} {
		if hasPrefixAt(text, i, s) {
			return len(s)
		}
	}
	return 0
}

// openerAt reports the width of an opening quote or bracket at i (0 if none).
func openerAt(text string, i int) int {
	switch text[i] {
	case '"', '\'', '(', '[', '{':
		return 1
	}
	for _, s := range [...]string{leftDoubleQuote, leftSingleQuote, leftGuillemet, "\u00bf", "\u00a1"} {
		if hasPrefixAt(text, i, s) {
			return len(s)
		}
	}
	return 0
}

func hasPrefixAt(text string, i int, s string) bool {
	return len(text)-i >= len(s) && text[i:i+len(s)] == s
}

// runeStartBefore returns the largest rune start ≤ i in text.
func runeStartBefore(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}
