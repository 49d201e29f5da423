package digest

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkComposeAndRender composes and renders a digest of 500 new
// articles (the most a digest reads) under five topics, a third of them
// syndicated copies.
func BenchmarkComposeAndRender(b *testing.B) {
	var in Input
	in.Topics = []string{"t0", "t1", "t2", "t3", "t4"}
	in.Until = time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC)
	for i := range 500 {
		body := fmt.Sprintf("Story %d: the council said on 2 March 2026 that works on site %d would start on %d April 2026. ", i%333, i%333, i%28+1) +
			"Residents were told to expect delays on the roads around the site for several weeks, officials said."
		a := article(fmt.Sprintf("a%03d", i), fmt.Sprintf("Works on site %d", i%333), fmt.Sprintf("Outlet %d", i%7), "2026-03-02", body, fmt.Sprintf("t%d", i%6))
		in.Articles = append(in.Articles, a)
		in.Events = append(in.Events, entry(a.ID, fmt.Sprintf("2026-04-%02d", i%28+1), body))
	}
	b.ResetTimer()
	for b.Loop() {
		d := Compose(in)
		if len(Messages(d, time.UTC)) == 0 {
			b.Fatal("no messages")
		}
	}
}
