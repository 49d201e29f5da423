package timex

import (
	"testing"
	"time"
)

// FuzzFind: any input, no panic; every mention lies on UTF-8 boundaries,
// its Text is exactly its bytes, mentions are in order without overlap, and
// values and precisions are well formed.
func FuzzFind(f *testing.F) {
	for _, tc := range findCases {
		f.Add(tc.text, int64(0))
	}
	for _, s := range falsePositives {
		f.Add(s, int64(1e9))
	}
	f.Add("on 29 February", int64(-2e9))
	f.Add("\xff\xfe 2026-02-31 Jan. 32, 10:99 p.m. mid-", int64(4e9))
	f.Fuzz(func(t *testing.T, text string, offset int64) {
		dct := time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC).Add(time.Duration(offset%(1<<40)) * time.Second)
		ms := Find(text, dct)
		// Rune boundaries as Go decodes the text: an invalid byte is a
		// one-byte rune of its own.
		boundary := make([]bool, len(text)+1)
		for i := range text {
			boundary[i] = true
		}
		boundary[len(text)] = true
		prevEnd := 0
		for _, m := range ms {
			if m.Start < prevEnd || m.End <= m.Start || m.End > len(text) {
				t.Fatalf("bad offsets %d:%d (previous end %d, len %d)", m.Start, m.End, prevEnd, len(text))
			}
			prevEnd = m.End
			if text[m.Start:m.End] != m.Text {
				t.Fatalf("text[%d:%d] = %q, Text %q", m.Start, m.End, text[m.Start:m.End], m.Text)
			}
			if !boundary[m.Start] || !boundary[m.End] {
				t.Fatalf("offsets %d:%d split a rune in %q", m.Start, m.End, text)
			}
			if !ValidValue(m.Value) {
				t.Fatalf("%q: malformed value %q", m.Text, m.Value)
			}
			if m.Precision != PrecisionOf(m.Value) {
				t.Fatalf("%q: precision %q for value %q", m.Text, m.Precision, m.Value)
			}
			switch m.Type {
			case Date, Time, Duration, Set:
			default:
				t.Fatalf("%q: type %q", m.Text, m.Type)
			}
		}
	})
}
