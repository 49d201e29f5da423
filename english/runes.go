package english

import (
	"unicode"
	"unicode/utf8"
)

// Small helpers over UTF-8 text. They work on byte offsets and never
// return an offset inside a multi-byte rune.

// Class is the coarse class of a rune that sentence and word rules need.
type Class uint8

// The rune classes.
const (
	ClassOther Class = iota
	ClassUpper       // an upper-case letter, or a letter of a script without case
	ClassLower
	ClassDigit
)

// ClassOf returns the class of r.
func ClassOf(r rune) Class {
	switch {
	case r >= 'a' && r <= 'z':
		return ClassLower
	case r >= 'A' && r <= 'Z':
		return ClassUpper
	case r >= '0' && r <= '9':
		return ClassDigit
	case r < utf8.RuneSelf:
		return ClassOther
	case unicode.IsUpper(r) || unicode.IsTitle(r):
		return ClassUpper
	case unicode.IsLower(r):
		return ClassLower
	case unicode.IsDigit(r):
		return ClassDigit
	case unicode.IsLetter(r):
		// Letters without case (Arabic, CJK) start a sentence as well as
		// any capital does.
		return ClassUpper
	}
	return ClassOther
}

// IsWordRune reports whether r can be part of a word: a letter, a digit or
// a combining mark.
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// IsSpaceAt reports whether a white-space rune starts at text[i], and its width.
func IsSpaceAt(text string, i int) (bool, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f', 1
	}
	r, w := utf8.DecodeRuneInString(text[i:])
	return unicode.IsSpace(r), w
}

// SkipSpace returns the first offset at or after i that is not white space.
func SkipSpace(text string, i int) int {
	for i < len(text) {
		sp, w := IsSpaceAt(text, i)
		if !sp {
			return i
		}
		i += w
	}
	return i
}

// TrimSpaceEnd returns end moved back over white space, but not before start.
func TrimSpaceEnd(text string, start, end int) int {
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

// Quotation marks and other punctuation, as the sentence rules see them.
const (
	leftDoubleQuote  = "\u201c" // “
	rightDoubleQuote = "\u201d" // ”
	leftSingleQuote  = "\u2018" // ‘
	rightSingleQuote = "\u2019" // ’ (also the apostrophe)
	leftGuillemet    = "\u00ab" // «
	rightGuillemet   = "\u00bb" // »
	ellipsis         = "\u2026" // …
)

// CloserAt reports the width of a closing quote or bracket at text[i] (0 if
// none): the characters that stay with a sentence after its final punctuation.
func CloserAt(text string, i int) int {
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

// OpenerAt reports the width of an opening quote or bracket at text[i] (0 if none).
func OpenerAt(text string, i int) int {
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
