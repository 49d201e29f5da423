package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
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

// BenchmarkPages stores a page and reads it back (a button press), with
// 1,000 users' pages in the table: what paging costs in the store.
//
//	go test -run '^$' -bench Pages ./store/sqlite/
func BenchmarkPages(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir()+"/d.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 1, 27, 12, 0, 0, 0, time.UTC)
	put := func(i int) string {
		id := fmt.Sprintf("%016x", i)
		p := store.PageState{ID: id, Command: "when", Query: `{"Raw":"russia qamishli"}`, Guild: "1",
			Owner: fmt.Sprintf("discord:%d", i%100), Created: now, Expires: now.Add(15 * time.Minute)}
		if err := s.PutPage(ctx, p, 20); err != nil {
			b.Fatal(err)
		}
		return id
	}
	for i := range 2000 {
		put(i)
	}
	b.ResetTimer()
	for i := range b.N {
		id := put(2000 + i)
		if _, err := s.TouchPage(ctx, id, now, now.Add(15*time.Minute)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScopeCounts is one /metrics scrape's count of articles and
// passages by scope, on 100,000 articles of 10 passages (a tenth of them in
// 100 servers' archives).
//
//	go test -run '^$' -bench ScopeCounts -benchtime 20x ./store/sqlite/
func BenchmarkScopeCounts(b *testing.B) {
	const n, batch, passages = 100000, 1000, 10
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir()+"/d.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	recs := make([]corpus.Record, 0, batch)
	for i := range n {
		r := fixture(i)
		if i%10 == 0 {
			r.Article.Scope = corpus.GuildScope(fmt.Sprint(i % 100))
		}
		for seq := 1; seq < passages; seq++ {
			p := r.Passages[0]
			p.Seq = seq
			r.Passages = append(r.Passages, p)
		}
		if recs = append(recs, r); len(recs) == batch {
			if _, err := s.Add(ctx, recs); err != nil {
				b.Fatal(err)
			}
			recs = recs[:0]
		}
	}
	b.ResetTimer()
	for range b.N {
		counts, err := s.ScopeCounts(ctx)
		if err != nil || len(counts) != 11 {
			b.Fatalf("%d scopes, %v", len(counts), err)
		}
	}
}
