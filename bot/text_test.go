package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCutText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"fits", "Short enough.", 20, "Short enough."},
		{"exact", "abcde", 5, "abcde"},
		{"sentence", "The first sentence is here. The second one is much longer than that.", 40, "The first sentence is here. …"},
		{"sentence with closing quote", "He said “go now.” Then they left the base for good.", 30, "He said “go now.” …"},
		{"word", "Russian forces have carried out a limited redeployment", 30, "Russian forces have carried…"},
		{"no space", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 10, "aaaaaaaaa…"},
		{"multibyte no space", "ééééééééééééééééé", 5, "éééé…"},
		{"astral counts two", "😀😀😀😀😀😀", 5, "😀😀…"},
		{"zero", "anything", 0, ""},
		{"one", "anything", 1, "…"},
		{"trailing comma dropped", "one two three, four five six seven eight nine", 18, "one two three…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head, tail := cutText(tt.in, tt.max)
			got := head + tail
			if got != tt.want {
				t.Errorf("cutText(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if textLen(got) > tt.max {
				t.Errorf("length %d over %d", textLen(got), tt.max)
			}
		})
	}
}

func TestTextLenCountsUTF16(t *testing.T) {
	for in, want := range map[string]int{"": 0, "abc": 3, "é": 1, "😀": 2, "ع": 1, "\xff": 1} {
		if got := textLen(in); got != want {
			t.Errorf("textLen(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"**bold** and _it_", `\*\*bold\*\* and \_it\_`},
		{"[link](https://x)", `\[link\]\(https\://x\)`},
		{"# heading", `\# heading`},
		{"- item", `\- item`},
		{"1. first", `1\. first`},
		{"in 2026. Then", "in 2026. Then"},
		{"`code` ||spoiler|| ~~gone~~", "\\`code\\` \\|\\|spoiler\\|\\| \\~\\~gone\\~\\~"},
		{"<@123> <t:1:R>", `\<@123\> \<t\:1\:R\>`},
		{`back\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		if got := escapeMarkdown(tt.in); got != tt.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzCutText: the cutter never cuts inside a rune, never exceeds the limit,
// and always returns a prefix of its input followed by at most a marker.
func FuzzCutText(f *testing.F) {
	f.Add("The source said the evacuation began on 23 January. It went on.", 30)
	f.Add("ééééé ééé. 😀😀😀 abc", 7)
	f.Add("\xff\xfe invalid bytes \xc3", 4)
	f.Add("", 3)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 0 || max > 10000 {
			return
		}
		head, tail := cutText(s, max)
		if !strings.HasPrefix(s, head) {
			t.Fatalf("head %q is not a prefix of %q", head, s)
		}
		if tail != "" && tail != ellipsis && tail != " "+ellipsis {
			t.Fatalf("unexpected tail %q", tail)
		}
		if n := textLen(head + tail); n > max {
			t.Fatalf("length %d over %d for %q", n, max, s)
		}
		if !isRuneBoundary(s, len(head)) {
			t.Fatalf("cut inside a rune at %d of %q", len(head), s)
		}
		if utf8.ValidString(s) && !utf8.ValidString(head+tail) {
			t.Fatalf("valid input gave invalid output %q", head+tail)
		}
		if max > 0 && tail == "" && head != s {
			t.Fatalf("text cut without a marker: %q", head)
		}
	})
}

// isRuneBoundary says whether i is where a rune (or an invalid byte, which
// decodes as one) starts in s, or its end.
func isRuneBoundary(s string, i int) bool {
	if i == len(s) {
		return true
	}
	for start := range s {
		if start == i {
			return true
		}
	}
	return false
}
