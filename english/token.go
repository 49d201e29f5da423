package english

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind separates words, digit runs and single punctuation runes.
type Kind uint8

// The token kinds.
const (
	Word   Kind = iota // a run of letters
	Number             // a run of ASCII digits
	Punct              // one other rune (".", ",", "-", "'", "$", ...)
)

// Token is one piece of a text. Rules that match over tokens, never over
// raw bytes, are linear in the text and cannot backtrack.
type Token struct {
	Start, End int    // byte offsets into the text
	Kind       Kind   // word, number or punctuation
	Text       string // the bytes as written
	// Lower is the lower-cased text (the same string when already lower
	// case); for punctuation, the ASCII form of typographic variants
	// (curly apostrophes are "'", dashes are "-").
	Lower    string
	Num      int  // value of a digit run (capped at MaxNum), -1 otherwise
	Space    bool // white space (or the start of the text) precedes the token
	Newlines int  // newlines in the white space before the token
	Capital  bool // a word that starts with an upper-case letter
}

// MaxNum caps digit-run values so long runs cannot overflow.
const MaxNum = 1 << 30

// Tokenize cuts text into tokens: runs of letters, runs of ASCII digits,
// and every other rune on its own; white space separates tokens and is
// recorded on the token after it. Invalid UTF-8 bytes become one-byte
// punctuation tokens, so every token boundary is also a boundary of the
// original bytes and never splits a valid rune.
func Tokenize(text string) []Token {
	toks := make([]Token, 0, len(text)/4)
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
				if n < MaxNum {
					n = n*10 + int(text[j]-'0')
				}
				j++
			}
			n = min(n, MaxNum)
			toks = append(toks, Token{Start: i, End: j, Kind: Number, Text: text[i:j], Lower: text[i:j], Num: n, Space: space, Newlines: newlines})
			i = j
		case isASCIILetter(c) || c >= utf8.RuneSelf && startsLetter(text[i:]):
			j := letterRunEnd(text, i)
			w := text[i:j]
			first, _ := utf8.DecodeRuneInString(w)
			toks = append(toks, Token{Start: i, End: j, Kind: Word, Text: w, Lower: Lower(w), Num: -1, Space: space, Newlines: newlines, Capital: unicode.IsUpper(first)})
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
			toks = append(toks, Token{Start: i, End: i + size, Kind: Punct, Text: p, Lower: normPunct(p), Num: -1, Space: space, Newlines: newlines})
			i += size
		}
		space, newlines = false, 0
	}
	return toks
}

// letterRunEnd returns the end of the run of letters starting at i.
func letterRunEnd(text string, i int) int {
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
	return j
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func startsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r != utf8.RuneError && unicode.IsLetter(r)
}

// Lower lower-cases a word, allocating only when it has upper case.
func Lower(w string) string {
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
