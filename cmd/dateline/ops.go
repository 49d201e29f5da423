package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/feeds"
	"github.com/dateline-bot/dateline/store"
)

// Serving at scale: how `serve` says it is ready, what it measures, and
// how its index follows the store.
const (
	// followPoll is how often the index asks the store for changes when
	// nothing wakes it (PostgreSQL's NOTIFY does, at once).
	followPoll = 2 * time.Second
	// readyBehind is how many store changes the index may lag and still
	// be ready: a replica follows a busy store a batch or a few behind.
	readyBehind = 1000
	// readyTimeout bounds the store check of one /readyz.
	readyTimeout = 2 * time.Second
)

// readiness is the answer of GET /readyz.
type readiness struct {
	Ready   bool   `json:"ready"`
	Store   string `json:"store"`   // "ok" or what failed
	Index   string `json:"index"`   // "ok" or how far behind
	Discord string `json:"discord"` // the bot's status
	Applied int64  `json:"applied_change"`
	Last    int64  `json:"last_change"`
}

// ready checks the store (reachable), the index (caught up with it) and
// Discord (gateway connected, or HTTP interactions only).
func ready(ctx context.Context, engine *app.App, discord string) readiness {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	r := readiness{Store: "ok", Index: "ok", Discord: discord}
	rep, err := engine.Replica(ctx)
	switch {
	case err != nil:
		r.Store = err.Error()
		r.Index = "unknown"
	case rep.Behind() > readyBehind:
		r.Index = "catching up"
	}
	r.Applied, r.Last = rep.Applied, rep.Last
	r.Ready = r.Store == "ok" && r.Index == "ok" && (discord == "connected" || discord == "http-only")
	return r
}

func readyHandler(engine *app.App, discord func() string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rd := ready(r.Context(), engine, discord())
		w.Header().Set("Content-Type", "application/json")
		if !rd.Ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(rd) // a client gone away is not our error
	}
}

