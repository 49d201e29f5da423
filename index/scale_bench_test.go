package index_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/store/postgres/pgtest"
)

// The numbers at scale (docs/BENCHMARKS.md):
//
//	go test -run '^$' -bench Scale -benchtime 1x -timeout 60m ./index/ -args -scale.articles 100000
//	go test -run '^$' -bench ReplicaLag -benchtime 1x ./index/
var (
	scaleArticles = flag.Int("scale.articles", 100000, "articles BenchmarkScale ingests (Reuters-21578 and varied copies of it)")
	scaleStore    = flag.String("scale.store", "sqlite", "store BenchmarkScale ingests into: sqlite or postgres (a throwaway cluster)")
	scaleDir      = flag.String("scale.dir", "", "BenchmarkScale keeps its data directory here; when one is already there, "+
		"ingesting is skipped and only serving is measured (to iterate on the query path; sqlite only)")
)

// scaleQueries are varied questions a desk might ask of 1987 wire copy.
var scaleQueries = []string{
	"cocoa", "opec oil prices", "when did the fed raise rates", "japan trade surplus", "wheat exports soviet",
	"coffee quota talks", "bank of england", "texaco bankruptcy", "dollar yen", "brazil debt moratorium",
	"gulf tanker attack", "sugar crop", "u.s. budget deficit", "west german bundesbank", "merger acquisition offer",
	"iran", "strike workers union", "gold price", "ec farm ministers", "argentina grain", "shipping rates",
	"\"crude oil\" output", "china", "earthquake ecuador pipeline", "chrysler american motors", "ibm earnings",
	"tin council", "interest rates cut", "canada", "stock market crash",
}

// scaleOutlets spread the copies over outlets, as syndication does.
var scaleOutlets = []string{"Reuters", "AP", "AFP", "Bloomberg", "Dow Jones", "Kyodo", "DPA", "UPI"}

// corpusSource gives the n-th article of the expanded corpus: the
// Reuters-21578 articles (or generated ones when ../shared is absent),
// then varied copies of them: another outlet, a publication day later,
// a revision line, paragraphs swapped, so that no copy is a duplicate.
type corpusSource struct {
	base []corpus.Article
}

func newCorpusSource(b *testing.B) corpusSource {
	if path := findReuters(); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		var arts []corpus.Article
		for _, it := range parse.Parse("reuters21578.jsonl", data) {
			if it.Err == nil {
				arts = append(arts, it.Article)
			}
		}
		b.Logf("base corpus: %d Reuters-21578 articles from %s", len(arts), path)
		return corpusSource{base: arts}
	}
	b.Logf("../shared/data absent: base corpus of 20,000 generated articles")
	return corpusSource{base: generated(20000)}
}

// findReuters looks for ../shared/data/reuters21578 above the working directory.
func findReuters() string {
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "shared", "data", "reuters21578", "reuters21578.jsonl")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
		dir = filepath.Dir(dir)
	}
}

// generated makes n articles of plain wire-like text with dates.
func generated(n int) []corpus.Article {
	words := strings.Fields("oil prices trade bank rates grain wheat coffee cocoa sugar gold dollar yen mark " +
		"talks ministers exports imports surplus deficit strike union merger offer shares earnings output " +
		"crop quota pipeline tanker council budget debt loans market index bonds government officials said")
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August"}
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]corpus.Article, n)
	for i := range out {
		var paras []string
		for p := 0; p < 3+rng.IntN(6); p++ {
			var sb strings.Builder
			for w := 0; w < 25+rng.IntN(40); w++ {
				sb.WriteString(words[rng.IntN(len(words))])
				sb.WriteByte(' ')
			}
			fmt.Fprintf(&sb, "on %d %s, a spokesman said.", 1+rng.IntN(28), months[rng.IntN(len(months))])
			paras = append(paras, strings.ToUpper(sb.String()[:1])+sb.String()[1:])
		}
		out[i] = corpus.Article{Title: fmt.Sprintf("%s %s report %d", words[rng.IntN(len(words))], words[rng.IntN(len(words))], i),
			Body: strings.Join(paras, "\n\n"), Outlet: "Generated Wire", Source: corpus.SourceFile,
			Published: time.Date(1987, time.Month(1+rng.IntN(8)), 1+rng.IntN(28), 12, 0, 0, 0, time.UTC)}
	}
	return out
}

func (s corpusSource) article(n int) corpus.Article {
	a := s.base[n%len(s.base)]
	k := n / len(s.base)
	if k == 0 {
		return a
	}
	a.Outlet = scaleOutlets[(k+n)%len(scaleOutlets)]
	a.URL = ""
	a.Published = a.Published.AddDate(0, 0, k)
	a.Title = fmt.Sprintf("%s (revised %d)", a.Title, k)
	paras := strings.Split(a.Body, "\n\n")
	if len(paras) > 3 {
		i := 1 + k%(len(paras)-2)
		paras[i], paras[i+1] = paras[i+1], paras[i]
	}
	a.Body = fmt.Sprintf("Revision %d of a %s story.\n\n%s", k, a.Outlet, strings.Join(paras, "\n\n"))
	return a
}

