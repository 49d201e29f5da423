// Package safetext makes outside text safe to show on a screen, in Discord
// or in a terminal: article text is written by strangers, and characters a
// reader cannot see can still change what they read. Bidirectional
// overrides and isolates (U+202A–U+202E, U+2066–U+2069) and direction marks
// reorder what follows them, so a quote can end with a forged credit line
// shown backwards; zero-width characters (U+200B, U+2060, U+FEFF, …) hide
// inside words and links; control characters move a terminal's cursor or
// change its colours. Show strips them all; the stored text (and the JSON
// output, which is data) keeps every byte.
package safetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Show returns s without the characters that change how the text around
// them is displayed: bidi controls, zero-width and invisible characters,
// and control characters other than newline and tab. Invalid UTF-8 becomes
// U+FFFD. Zero-width joiners and non-joiners stay: emoji and Persian or
// Indic words need them, and they move nothing.
func Show(s string) string {
	if isPlain(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if Hidden(r) {
			return -1
		}
		return r
	}, s)
}

// Hidden says whether Show drops r.
func Hidden(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case r >= 0x202A && r <= 0x202E, // LRE RLE PDF LRO RLO
		r >= 0x2066 && r <= 0x2069,   // LRI RLI FSI PDI
		r == 0x200E || r == 0x200F,   // LRM RLM
		r == 0x061C,                  // ARABIC LETTER MARK
		r == 0x200B,                  // ZERO WIDTH SPACE
		r >= 0x2060 && r <= 0x2064,   // WORD JOINER, invisible operators
		r == 0xFEFF,                  // ZERO WIDTH NO-BREAK SPACE (BOM)
		r == 0x180E,                  // MONGOLIAN VOWEL SEPARATOR
		r == 0x00AD,                  // SOFT HYPHEN
		r >= 0xFFF9 && r <= 0xFFFB,   // interlinear annotation
		r >= 0xE0000 && r <= 0xE007F: // tag characters
		return true
	}
	return false
}

// isPlain is the fast path: printable ASCII, newlines and tabs only.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c < ' ' && c != '\n' && c != '\t') || c == 0x7F {
			return false
		}
	}
	return true
}
