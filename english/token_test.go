package english

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // tokens as kind:text, space-separated; "_" marks a token after white space
	}{
		{"words numbers punctuation", "On Jan. 23, 2026", "_w:On _w:Jan p:. _n:23 p:, _n:2026"},
		{"letters and digits split", "mid-2025 x2q7", "_w:mid p:- n:2025 _w:x n:2 w:q n:7"},
		{"curly apostrophe", "the ’80s", "_w:the _p:’ n:80 w:s"},
		{"non-ASCII letters", "Ömer’s café", "_w:Ömer p:’ w:s _w:café"},
		{"invalid byte", "a\xffb", "_w:a p:\xff w:b"},
		{"non-breaking space", "Talks\u00a0ended", "_w:Talks _w:ended"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, tok := range Tokenize(tc.text) {
				s := map[Kind]string{Word: "w", Number: "n", Punct: "p"}[tok.Kind] + ":" + tok.Text
				if tok.Space {
					s = "_" + s
				}
				got = append(got, s)
				if tc.text[tok.Start:tok.End] != tok.Text {
					t.Errorf("token %q at [%d:%d] is %q in the text", tok.Text, tok.Start, tok.End, tc.text[tok.Start:tok.End])
				}
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("Tokenize(%q)\n got %s\nwant %s", tc.text, g, tc.want)
			}
		})
	}
}

func TestTokenFields(t *testing.T) {
	toks := Tokenize("Troops LEFT\n\n12345678901234 \u2014")
	if len(toks) != 4 {
		t.Fatalf("got %d tokens, want 4", len(toks))
	}
	if !toks[0].Capital || toks[0].Lower != "troops" || toks[1].Lower != "left" {
		t.Errorf("words: %+v %+v", toks[0], toks[1])
	}
	if toks[2].Newlines != 2 || toks[2].Num != MaxNum {
		t.Errorf("a long number after a blank line: %+v", toks[2])
	}
	if toks[3].Lower != "-" {
		t.Errorf("an em dash reads as %q, want -", toks[3].Lower)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"On Jan. 23, 2026", "a\xffb\u2019c", "99999999999999999999", "\u00a0\n\n x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, tok := range Tokenize(text) {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(text) || text[tok.Start:tok.End] != tok.Text {
				t.Fatalf("token %+v out of order or bounds (prev end %d)", tok, prev)
			}
			if utf8.ValidString(text) && !utf8.ValidString(tok.Text) {
				t.Fatalf("token %q splits a rune", tok.Text)
			}
			if strings.TrimSpace(text[prev:tok.Start]) != "" && utf8.ValidString(text[prev:tok.Start]) {
				t.Fatalf("text %q between tokens is lost", text[prev:tok.Start])
			}
			prev = tok.End
		}
	})
}
