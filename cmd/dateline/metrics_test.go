package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/feeds"
	"github.com/dateline-bot/dateline/store"
	"github.com/dateline-bot/dateline/store/sqlite"
)

// scrape serves reg on a real HTTP server for the test and returns its
// /metrics URL.
func scrape(t *testing.T, reg *prometheus.Registry) string {
	t.Helper()
	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	t.Cleanup(srv.Close)
	return srv.URL + "/metrics"
}

// metricsHave waits until the scrape at url holds every line of want.
func metricsHave(t *testing.T, url string, want ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, w := range want {
		if code, body := waitForMetric(ctx, url, w); code != 200 {
			t.Errorf("/metrics: no %q in:\n%s", w, body)
		}
	}
}

// TestMetricsByScope: the store's articles and passages, shared and
// servers' archives apart.
func TestMetricsByScope(t *testing.T) {
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
	counts, err := engine.ScopeCounts(ctx)
	if err != nil || len(counts) != 1 || counts[0].Passages == 0 {
		t.Fatalf("scope counts %+v, %v", counts, err)
	}
	metricsHave(t, scrape(t, reg),
		`dateline_scope_articles{scope="shared"} 1`,
		`dateline_scope_articles{scope="servers"} 0`,
		fmt.Sprintf(`dateline_scope_passages{scope="shared"} %d`, counts[0].Passages),
		`dateline_server_archives 0`)
}

// TestFeedPollMetrics polls a feed served on 127.0.0.1 that answers 200,
// then 304, then 500, through the poller serve wires, and reads each
// result in a real scrape.
func TestFeedPollMetrics(t *testing.T) {
	ctx := context.Background()
	var broken atomic.Bool
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken.Load() {
			http.Error(w, "upstream exploded", http.StatusInternalServerError)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Courier</title><link>https://courier.example/</link>`+
			`<item><title>Water plant to reopen</title><link>https://courier.example/plant</link><guid>p1</guid><pubDate>Tue, 03 Mar 2026 06:30:00 GMT</pubDate>`+
			`<description><![CDATA[<p>Officials said on Tuesday that the water plant would reopen on 14 March after repairs to the two main pumps, which were damaged during the floods in January.</p>]]></description></item>`+
			`</channel></rss>`)
	}))
	defer feed.Close()

	engine, err := app.OpenDir(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "feeds.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	reg := prometheus.NewRegistry()
	follow, err := newFollowMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Fetch.AllowPrivate = true
	p := feeds.NewPoller(feeds.Config{Store: db, Archive: engine, Fetcher: newFeedFetcher(cfg), Observe: follow.FeedPolled})
	f, err := db.AddFeed(ctx, store.Feed{Scope: "shared", URL: feed.URL + "/rss"})
	if err != nil {
		t.Fatal(err)
	}
	url := scrape(t, reg)
	metricsHave(t, url, `dateline_feed_polls_total{result="failed"} 0`)
	f, r := p.Poll(ctx, f)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	metricsHave(t, url, `dateline_feed_polls_total{result="backfill"} 1`, `dateline_feed_items_total{result="backfill"} 1`)
	f, _ = p.Poll(ctx, f)
	metricsHave(t, url, `dateline_feed_polls_total{result="not_modified"} 1`)
	broken.Store(true)
	p.Poll(ctx, f)
	metricsHave(t, url, `dateline_feed_polls_total{result="failed"} 1`)
}

// TestServeMetrics runs `dateline serve` against the fake Discord and makes
// each counted thing happen: a digest posted through a 429, an interaction
// callback answered 500, a gateway reconnect (resumed); /metrics shows each.
func TestServeMetrics(t *testing.T) {
	const channel = "700000000000000042"
	fake := discordtest.New(t, discordtest.Options{ChannelGuilds: map[string]string{channel: discordtest.DefaultGuildID},
		HeartbeatInterval: 2 * time.Second})
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if r := dateline(t, data, "", "ingest", seedPath(t)); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	addr := freeAddr(t)
	config := filepath.Join(dir, "dateline.toml")
	toml := fmt.Sprintf("data_dir = %q\n[discord]\nguild_ids = [%q]\n[http]\nlisten = %q\n[digest]\nchannel_id = %q\nschedule = \"* * * * * *\"\n",
		data, discordtest.DefaultGuildID, addr, channel)
	if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	// The first digest post is rate limited once; the first callback fails.
	fake.Inject429("/channels/"+channel+"/messages", 1, true, 100*time.Millisecond)
	fake.InjectFault("POST", "/callback", 1, discordtest.Fault500, false)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p := startServe(t, ctx, config, fake, true)
	waitCtx, waitCancel := context.WithTimeout(ctx, 30*time.Second)
	defer waitCancel()
	if err := fake.WaitConnected(waitCtx); err != nil {
		t.Fatalf("serve did not connect: %v\nstderr:\n%s", err, p.stderr)
	}
	if _, err := fake.Slash("help").Final(waitCtx); err != nil {
		t.Fatalf("/help: %v\nstderr:\n%s", err, p.stderr)
	}
	url := "http://" + addr + "/metrics"
	metricsHave(t, url,
		`dateline_digests_total{result="posted"} 1`,
		`dateline_discord_rate_limited_total{route="channel_messages",scope="route"} 1`,
		`dateline_discord_rest_errors_total{route="interaction_callback",status="5xx"} 1`,
		`dateline_interactions_total{command="help",outcome="ok"} 1`)
	fake.SendReconnect()
	metricsHave(t, url, `dateline_gateway_reconnects_total{how="resume",shard="0"} 1`)
	p.stop(t)
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("fake Discord saw violations:\n%s", strings.Join(v, "\n"))
	}
}
