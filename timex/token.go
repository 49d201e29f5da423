package timex

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind separates words, digit runs and single punctuation runes.
type tokenKind uint8

const (
	tokWord  tokenKind = iota // a run of letters
	tokNum                    // a run of ASCII digits
	tokPunct                  // one other rune (".", ",", "-", "'", "$", ...)
)

// token is one piece of the text. Rules match over tokens, never over raw
// bytes, so a scan is linear in the text and cannot backtrack.
type token struct {
	start, end int       // byte offsets into the text
	kind       tokenKind // word, number or punctuation
	text       string    // the bytes as written
	lower      string    // lower-cased text (same string when already lower case)
	num        int       // value of a digit run (capped), -1 otherwise
	space      bool      // whitespace (or the start of the text) precedes the token
	newlines   int       // newlines in the whitespace before the token
	capital    bool      // a word that starts with an upper-case letter
}

// maxNum caps digit-run values so long runs cannot overflow.
const maxNum = 1 << 30

// tokenize cuts text into tokens. Invalid UTF-8 bytes become one-byte
// punctuation tokens, so every token boundary is also a boundary of the
// original bytes and never splits a valid rune.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/4)
	space, newlines := true, 0
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			space = true
			i++
			continue
		case c == '\n':
			space = true
			newlines++
			i++
			continue
		case c >= '0' && c <= '9':
			j, n := i, 0
			for j < len(text) && text[j] >= '0' && text[j] <= '9' {
				if n < maxNum {
					n = n*10 + int(text[j]-'0')
				}
				j++
			}
			if n > maxNum {
				n = maxNum
			}
			toks = append(toks, token{start: i, end: j, kind: tokNum, text: text[i:j], lower: text[i:j], num: n, space: space, newlines: newlines})
			i = j
		case isASCIILetter(c) || c >= utf8.RuneSelf && startsLetter(text[i:]):
			j := i
			for j < len(text) {
				if isASCIILetter(text[j]) {
					j++
					continue
				}
				if text[j] < utf8.RuneSelf {
					break
				}
				r, size := utf8.DecodeRuneInString(text[j:])
				if r == utf8.RuneError || !unicode.IsLetter(r) {
					break
				}
				j += size
			}
			w := text[i:j]
			first, _ := utf8.DecodeRuneInString(w)
			toks = append(toks, token{start: i, end: j, kind: tokWord, text: w, lower: lowerWord(w), num: -1, space: space, newlines: newlines, capital: unicode.IsUpper(first)})
			i = j
		default:
			size := 1
			if c >= utf8.RuneSelf {
				r, n := utf8.DecodeRuneInString(text[i:])
				if r != utf8.RuneError {
					size = n
				}
				if r != utf8.RuneError && unicode.IsSpace(r) {
					space = true
					i += size
					continue
				}
			}
			p := text[i : i+size]
			toks = append(toks, token{start: i, end: i + size, kind: tokPunct, text: p, lower: normPunct(p), num: -1, space: space, newlines: newlines})
			i += size
		}
		space, newlines = false, 0
	}
	return toks
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func startsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r != utf8.RuneError && unicode.IsLetter(r)
}

// lowerWord lower-cases a word, allocating only when it has upper case.
func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}

// normPunct maps typographic variants to their ASCII form so rules need
// to know only one: curly apostrophes and the dashes.
func normPunct(p string) string {
	switch p {
	case "\u2019", "\u2018", "`":
		return "'"
	case "\u2010", "\u2011", "\u2012", "\u2013", "\u2014":
		return "-"
	}
	return p
}
