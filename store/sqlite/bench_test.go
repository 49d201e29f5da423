package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/dateline-bot/dateline/corpus"
)

// BenchmarkAdd stores 20,000 articles in batches of 256, as an ingest does:
// the duplicate checks must stay index lookups however large the store.
//
//	go test -run '^$' -bench Add -benchtime 1x ./store/sqlite/
func BenchmarkAdd(b *testing.B) {
	const n, batch = 20000, 256
	recs := make([]corpus.Record, n)
	for i := range recs {
		r := fixture(i)
		r.Article.Body = fmt.Sprintf("Body of article %d, with a few more words to hash.", i)
		r.Passages[0].End, r.Passages[0].Text = len(r.Article.Body), r.Article.Body
		recs[i] = r
	}
	for range b.N {
		s, err := Open(context.Background(), b.TempDir()+"/d.db")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := 0; i < n; i += batch {
			if _, err := s.Add(context.Background(), recs[i:min(i+batch, n)]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		s.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}