// BenchmarkScale ingests the expanded corpus through the whole pipeline,
// indexes the same passages with raw Bleve (plain mapping) for the ratio,
// then reopens the data directory (time to ready with an existing index)
// and measures /when and /search latency with 1 and 8 concurrent clients,
// the index's size and the peak RSS of ingesting and of serving.
func BenchmarkScale(b *testing.B) {
	src := newCorpusSource(b)
	n := *scaleArticles
	ctx := context.Background()
	for b.Loop() {
		dir := b.TempDir()
		cfg := config.Config{DataDir: filepath.Join(dir, "data")}
		if *scaleStore == "postgres" {
			cfg.Store.URL = pgtest.Start(b).NewDatabase(b)
		}
		if *scaleDir != "" {
			cfg.DataDir = *scaleDir
			if _, err := os.Stat(filepath.Join(cfg.DataDir, app.IndexFile)); err == nil {
				b.Logf("serving only, from the data directory kept in %s", cfg.DataDir)
				serveScale(b, cfg)
				continue
			}
		}
		resetPeakRSS()
		a, err := app.Open(ctx, cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		in := a.NewIngester(app.Origin{Source: corpus.SourceFile, By: "bench"})
		for i := 0; i < n; i++ {
			if err := in.Add(ctx, "bench", []parse.Item{{Article: src.article(i), Line: i + 1}}); err != nil {
				b.Fatal(err)
			}
		}
		if err := in.Flush(ctx); err != nil || in.IndexErr() != nil {
			b.Fatal(err, in.IndexErr())
		}
		pipeline := time.Since(start)
		rep := in.Report()
		ingestRSS := peakRSSMiB()
		if err := a.Close(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Added)/pipeline.Seconds(), "articles/s")
		b.ReportMetric(ingestRSS, "ingest-peak-RSS-MiB")
		b.Logf("pipeline (%s): %d added, %d duplicates, %d failed, %d passages in %s: %.0f articles/s, %.0f passages/s; peak RSS %.0f MiB",
			*scaleStore, rep.Added, rep.Duplicates, rep.Failed, rep.Passages, pipeline.Round(time.Millisecond),
			float64(rep.Added)/pipeline.Seconds(), float64(rep.Passages)/pipeline.Seconds(), ingestRSS)

		rawRate := rawBleve(b, src, n, filepath.Join(dir, "raw.bleve"))
		b.ReportMetric(float64(rep.Passages)/pipeline.Seconds()/rawRate, "pipeline/raw")
		b.Logf("pipeline / raw Bleve (passages/s): %.2f", float64(rep.Passages)/pipeline.Seconds()/rawRate)
		os.RemoveAll(filepath.Join(dir, "raw.bleve"))
		size := dirSizeMiB(filepath.Join(cfg.DataDir, app.IndexFile))
		b.ReportMetric(size, "index-MiB")
		b.Logf("index: %.0f MiB on disk", size)
		serveScale(b, cfg)
	}
}

