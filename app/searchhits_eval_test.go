package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/internal/devdata"
	"github.com/dateline-bot/dateline/parse"
)

// reutersApp opens a data directory holding Reuters-21578, ingesting it
// when the directory is new (about two minutes on a quiet machine).
// DATELINE_REUTERS_DIR keeps the directory for the next run.
func reutersApp(t *testing.T) *App {
	t.Helper()
	path := devdata.Path(t, "reuters21578", "reuters21578.jsonl")
	dir := os.Getenv("DATELINE_REUTERS_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	ctx := context.Background()
	a, err := OpenDir(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if n, err := a.Counts(ctx); err != nil {
		t.Fatal(err)
	} else if n == 0 {
		in := a.NewIngester(Origin{Source: corpus.SourceFile, By: "eval"})
		if err := in.Add(ctx, path, parse.Parse("reuters21578.jsonl", mustRead(t, path))); err != nil {
			t.Fatal(err)
		}
		if err := in.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// isFragment says a passage states nothing on its own: fewer than six
// words (a signature line, a heading, a table row). (A verb test by the
// date tagger's tense markers was tried and dropped here: it takes
// statements such as "The group owns 9.8 pct" for fragments.)
func isFragment(quote string) bool { return len(strings.Fields(quote)) < 6 }

// searchQueries are the varied questions of the index benchmark
// (index/bench_test.go), written before this measure, less the five that
// firstPageQueries also asks: one-word queries among them, where short
// passages win most easily.
var searchQueries = []string{
	"cocoa", "when did the fed raise rates", "wheat exports soviet",
	"coffee quota talks", "bank of england", "texaco bankruptcy", "dollar yen",
	"gulf tanker attack", "sugar crop", "u.s. budget deficit", "west german bundesbank", "merger acquisition offer",
	"iran", "strike workers union", "gold price", "ec farm ministers", "argentina grain", "shipping rates",
	"\"crude oil\" output", "china", "earthquake ecuador pipeline", "ibm earnings",
	"interest rates cut", "canada", "stock market crash",
}

// TestReutersSearchFragments measures issue 11's aim for `search`: the
// first page of hits should be statements, not one-line passages that
// BM25's length normalisation lifts (a signature line, a table row, a
// heading). It reports, for the first page (10 hits) of each query of
// firstPageQueries (odd tuned, even untouched), how many hits are
// fragments (isFragment) and their mean length in words; and the same for
// searchQueries (odd tuned, even untouched). Opt-in, like
// TestReutersFirstPages:
//
//	DATELINE_REUTERS_EVAL=1 DATELINE_REUTERS_DIR=/tmp/reuters go test ./app -run ReutersSearchFragments -v -timeout 30m
func TestReutersSearchFragments(t *testing.T) {
	if os.Getenv("DATELINE_REUTERS_EVAL") == "" {
		t.Skip("set DATELINE_REUTERS_EVAL=1 to ingest Reuters-21578 and measure search pages")
	}
	a := reutersApp(t)
	ctx := context.Background()
	type tally struct{ hits, fragments, words int }
	parts := map[string]*tally{}
	for i, text := range append(append([]string(nil), firstPageQueries...), searchQueries...) {
		set := "when-queries"
		if i >= len(firstPageQueries) {
			set, i = "search-queries", i-len(firstPageQueries)
		}
		part := set + " tuned"
		if i%2 == 1 {
			part = set + " untouched"
		}
		if parts[part] == nil {
			parts[part] = &tally{}
		}
		q, err := answer.ParseQuery(text, answer.Filters{}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		res, err := a.Search(ctx, cli, q)
		if err != nil {
			t.Fatal(err)
		}
		var n tally
		for _, h := range res.Hits {
			n.hits++
			n.words += len(strings.Fields(h.Quote))
			if isFragment(h.Quote) {
				n.fragments++
				if testing.Verbose() {
					t.Logf("    fragment: %.90q", h.Quote)
				}
			}
		}
		parts[part].hits += n.hits
		parts[part].fragments += n.fragments
		parts[part].words += n.words
		t.Logf("%-24s %-30q hits %2d, fragments %2d, mean words %5.1f", part, text, n.hits, n.fragments, float64(n.words)/float64(max(n.hits, 1)))
	}
	for _, part := range []string{"when-queries tuned", "when-queries untouched", "search-queries tuned", "search-queries untouched"} {
		n := parts[part]
		t.Logf("%s: %d first-page hits, %d fragments (%.2f), mean words %.1f",
			part, n.hits, n.fragments, ratio(n.fragments, n.hits), float64(n.words)/float64(max(n.hits, 1)))
	}
}
