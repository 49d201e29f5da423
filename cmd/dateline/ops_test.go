package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
)

func TestReadyz(t *testing.T) {
	ctx := context.Background()
	engine, err := app.OpenDir(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := engine.IngestSample(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, discord string
		closed        bool
		code          int
		has           string
	}{
		{"gateway connected", "connected", false, 200, `"ready":true`},
		{"http interactions only", "http-only", false, 200, `"ready":true`},
		{"gateway still connecting", "connecting", false, 503, `"discord":"connecting"`},
		{"store gone", "connected", true, 503, `"index":"unknown"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.closed {
				engine.Close()
			}
			rec := httptest.NewRecorder()
			readyHandler(engine, func() string { return tt.discord })(rec, httptest.NewRequest("GET", "/readyz", nil))
			if rec.Code != tt.code || !strings.Contains(rec.Body.String(), tt.has) {
				t.Errorf("GET /readyz = %d %s; want %d with %s", rec.Code, rec.Body, tt.code, tt.has)
			}
			var rd readiness
			if err := json.Unmarshal(rec.Body.Bytes(), &rd); err != nil {
				t.Errorf("body is not JSON: %v", err)
			}
			if tt.closed && rd.Store == "ok" {
				t.Errorf("store of a closed engine reported ok")
			}
		})
	}
}

func TestEngineMetrics(t *testing.T) {
	ctx := context.Background()
	engine, err := app.OpenDir(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	if _, err := engine.IngestSample(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	if err := registerEngineMetrics(reg, engine); err != nil {
		t.Fatal(err)
	}
	timed, err := newTimedEngine(reg, engine)
	if err != nil {
		t.Fatal(err)
	}
	q, err := answer.ParseQuery("russia qamishli", answer.Filters{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := timed.When(ctx, app.Caller{}, q); err != nil {
		t.Fatal(err)
	}
	rep, err := engine.Replica(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := `
# HELP dateline_articles Articles in the store of record.
# TYPE dateline_articles gauge
dateline_articles 1
# HELP dateline_replica_lag_changes Store changes this process's index has not applied yet.
# TYPE dateline_replica_lag_changes gauge
dateline_replica_lag_changes 0
# HELP dateline_store_up 1 when the store of record answered the last scrape, else 0.
# TYPE dateline_store_up gauge
dateline_store_up 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "dateline_articles", "dateline_replica_lag_changes", "dateline_store_up"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(reg, "dateline_answer_seconds"); n != 1 {
		t.Errorf("%d answer latency series, want 1 (when)", n)
	}
	if rep.Passages == 0 {
		t.Error("no passages indexed")
	}
}