// serveScale opens the data directory afresh, as a restart (time to
// ready), and measures /when and /search latency with 1 and 8 clients and
// the peak RSS of serving.
func serveScale(b *testing.B, cfg config.Config) {
	ctx := context.Background()
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	start := time.Now()
	a, err := app.Open(ctx, cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	ready := time.Since(start)
	b.ReportMetric(ready.Seconds(), "ready-s")
	b.Logf("ready (open with the existing index, caught up) in %s", ready.Round(time.Millisecond))
	for _, clients := range []int{1, 8} {
		for _, kind := range []string{"when", "search"} {
			lat := concurrentLatencies(b, a, kind, clients)
			b.ReportMetric(msOf(percentile(lat, 50)), fmt.Sprintf("%s-%dc-p50-ms", kind, clients))
			b.ReportMetric(msOf(percentile(lat, 99)), fmt.Sprintf("%s-%dc-p99-ms", kind, clients))
			b.Logf("%s, %d clients: p50 %.1f ms, p99 %.1f ms (%d queries)", kind, clients,
				msOf(percentile(lat, 50)), msOf(percentile(lat, 99)), len(lat))
		}
	}
	serveRSS := peakRSSMiB()
	b.ReportMetric(serveRSS, "serve-peak-RSS-MiB")
	b.Logf("serving peak RSS %.0f MiB", serveRSS)
	a.Close()
}

// rawBleve indexes the same passages (analysed beforehand, untimed) into
// raw Bleve with a plain mapping, a batch of 256 articles at a time, and
// returns its passages/s.
func rawBleve(b *testing.B, src corpusSource, n int, path string) float64 {
	var took time.Duration
	passages := 0
	seen := map[string]bool{}
	raw, err := index.NewRawIndex(path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	for start := 0; start < n; start += 256 {
		var recs []corpus.Record
		for i := start; i < min(start+256, n); i++ {
			art := src.article(i)
			if h := corpus.BodyHash(art.Body); seen[h] {
				continue // the pipeline skips duplicates too
			} else {
				seen[h] = true
			}
			art.ID = corpus.ArticleID(art)
			recs = append(recs, corpus.Record{Article: art, Passages: analysis.Analyze(art)})
			passages += len(recs[len(recs)-1].Passages)
		}
		t := time.Now()
		if err := raw.Add(recs); err != nil {
			b.Fatal(err)
		}
		took += time.Since(t)
	}
	rate := float64(passages) / took.Seconds()
	b.ReportMetric(rate, "raw-passages/s")
	b.Logf("raw Bleve (plain mapping, BM25): %d passages in %s: %.0f passages/s", passages, took.Round(time.Millisecond), rate)
	return rate
}

// concurrentLatencies runs every query 3 times, spread over clients
// goroutines, and returns the sorted durations.
func concurrentLatencies(b *testing.B, a *app.App, kind string, clients int) []time.Duration {
	var queries []answer.Query
	for round := 0; round < 3; round++ {
		for _, raw := range scaleQueries {
			q, err := answer.ParseQuery(raw, answer.Filters{}, time.Date(1987, 12, 31, 0, 0, 0, 0, time.UTC))
			if err != nil {
				b.Fatal(err)
			}
			queries = append(queries, q)
		}
	}
	next := make(chan answer.Query)
	var mu sync.Mutex
	var out []time.Duration
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := range next {
				start := time.Now()
				var err error
				if kind == "when" {
					_, err = a.When(context.Background(), app.Caller{}, q)
				} else {
					_, err = a.Search(context.Background(), app.Caller{}, q)
				}
				d := time.Since(start)
				if err != nil {
					b.Error(err)
				}
				mu.Lock()
				out = append(out, d)
				mu.Unlock()
			}
		}()
	}
	for _, q := range queries {
		next <- q
	}
	close(next)
	wg.Wait()
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// BenchmarkReplicaLag runs two Apps on one PostgreSQL store, as two
// processes would, the second following the first's changes (NOTIFY, no
// polling), and measures the time from an ingest's return in the first to
// the change being applied in the second: single articles one at a time,
// then a batch of 1,000.
func BenchmarkReplicaLag(b *testing.B) {
	srv := pgtest.Start(b)
	src := corpusSource{base: generated(2000)}
	if p := findReuters(); p != "" {
		src = newCorpusSource(b)
	}
	ctx := context.Background()
	for b.Loop() {
		url := srv.NewDatabase(b)
		open := func() *app.App {
			a, err := app.Open(ctx, config.Config{DataDir: b.TempDir(), Store: config.Store{URL: url}}, nil)
			if err != nil {
				b.Fatal(err)
			}
			return a
		}
		writer, follower := open(), open()
		fctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); follower.Follow(fctx, time.Hour) }()

		caughtUp := func(last int64) time.Duration {
			start := time.Now()
			for {
				r, err := follower.Replica(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if r.Applied >= last {
					return time.Since(start)
				}
				time.Sleep(time.Millisecond)
			}
		}
		ingest := func(from, to int) int64 {
			in := writer.NewIngester(app.Origin{Source: corpus.SourceFile, By: "bench"})
			for i := from; i < to; i++ {
				if err := in.Add(ctx, "bench", []parse.Item{{Article: src.article(i)}}); err != nil {
					b.Fatal(err)
				}
			}
			if err := in.Flush(ctx); err != nil {
				b.Fatal(err)
			}
			r, err := writer.Replica(ctx)
			if err != nil {
				b.Fatal(err)
			}
			return r.Last
		}
		var lags []time.Duration
		for i := 0; i < 50; i++ {
			lags = append(lags, caughtUp(ingest(i, i+1)))
		}
		sort.Slice(lags, func(i, j int) bool { return lags[i] < lags[j] })
		start := time.Now()
		last := ingest(50, 1050)
		ingested := time.Since(start)
		bulk := caughtUp(last)
		b.ReportMetric(msOf(percentile(lags, 50)), "lag-p50-ms")
		b.ReportMetric(msOf(percentile(lags, 99)), "lag-p99-ms")
		b.ReportMetric(msOf(bulk), "bulk-lag-ms")
		b.Logf("one article at a time: lag p50 %.1f ms, p99 %.1f ms, max %.1f ms; 1,000 articles ingested in %s, the follower caught up %s after",
			msOf(percentile(lags, 50)), msOf(percentile(lags, 99)), msOf(lags[len(lags)-1]), ingested.Round(time.Millisecond), bulk.Round(time.Millisecond))
		stop()
		<-done
		writer.Close()
		follower.Close()
	}
}

func percentile(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, (len(sorted)*p+99)/100-1)]
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// resetPeakRSS starts a new peak for peakRSSMiB (Linux: clear_refs 5).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0o200) }

func dirSizeMiB(dir string) float64 {
	var total int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return float64(total) / (1 << 20)
}
