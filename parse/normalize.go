package parse

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text normalisation. Every string an article carries goes through here, so
// the rest of dateline can rely on it:
//
//   - valid UTF-8 (invalid bytes become U+FFFD and are counted, see toValidUTF8);
//   - CRLF and lone CR are line ends; U+2028 is a line end, U+2029 a paragraph end;
//   - control characters (C0 but tab and line ends, DEL, C1) and U+FEFF are dropped;
//   - runs of white space inside a line (spaces, tabs, NBSP and the other
//     Unicode spaces) become one ASCII space;
//   - in a body, the lines of a paragraph are joined with one space (sources
//     wrap lines at ~70 columns; a wrapped line is not a new paragraph) and
//     paragraphs are separated by exactly "\n\n";
//   - leading and trailing white space is trimmed.
//
// A line that holds only white space (the seed article has lines with a lone
// NBSP) is blank.

// layout says how line ends are read.
type layout int

const (
	// oneLine: every line end is a space (titles, outlets, authors).
	oneLine layout = iota
	// blankLineParagraphs: a blank line ends a paragraph; a single line end
	// inside a paragraph is a space (.txt, .md, .json bodies).
	blankLineParagraphs
	// lineParagraphs: every line end ends a paragraph (text rendered from
	// HTML, where lines come from block elements, never from wrapping).
	lineParagraphs
)

// NormalizeBody tidies an article body: valid UTF-8, control characters
// dropped, white space collapsed inside paragraphs, the lines of a paragraph
// joined with a space, paragraphs separated by exactly "\n\n", no leading or
// trailing white space. Invalid UTF-8 becomes U+FFFD.
func NormalizeBody(s string) string { return normalize(s, blankLineParagraphs) }

// NormalizePlainBody is NormalizeBody for plain-text sources (.txt, and
// the bodies of .json and .jsonl articles), whose blank lines may come
// from hard wrapping: paragraphs broken inside a sentence are joined
// again ("…said the Bank" and "of England said…" are one paragraph).
// Markdown and HTML say where their paragraphs are and are left alone.
func NormalizePlainBody(s string) string { return rejoinBroken(NormalizeBody(s)) }