// registerEngineMetrics adds to reg what the engine measures: articles and
// passages, the replica's applied change and lag, and whether the store
// answers. They are read when /metrics is scraped.
func registerEngineMetrics(reg prometheus.Registerer, engine *app.App) error {
	status := func() (app.ReplicaStatus, bool) {
		ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
		defer cancel()
		rep, err := engine.Replica(ctx)
		return rep, err == nil
	}
	gauge := func(name, help string, value func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, value)
	}
	collectors := []prometheus.Collector{
		gauge("dateline_store_up", "1 when the store of record answered the last scrape, else 0.", func() float64 {
			if _, ok := status(); ok {
				return 1
			}
			return 0
		}),
		gauge("dateline_articles", "Articles in the store of record.", func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
			defer cancel()
			n, _ := engine.Counts(ctx) // an unreachable store shows in dateline_store_up
			return float64(n)
		}),
		gauge("dateline_index_passages", "Passages in this process's index.", func() float64 {
			rep, _ := status()
			return float64(rep.Passages)
		}),
		gauge("dateline_replica_applied_change", "The last store change this process's index applied.", func() float64 {
			rep, _ := status()
			return float64(rep.Applied)
		}),
		gauge("dateline_replica_lag_changes", "Store changes this process's index has not applied yet.", func() float64 {
			rep, _ := status()
			return float64(rep.Behind())
		}),
	}
	collectors = append(collectors, &scopeCollector{engine: engine})
	for _, c := range collectors {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// scopeCollector reports the store's articles and passages by archive: the
// shared archive, and every server's archive summed (one series per server
// would grow with every server that ever adds an article), with the number
// of servers that have one. Counting reads every live article (about 4.5 s
// at 100,000 articles of 10 passages on SQLite, BenchmarkScopeCounts), so a
// scrape reports the last count and starts a new one in the background when
// it is older than scopeCountEvery.
type scopeCollector struct {
	engine *app.App

	mu       sync.Mutex
	counts   []store.ScopeCount
	at       time.Time // when counts were read; zero before the first count
	counting bool
}

// scopeCountEvery is how old the scope counts may be before a scrape starts
// counting again; scopeCountTimeout bounds one count.
const (
	scopeCountEvery   = time.Minute
	scopeCountTimeout = time.Minute
)

// last returns the latest counts (ok false before the first) and starts a
// count when they are stale and none is running.
func (c *scopeCollector) last() ([]store.ScopeCount, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.counting && time.Since(c.at) >= scopeCountEvery {
		c.counting = true
		go c.count()
	}
	return c.counts, !c.at.IsZero()
}

func (c *scopeCollector) count() {
	ctx, cancel := context.WithTimeout(context.Background(), scopeCountTimeout)
	defer cancel()
	counts, err := c.engine.ScopeCounts(ctx) // an unreachable store shows in dateline_store_up
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counting = false
	if err == nil {
		c.counts, c.at = counts, time.Now()
	}
}

var (
	scopeArticlesDesc = prometheus.NewDesc("dateline_scope_articles",
		"Live articles in the store of record, by scope: shared (the operator's archive) or servers (every server's own archive, summed).", []string{"scope"}, nil)
	scopePassagesDesc = prometheus.NewDesc("dateline_scope_passages",
		"Passages of live articles in the store of record, by scope (shared, servers).", []string{"scope"}, nil)
	serverArchivesDesc = prometheus.NewDesc("dateline_server_archives",
		"Servers whose own archive holds at least one live article.", nil, nil)
)

func (*scopeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- scopeArticlesDesc
	ch <- scopePassagesDesc
	ch <- serverArchivesDesc
}

// Collect reports the latest counts; nothing before the first one.
func (c *scopeCollector) Collect(ch chan<- prometheus.Metric) {
	counts, ok := c.last()
	if !ok {
		return
	}
	articles := map[string]int{"shared": 0, "servers": 0}
	passages := map[string]int{"shared": 0, "servers": 0}
	servers := 0
	for _, sc := range counts {
		scope := "servers"
		if sc.Scope == app.SharedScope {
			scope = "shared"
		} else {
			servers++
		}
		articles[scope] += sc.Articles
		passages[scope] += sc.Passages
	}
	for _, scope := range []string{"shared", "servers"} {
		ch <- prometheus.MustNewConstMetric(scopeArticlesDesc, prometheus.GaugeValue, float64(articles[scope]), scope)
		ch <- prometheus.MustNewConstMetric(scopePassagesDesc, prometheus.GaugeValue, float64(passages[scope]), scope)
	}
	ch <- prometheus.MustNewConstMetric(serverArchivesDesc, prometheus.GaugeValue, float64(servers))
}

// timedEngine is the engine with its answers timed, by kind, for /metrics.
type timedEngine struct {
	*app.App
	latency *prometheus.HistogramVec
}

func newTimedEngine(reg prometheus.Registerer, engine *app.App) (timedEngine, error) {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "dateline_answer_seconds",
		Help:    "Time the engine took to answer, by kind (when, search), index and store included.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"kind"})
	return timedEngine{App: engine, latency: h}, reg.Register(h)
}

func (e timedEngine) When(ctx context.Context, c app.Caller, q answer.Query) (answer.Timeline, error) {
	defer e.observe("when", time.Now())
	return e.App.When(ctx, c, q)
}

func (e timedEngine) Search(ctx context.Context, c app.Caller, q answer.Query) (answer.Results, error) {
	defer e.observe("search", time.Now())
	return e.App.Search(ctx, c, q)
}

func (e timedEngine) observe(kind string, start time.Time) {
	e.latency.WithLabelValues(kind).Observe(time.Since(start).Seconds())
}

// followMetrics counts feed polls and digests for /metrics (app.Observer).
type followMetrics struct {
	polls   *prometheus.CounterVec
	items   *prometheus.CounterVec
	digests *prometheus.CounterVec
}

var _ app.Observer = (*followMetrics)(nil)

// newFollowMetrics registers the feed and digest counters with reg, every
// label value at 0 from the start (a dashboard sees a series before the
// first failure).
func newFollowMetrics(reg prometheus.Registerer) (*followMetrics, error) {
	m := &followMetrics{
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dateline_feed_polls_total",
			Help: "Feed polls by result: new, no_new, not_modified (304), backfill (a new feed's first read), item_errors (some items not stored), failed (the feed backs off).",
		}, []string{"result"}),
		items: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dateline_feed_items_total",
			Help: "Feed items read, by result: new, backfill, repeat (seen before), failed (not stored; tried again next poll).",
		}, []string{"result"}),
		digests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dateline_digests_total",
			Help: "Digest slots this process posted, by result: posted, empty (nothing new, nothing posted), failed (retried with back-off).",
		}, []string{"result"}),
	}
	for _, r := range []string{feeds.OutcomeNew, feeds.OutcomeNoNew, feeds.OutcomeNotModified, feeds.OutcomeBackfill, feeds.OutcomeItemErrors, feeds.OutcomeFailed} {
		m.polls.WithLabelValues(r)
	}
	for _, r := range []string{"new", "backfill", "repeat", "failed"} {
		m.items.WithLabelValues(r)
	}
	for _, r := range []string{app.DigestPosted, app.DigestEmpty, app.DigestFailed} {
		m.digests.WithLabelValues(r)
	}
	for _, c := range []prometheus.Collector{m.polls, m.items, m.digests} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register feed and digest metrics: %w", err)
		}
	}
	return m, nil
}

func (m *followMetrics) FeedPolled(r feeds.Result) {
	m.polls.WithLabelValues(r.Outcome()).Inc()
	m.items.WithLabelValues("new").Add(float64(r.New))
	m.items.WithLabelValues("backfill").Add(float64(r.Backfilled))
	m.items.WithLabelValues("repeat").Add(float64(r.Repeats))
	m.items.WithLabelValues("failed").Add(float64(r.Failed))
}

func (m *followMetrics) DigestFinished(outcome string) {
	m.digests.WithLabelValues(outcome).Inc()
}
