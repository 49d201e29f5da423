package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
)

// batchSize is how many articles go to the store and the index together:
// large enough for Bleve to batch well, small enough that a crash loses at
// most this much unconfirmed indexing work (never stored articles).
const batchSize = 256

// Report counts what an ingest did.
type Report struct {
	Added      int       `json:"added"`
	Duplicates int       `json:"duplicates"`
	Failed     int       `json:"failed"`
	Failures   []Failure `json:"failures"`
	Warnings   []Failure `json:"warnings,omitempty"`
	Passages   int       `json:"passages"`
}

// Failure is one item that could not be added (or, in Warnings, one that was
// added with a caveat).
type Failure struct {
	Path  string `json:"path"`
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// Origin says where an ingest's articles come from and who added them.
type Origin struct {
	Source corpus.Source // for items whose parser set none
	By     string
	Scope  corpus.Scope // whose archive the articles go to; "" is the shared archive
}

// Ingester adds parsed items to the store and the index in batches. Feed it
// items with Add, then call Flush.
type Ingester struct {
	app     *App
	origin  Origin
	pending []parse.Item
	paths   []string
	report  Report
	// indexErr is the first error of the index: the articles after it are
	// stored but left for the next start to index (catchUp).
	indexErr error
}

// NewIngester starts an ingest.
func (a *App) NewIngester(origin Origin) *Ingester {
	return &Ingester{app: a, origin: origin, report: Report{Failures: []Failure{}}}
}

// Add queues the items parsed from path; full batches are written at once.
func (in *Ingester) Add(ctx context.Context, path string, items []parse.Item) error {
	for _, it := range items {
		for _, w := range it.Warnings {
			in.report.Warnings = append(in.report.Warnings, Failure{Path: path, Line: it.Line, Error: w})
		}
		if it.Err != nil {
			in.report.Failed++
			in.report.Failures = append(in.report.Failures, Failure{Path: path, Line: it.Line, Error: reason(it.Err)})
			continue
		}
		in.pending = append(in.pending, it)
		in.paths = append(in.paths, path)
		if len(in.pending) >= batchSize {
			if err := in.Flush(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// Fail records a failure that concerns a whole file.
func (in *Ingester) Fail(path string, err error) {
	in.report.Failed++
	in.report.Failures = append(in.report.Failures, Failure{Path: path, Error: err.Error()})
}

// Flush writes the queued items: store first (one transaction, which
// numbers the changes), then the index applies the changes.
//
// A batch the store refuses (a full disk, a read-only file) is not an end:
// each of its items is counted as failed with the store's error, and the
// ingest goes on, so that the report accounts for every item (the next
// batches usually fail the same way, and are counted too). An index error
// leaves the articles stored, to be indexed on the next start (IndexErr).
// Flush returns an error only when ctx ends.
func (in *Ingester) Flush(ctx context.Context) error {
	if len(in.pending) == 0 {
		return nil
	}
	recs := analyzeAll(in.pending, in.origin, in.app.now())
	outcomes, err := in.app.store.Add(ctx, recs)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("store: %w", err)
		}
		why := "not stored: " + err.Error()
		for i, it := range in.pending {
			in.report.Failed++
			in.report.Failures = append(in.report.Failures, Failure{Path: in.paths[i], Line: it.Line, Error: why})
		}
		in.pending, in.paths = in.pending[:0], in.paths[:0]
		return nil
	}
	added := 0
	for i, o := range outcomes {
		if o.Added {
			added++
			in.report.Added++
			in.report.Passages += len(recs[i].Passages)
		} else {
			in.report.Duplicates++
		}
	}
	in.pending, in.paths = in.pending[:0], in.paths[:0]
	if added == 0 || in.indexErr != nil {
		return ctx.Err()
	}
	if err := in.app.Sync(ctx); err != nil {
		if ctx.Err() != nil {
			return err
		}
		in.indexErr = err
	}
	return nil
}

// IndexErr is the index's first error during the ingest (nil when none):
// the articles are stored, and the index takes them on the next start.
func (in *Ingester) IndexErr() error { return in.indexErr }

// Report is what the ingest has done so far.
func (in *Ingester) Report() Report { return in.report }

// analyzeAll gives each item its id and passages, using every core; the
// order of items is kept, so the first of two duplicates is the one stored.
func analyzeAll(items []parse.Item, origin Origin, now time.Time) []corpus.Record {
	recs := make([]corpus.Record, len(items))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a := items[i].Article
				if a.Source == "" {
					a.Source = origin.Source
				}
				a.AddedBy = origin.By
				a.Scope = origin.Scope
				a.AddedAt = now.UTC()
				a.ID = corpus.ArticleID(a)
				recs[i] = corpus.Record{Article: a, Passages: analysis.Analyze(a)}
			}
		}()
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
	return recs
}

// reason is a parse error without the file and line the Failure names already.
func reason(err error) string {
	var pe *parse.ParseError
	if errors.As(err, &pe) {
		return pe.Reason()
	}
	return err.Error()
}