// rejoinBroken joins the paragraphs of a normalised body that a
// hard-wrapping source broke inside a sentence: the next paragraph starts
// with a lower-case word (not a brand such as "iPhone") after one that does
// not end with a colon, or the previous ends with a word that cannot end a
// sentence ("the", "of", "and").
func rejoinBroken(body string) string {
	if !strings.Contains(body, "\n\n") {
		return body
	}
	paragraphs := strings.Split(body, "\n\n")
	var b strings.Builder
	b.Grow(len(body))
	for i, p := range paragraphs {
		if i > 0 {
			if continues(paragraphs[i-1], p) {
				b.WriteByte(' ')
			} else {
				b.WriteString("\n\n")
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

// continues says paragraph next continues the sentence prev left open.
func continues(prev, next string) bool {
	first, _ := utf8.DecodeRuneInString(next)
	if unicode.IsLower(first) && !strings.HasSuffix(prev, ":") {
		word := next
		if i := strings.IndexFunc(next, func(r rune) bool { return !unicode.IsLetter(r) }); i > 0 {
			word = next[:i]
		}
		return strings.ToLower(word) == word // "iPhone" starts a sentence
	}
	last := prev
	if i := strings.LastIndexFunc(prev, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		last = prev[i+1:]
	}
	return openWords[last] && unicode.IsLetter(first)
}

// openWords cannot end a sentence: a paragraph ending with one was cut.
var openWords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "to": true, "and": true, "or": true, "in": true,
	"on": true, "at": true, "for": true, "with": true, "by": true, "from": true, "that": true,
	"its": true, "their": true, "his": true, "her": true, "into": true, "than": true,
}

// NormalizeLine tidies a one-line field (title, outlet, author): valid UTF-8,
// control characters dropped, every run of white space (line ends included)
// one space, trimmed.
func NormalizeLine(s string) string { return normalize(s, oneLine) }

func normalize(s string, mode layout) string {
	var b strings.Builder
	b.Grow(len(s))
	newlines := 0 // line ends seen since the last text character
	space := false
	for i := 0; i < len(s); {
		if c := s[i]; c > ' ' && c < 0x7F { // printable ASCII: most of any news text
			writeSeparator(&b, mode, newlines, space)
			newlines, space = 0, false
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			newlines++
			continue
		case r == '\n' || r == '\u2028' || r == '\u0085':
			newlines++
			continue
		case r == '\u2029':
			newlines += 2
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case r == utf8.RuneError && size == 1:
			r = utf8.RuneError // an invalid byte: kept visible as U+FFFD
		case isDropped(r):
			continue
		}
		writeSeparator(&b, mode, newlines, space)
		newlines, space = 0, false
		b.WriteRune(r)
	}
	return b.String()
}

// writeSeparator writes what the white space before a text character
// becomes: nothing at the start, else a paragraph break or one space.
func writeSeparator(b *strings.Builder, mode layout, newlines int, space bool) {
	if b.Len() == 0 || (newlines == 0 && !space) {
		return
	}
	switch {
	case mode == blankLineParagraphs && newlines >= 2, mode == lineParagraphs && newlines >= 1:
		b.WriteString("\n\n")
	default:
		b.WriteByte(' ')
	}
}

// isDropped reports the characters normalisation removes: controls (tab and
// line ends are handled before) and the byte order mark.
func isDropped(r rune) bool {
	return unicode.IsControl(r) || r == '\uFEFF'
}

// toValidUTF8 replaces every byte that is not part of valid UTF-8 with
// U+FFFD and says how many it replaced. (strings.ToValidUTF8 would merge a
// run into one replacement and hide the count.)
// validText is data as valid UTF-8, with the warning that counts the bytes
// replaced (none when there were none): the first step of every parser.
func validText(data []byte) (string, []string) {
	text, bad := toValidUTF8(data)
	if bad == 0 {
		return text, nil
	}
	return text, []string{invalidUTF8Warning(bad)}
}

func toValidUTF8(data []byte) (string, int) {
	if utf8.Valid(data) {
		return string(data), 0
	}
	var b strings.Builder
	b.Grow(len(data) + 16)
	bad := 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
			b.WriteRune(utf8.RuneError)
		} else {
			b.Write(data[i : i+size])
		}
		i += size
	}
	return b.String(), bad
}

// invalidUTF8Warning is the warning an item carries when bytes were replaced.
func invalidUTF8Warning(n int) string {
	if n == 1 {
		return "replaced 1 invalid UTF-8 byte with U+FFFD"
	}
	return fmt.Sprintf("replaced %d invalid UTF-8 bytes with U+FFFD", n)
}

// sniffLen is how much of a file the binary check looks at, like git and
// file(1): a text file does not start with kilobytes of control bytes.
const sniffLen = 8 << 10

// binaryReason says why data is not text ("" when it is text): a NUL byte
// or more than 10% control bytes in the first 8 KiB, or a UTF-16/UTF-32
// byte order mark (dateline reads UTF-8 only).
func binaryReason(data []byte) string {
	switch {
	case hasPrefix(data, 0x00, 0x00, 0xFE, 0xFF), hasPrefix(data, 0xFF, 0xFE, 0x00, 0x00):
		return "UTF-32 text; save the file as UTF-8"
	case hasPrefix(data, 0xFE, 0xFF), hasPrefix(data, 0xFF, 0xFE):
		return "UTF-16 text; save the file as UTF-8"
	}
	head := data[:min(len(data), sniffLen)]
	controls := 0
	for _, c := range head {
		switch {
		case c == 0:
			return "it contains NUL bytes"
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f', c == 0x7F:
			controls++
		}
	}
	if controls*10 > len(head) {
		return fmt.Sprintf("%d of its first %d bytes are control characters", controls, len(head))
	}
	return ""
}

func hasPrefix(data []byte, prefix ...byte) bool {
	if len(data) < len(prefix) {
		return false
	}
	for i, c := range prefix {
		if data[i] != c {
			return false
		}
	}
	return true
}

// trimBOM drops a UTF-8 byte order mark.
func trimBOM(data []byte) []byte {
	if hasPrefix(data, 0xEF, 0xBB, 0xBF) {
		return data[3:]
	}
	return data
}

// clip shortens s for quoting in a message: outside text can be long.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
