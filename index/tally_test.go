package index_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
)

// convoyRecords are n one-paragraph reports naming a convoy, the first
// `both` of them naming Qamishli too, published a day apart from 2024.
func convoyRecords(n, both int) []corpus.Record {
	recs := make([]corpus.Record, n)
	for i := range recs {
		body := fmt.Sprintf("A convoy of %d trucks crossed the border, officials said.", 10+i)
		if i < both {
			body = fmt.Sprintf("Guards at Qamishli stopped a convoy of %d tankers.", 10+i)
		}
		pub := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.DateOnly)
		recs[i] = record(fmt.Sprintf("c%04d", i), "Wire", pub, body)
	}
	return recs
}

func TestRetrieveTallied(t *testing.T) {
	ix := openIndex(t, convoyRecords(450, 20)...)
	tests := []struct {
		name string
		req  index.Request
		want index.Tally
	}{
		{"every match weighed", index.Request{Terms: []string{"qamishli"}, Scopes: shared}, index.Tally{Matched: 20, Weighed: 20}},
		{"more than weighed", index.Request{Terms: []string{"convoy"}, Scopes: shared}, index.Tally{Matched: 450, Weighed: index.MaxCandidates}},
		// 450 passages hold a word, but the best cover both: only those count.
		{"the best articles' words", index.Request{Terms: []string{"qamishli", "convoy"}, Scopes: shared}, index.Tally{Matched: 20, Weighed: 20}},
		// The filter is in the count's query too: 2024-03-01 is day 60.
		{"filtered", index.Request{Terms: []string{"convoy"}, Scopes: shared,
			PublishedUntil: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}, index.Tally{Matched: 60, Weighed: 60}},
		{"filtered, more than weighed", index.Request{Terms: []string{"convoy"}, Scopes: shared,
			PublishedSince: time.Date(2024, 1, 11, 0, 0, 0, 0, time.UTC)}, index.Tally{Matched: 440, Weighed: index.MaxCandidates}},
		{"another scope", index.Request{Terms: []string{"convoy"}, Scopes: []corpus.Scope{"guild:1"}}, index.Tally{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, got, err := ix.RetrieveTallied(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("tally %+v, want %+v", got, tt.want)
			}
			if got.Complete() != (tt.want.Matched == tt.want.Weighed) {
				t.Errorf("Complete() = %v", got.Complete())
			}
			if len(ms) > got.Weighed {
				t.Errorf("%d matches, more than the %d weighed", len(ms), got.Weighed)
			}
		})
	}
}

// BenchmarkRetrieveTallied measures what the tally adds to a query that
// matches more passages than are weighed (one more Bleve search, counting
// only): Retrieve and RetrieveTallied on the same index, in turn.
// Run: go test -run '^$' -bench RetrieveTallied -benchtime 200x ./index/
func BenchmarkRetrieveTallied(b *testing.B) {
	ix, _, _, err := index.Open(filepath.Join(b.TempDir(), "index.bleve"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Apply(context.Background(), 1, convoyRecords(20000, 200), nil); err != nil {
		b.Fatal(err)
	}
	for _, terms := range [][]string{{"convoy"}, {"qamishli", "convoy"}} {
		req := index.Request{Terms: terms, Scopes: shared}
		b.Run(fmt.Sprintf("Retrieve/%d-words", len(terms)), func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Retrieve(context.Background(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("RetrieveTallied/%d-words", len(terms)), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := ix.RetrieveTallied(context.Background(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
