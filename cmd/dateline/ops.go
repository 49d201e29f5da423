package main

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
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
	for _, c := range collectors {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
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
