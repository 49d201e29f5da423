package index_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/parse"
)

const reutersPath = "../../shared/data/reuters21578/reuters21578.jsonl"

// reutersQueries are varied questions a desk might ask of 1987 wire copy.
var reutersQueries = []string{
	"cocoa", "opec oil prices", "when did the fed raise rates", "japan trade surplus", "wheat exports soviet",
	"coffee quota talks", "bank of england", "texaco bankruptcy", "dollar yen", "brazil debt moratorium",
	"gulf tanker attack", "sugar crop", "u.s. budget deficit", "west german bundesbank", "merger acquisition offer",
	"iran", "strike workers union", "gold price", "ec farm ministers", "argentina grain", "shipping rates",
	"\"crude oil\" output", "china", "earthquake ecuador pipeline", "chrysler american motors", "ibm earnings",
	"tin council", "interest rates cut", "canada", "stock market crash",
}

// BenchmarkReuters ingests the Reuters-21578 corpus through the whole
// pipeline (parse, analyze, store, index), then indexes the same passages
// with raw Bleve (same mapping) for the ratio, then measures `when` and
// `search` latency. Run: go test -run '^$' -bench Reuters -benchtime 1x ./index/
func BenchmarkReuters(b *testing.B) {
	data, err := os.ReadFile(reutersPath)
	if err != nil {
		b.Skipf("Reuters corpus not available (%v)", err)
	}
	ctx := context.Background()
	for b.Loop() {
		dir := b.TempDir()
		start := time.Now()
		items := parse.Parse("reuters21578.jsonl", data)
		a, err := app.OpenDir(ctx, filepath.Join(dir, "data"), nil)
		if err != nil {
			b.Fatal(err)
		}
		in := a.NewIngester(app.Origin{Source: corpus.SourceFile, By: "bench"})
		if err := in.Add(ctx, reutersPath, items); err != nil {
			b.Fatal(err)
		}
		if err := in.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		pipeline := time.Since(start)
		rep := in.Report()
		peak := peakRSSMiB()
		b.ReportMetric(float64(rep.Added)/pipeline.Seconds(), "articles/s")
		b.ReportMetric(float64(rep.Passages)/pipeline.Seconds(), "passages/s")
		b.ReportMetric(peak, "peak-RSS-MiB")
		b.Logf("pipeline: %d added, %d duplicates, %d failed, %d passages in %s (peak RSS %.0f MiB)",
			rep.Added, rep.Duplicates, rep.Failed, rep.Passages, pipeline.Round(time.Millisecond), peak)

		whenLat := latencies(b, func(q answer.Query) error { _, err := a.When(ctx, app.Caller{}, q); return err })
		searchLat := latencies(b, func(q answer.Query) error { _, err := a.Search(ctx, app.Caller{}, q); return err })
		b.ReportMetric(ms(pct(whenLat, 50)), "when-p50-ms")
		b.ReportMetric(ms(pct(whenLat, 99)), "when-p99-ms")
		b.ReportMetric(ms(pct(searchLat, 50)), "search-p50-ms")
		b.ReportMetric(ms(pct(searchLat, 99)), "search-p99-ms")
		a.Close()

		// Raw Bleve: the same passages (analysis done beforehand, untimed).
		var recs []corpus.Record
		seen := map[string]bool{}
		for _, it := range items {
			if it.Err != nil || seen[corpus.BodyHash(it.Article.Body)] {
				continue // the pipeline skips duplicates too
			}
			seen[corpus.BodyHash(it.Article.Body)] = true
			art := it.Article
			art.ID = corpus.ArticleID(art)
			recs = append(recs, corpus.Record{Article: art, Passages: analysis.Analyze(art)})
		}
		runtime.GC()
		rawStart := time.Now()
		if err := index.RawIndex(filepath.Join(dir, "raw.bleve"), recs, 256); err != nil {
			b.Fatal(err)
		}
		raw := time.Since(rawStart)
		rawPassages := 0
		for _, r := range recs {
			rawPassages += len(r.Passages)
		}
		rawRate := float64(rawPassages) / raw.Seconds()
		b.ReportMetric(rawRate, "raw-passages/s")
		b.ReportMetric(float64(rep.Passages)/pipeline.Seconds()/rawRate, "pipeline/raw")
		b.Logf("raw bleve: %d passages of %d articles in %s", rawPassages, len(recs), raw.Round(time.Millisecond))
	}
}

// latencies runs every query several times and returns the sorted durations.
func latencies(b *testing.B, run func(answer.Query) error) []time.Duration {
	var out []time.Duration
	for round := 0; round < 5; round++ {
		for _, raw := range reutersQueries {
			q, err := answer.ParseQuery(raw, answer.Filters{}, time.Date(1987, 12, 31, 0, 0, 0, 0, time.UTC))
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if err := run(q); err != nil {
				b.Fatal(err)
			}
			out = append(out, time.Since(start))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func pct(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, (len(sorted)*p+99)/100-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// peakRSSMiB reads the process's peak resident set size (Linux).
func peakRSSMiB() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}
