package timex

import (
	"testing"
	"time"
)

// BenchmarkFindReuters tags the Reuters-21578 article bodies; the MB/s
// figure is tagging throughput on one core.
func BenchmarkFindReuters(b *testing.B) {
	bodies := reutersBodies(b)
	total := 0
	for _, body := range bodies {
		total += len(body)
	}
	dct := time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)
	b.SetBytes(int64(total))
	b.ResetTimer()
	for b.Loop() {
		for _, body := range bodies {
			Find(body, dct)
		}
	}
}

// TestReutersNoPanic tags every Reuters body once and checks offsets; it
// stands in for a long fuzz run on real text.
func TestReutersNoPanic(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	bodies := reutersBodies(t)
	dct := time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, body := range bodies[:min(len(bodies), 3000)] {
		for _, m := range Find(body, dct) {
			if body[m.Start:m.End] != m.Text || !ValidValue(m.Value) {
				t.Fatalf("bad mention %+v", m)
			}
		}
	}
}
