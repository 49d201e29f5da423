package analysis

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/english"
)

// sentenceTexts returns the text of each sentence span.
func sentenceTexts(text string, spans []corpus.Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.Start:s.End]
	}
	return out
}

func checkSpans(t *testing.T, text string, spans []corpus.Span) {
	t.Helper()
	if err := english.CheckSpans(text, spans); err != nil {
		t.Fatal(err)
	}
}

// TestSentencesAreEnglishSentences checks that the passage cutter's
// sentences are the english package's (whose tests hold the rules).
func TestSentencesAreEnglishSentences(t *testing.T) {
	text := seedBody()
	got, want := Sentences(text), english.Sentences(text)
	if len(got) != len(want) || len(got) < 10 {
		t.Fatalf("%d sentences, english finds %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("sentence %d: %v, english %v", i, got[i], want[i])
		}
	}
}

func strip(s string) string { return strings.Join(strings.Fields(s), "") }

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"two", "First paragraph.\n\nSecond one.", []string{"First paragraph.", "Second one."}},
		{"trimmed", "  First.  \n\n  Second.  ", []string{"First.", "Second."}},
		{"blank line with spaces", "First.\n \t\nSecond.", []string{"First.", "Second."}},
		{"several blank lines", "First.\n\n\n\nSecond.", []string{"First.", "Second."}},
		{"line break inside", "First line\nsame paragraph.\n\nSecond.", []string{"First line\nsame paragraph.", "Second."}},
		{"empty", "", nil},
		{"spaces only", " \n\n ", nil},
		{"exactly the limit", strings.Repeat("a", MaxPassageBytes), []string{strings.Repeat("a", MaxPassageBytes)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spans := Paragraphs(tc.body)
			got := sentenceTexts(tc.body, spans)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("Paragraphs(%q)\n got %q\nwant %q", tc.body, got, tc.want)
			}
			checkSpans(t, tc.body, spans)
		})
	}
}

// TestParagraphsCutLongParagraph cuts a long paragraph at sentence
// boundaries into pieces no longer than MaxPassageBytes that cover it.
func TestParagraphsCutLongParagraph(t *testing.T) {
	var b strings.Builder
	for i := range 30 {
		if i > 0 {
			b.WriteString(" ")
		}
		// Sentences with abbreviations that must not be cut.
		b.WriteString("On Jan. 27 the U.S. Treasury and Mr. Smith of Apple Inc. said sales rose 3.5 percent in sector ")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(".")
	}
	long := b.String()
	body := "Short opening paragraph.\n\n" + long + "\n\nShort closing paragraph."
	spans := Paragraphs(body)
	checkSpans(t, body, spans)
	if len(spans) < 5 {
		t.Fatalf("got %d passages, want the long paragraph cut into several", len(spans))
	}
	if got := body[spans[0].Start:spans[0].End]; got != "Short opening paragraph." {
		t.Errorf("first passage %q", got)
	}
	if got := body[spans[len(spans)-1].Start:spans[len(spans)-1].End]; got != "Short closing paragraph." {
		t.Errorf("last passage %q", got)
	}
	var joined []string
	for _, s := range spans[1 : len(spans)-1] {
		piece := body[s.Start:s.End]
		if n := len(piece); n > MaxPassageBytes || n < 250 {
			t.Errorf("piece of %d bytes, want roughly 300..%d: %q", n, MaxPassageBytes, piece)
		}
		if !strings.HasPrefix(piece, "On Jan. 27") || !strings.HasSuffix(piece, ".") {
			t.Errorf("piece not cut at a sentence boundary: %q", piece)
		}
		joined = append(joined, piece)
	}
	if strings.Join(joined, " ") != long {
		t.Errorf("pieces do not cover the paragraph exactly")
	}
}

// TestParagraphsCutHugeSentence cuts a sentence longer than the limit at
// word boundaries, and a word longer than the limit at rune boundaries.
func TestParagraphsCutHugeSentence(t *testing.T) {
	words := strings.Repeat("word\u00e9s ", 400) // no period at all
	runes := strings.Repeat("\u00e9", 1000)      // one 2000-byte word
	for _, body := range []string{words, runes, words + runes} {
		spans := Paragraphs(body)
		checkSpans(t, body, spans)
		if strip(strings.Join(sentenceTexts(body, spans), "")) != strip(body) {
			t.Errorf("pieces do not cover the text")
		}
		for _, s := range spans {
			if s.End-s.Start > MaxPassageBytes {
				t.Errorf("piece of %d bytes", s.End-s.Start)
			}
			if body == words && !strings.HasSuffix(body[s.Start:s.End], "word\u00e9s") {
				t.Errorf("piece not cut at a word boundary: %q", body[s.Start:s.End])
			}
		}
	}
}

// TestParagraphsSeed checks the seed: short paragraphs stay whole.
func TestParagraphsSeed(t *testing.T) {
	body := seedBody()
	spans := Paragraphs(body)
	checkSpans(t, body, spans)
	if len(spans) != len(strings.Split(body, "\n\n")) {
		t.Errorf("got %d passages for %d paragraphs", len(spans), len(strings.Split(body, "\n\n")))
	}
}

func FuzzParagraphs(f *testing.F) {
	for _, s := range []string{seedBody(), strings.Repeat("Word. ", 300), strings.Repeat("\u00e9", 800), "a\n\n\n b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		spans := Paragraphs(body)
		checkSpans(t, body, spans)
		for _, s := range spans {
			if s.End-s.Start > MaxPassageBytes && utf8.ValidString(body) {
				t.Fatalf("passage of %d bytes", s.End-s.Start)
			}
		}
		if utf8.ValidString(body) && strip(strings.Join(sentenceTexts(body, spans), "")) != strip(body) {
			t.Fatalf("passages lose text")
		}
	})
}
