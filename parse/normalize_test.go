package parse

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeBody(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"only white space", " \n\u00a0\n\t\r\n", ""},
		{"trimmed", "  one  ", "one"},
		{"runs of spaces, tabs and NBSP collapse", "a  \t b\u00a0\u00a0c\u202fd\u3000e", "a b c d e"},
		{"lines of a paragraph joined with a space", "one\ntwo\n  three", "one two three"},
		{"blank line separates paragraphs", "One.\n\nTwo", "One.\n\nTwo"},
		{"many blank lines are one break", "One.\n\n\n\n\nTwo", "One.\n\nTwo"},
		{"a line of NBSP is blank", "One.\n\u00a0\nTwo", "One.\n\nTwo"},
		{"CRLF", "one\r\ntwo\r\n\r\nThree\r\n", "one two\n\nThree"},
		{"lone CR", "one\rtwo\r\rThree", "one two\n\nThree"},
		{"U+2028 is a line end, U+2029 a paragraph end", "a\u2028b\u2029C", "a b\n\nC"},
		{"controls dropped", "a\x00b\x07c\x1b[0m\x7fd\u0085e\u009bf", "abc[0md ef"},
		{"BOM dropped", "\ufeffa\ufeffb", "ab"},
		{"invalid UTF-8 becomes U+FFFD", "caf\xe9 \xff", "caf\ufffd \ufffd"},
		{"zero-width space kept (it is text)", "a\u200bb", "a\u200bb"},
		{"leading paragraph break trimmed", "\n\n\nfirst", "first"},
	}
	for _, tt := range tests {
		if got := NormalizeBody(tt.in); got != tt.want {
			t.Errorf("%s: NormalizeBody(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestNormalizePlainBody checks that paragraphs a hard-wrapping source
// broke inside a sentence are joined again (issue 11).
func TestNormalizePlainBody(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a paragraph starting in lower case continues the last", "It was said by the Bank\n\nof England on Monday.", "It was said by the Bank of England on Monday."},
		{"a paragraph ending on an open word continues", "Rates rose at the\n\nBank of England.", "Rates rose at the Bank of England."},
		{"a brand in lower case starts a paragraph", "Sales rose.\n\niPhone users upgraded.", "Sales rose.\n\niPhone users upgraded."},
		{"a heading stays apart", "WASHINGTON\n\nThe Fed met.", "WASHINGTON\n\nThe Fed met."},
		{"a table row stays apart", "Shr 40 cts vs 25 cts\n\nNet 8,875,000 vs 5,034,000", "Shr 40 cts vs 25 cts\n\nNet 8,875,000 vs 5,034,000"},
		{"a list after a colon stays apart", "Steps:\n\none step", "Steps:\n\none step"},
	}
	for _, tt := range tests {
		if got := NormalizePlainBody(tt.in); got != tt.want {
			t.Errorf("%s: NormalizePlainBody(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestNormalizeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Putin\tto  host\n\nSharaa  ", "Putin to host Sharaa"},
		{"Caf\xe9", "Caf\ufffd"},
		{"a\x00b", "ab"},
		{"\u00a0", ""},
	}
	for _, tt := range tests {
		if got := NormalizeLine(tt.in); got != tt.want {
			t.Errorf("NormalizeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeHTMLLayoutMakesEveryLineAParagraph(t *testing.T) {
	if got, want := normalize("one\ntwo\n\n\nthree", lineParagraphs), "one\n\ntwo\n\nthree"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestToValidUTF8CountsEveryBadByte(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantBad int
	}{
		{"plain", "plain", 0},
		{"caf\xe9", "caf\ufffd", 1},
		{"\xff\xfe\xfd", "\ufffd\ufffd\ufffd", 3},
		{"\xe2\x80", "\ufffd\ufffd", 2}, // a truncated sequence: two bytes, two replacements
		{"ok \u2019 ok", "ok \u2019 ok", 0},
	}
	for _, tt := range tests {
		got, bad := toValidUTF8([]byte(tt.in))
		if got != tt.want || bad != tt.wantBad {
			t.Errorf("toValidUTF8(%q) = %q, %d; want %q, %d", tt.in, got, bad, tt.want, tt.wantBad)
		}
	}
	if w := invalidUTF8Warning(3); w != "replaced 3 invalid UTF-8 bytes with U+FFFD" {
		t.Errorf("warning = %q", w)
	}
}

func TestBinaryReason(t *testing.T) {
	tests := []struct {
		name   string
		in     []byte
		binary bool
	}{
		{"text", []byte("Title\nJan 27, 2026\n\nBody.\n"), false},
		{"text with a few controls", []byte("Title\x07 and \x1b[0m text that goes on for a while"), false},
		{"empty", nil, false},
		{"NUL", []byte("abc\x00def"), true},
		{"mostly controls", []byte("\x01\x02\x03\x04abc"), true},
		{"UTF-16 LE BOM", []byte{0xFF, 0xFE, 'a', 0}, true},
		{"UTF-16 BE BOM", []byte{0xFE, 0xFF, 0, 'a'}, true},
		{"invalid UTF-8 is not binary", []byte("caf\xe9 au lait"), false},
		{"NUL after the sniffed head is not looked at", append([]byte(strings.Repeat("a", sniffLen)), 0), false},
	}
	for _, tt := range tests {
		if got := binaryReason(tt.in) != ""; got != tt.binary {
			t.Errorf("%s: binary = %v, want %v", tt.name, got, tt.binary)
		}
	}
}

func TestClipKeepsUTF8(t *testing.T) {
	s := clip(strings.Repeat("é", 50), 7)
	if !utf8.ValidString(s) || len(s) > 7+len("…") {
		t.Errorf("clip = %q", s)
	}
}
