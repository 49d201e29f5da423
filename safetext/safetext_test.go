package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShow(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text is kept", "Russian forces left Qamishli.\n\tOn 23 January.", "Russian forces left Qamishli.\n\tOn 23 January."},
		{"right-to-left override", "the source said\u202E sweN hafahS — \u202C", "the source said sweN hafahS — "},
		{"isolates", "a \u2066b\u2069 \u2067c\u2069 \u2068d\u2069", "a b c d"},
		{"direction marks", "x\u200Ey\u200Fz\u061C", "xyz"},
		{"zero-width space inside a word", "Qami\u200Bshli", "Qamishli"},
		{"word joiner, BOM, soft hyphen, tags", "a\u2060b\uFEFFc\u00ADd\U000E0041e", "abcde"},
		{"terminal escapes", "red \x1b[31malert\x1b[0m\x07", "red [31malert[0m"},
		{"C1 controls", "a\u0085b\u009Bc", "abc"},
		{"joiners in emoji and Persian stay", "👩\u200D💻 می\u200Cخواهم", "👩\u200D💻 می\u200Cخواهم"},
		{"Arabic and Hebrew text stay", "قامشلي עברית", "قامشلي עברית"},
		{"invalid UTF-8 becomes U+FFFD", "a\xffb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Show(tt.in); got != tt.want {
				t.Errorf("Show(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzShow(f *testing.F) {
	for _, s := range []string{"", "plain", "a\u202Eb", "\x1b[2J", "a\xff\u2066"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Show(s)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		for _, r := range out {
			if Hidden(r) {
				t.Fatalf("Show(%q) kept %U", s, r)
			}
		}
		if Show(out) != out {
			t.Fatalf("Show is not idempotent on %q", s)
		}
		if len(out) > len(strings.ToValidUTF8(s, "\uFFFD")) {
			t.Fatalf("Show(%q) grew", s)
		}
	})
}
