package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/config"
)

// The memory benchmarks answer b.N simulated interactions, each with its own
// token (as on Discord), through a stub of Discord's REST API that answers
// at once and keeps nothing, so that any memory that grows is the bot's.
// They report the live heap after a full GC at the start (after a warm-up
// of 5 % of N) and at the end, and the growth per interaction:
//
//	go test -run '^$' -bench MemoryFlat -benchtime 1000000x ./bot/
//	go test -run '^$' -bench DiscordgoRespondMemory -benchtime 200000x ./bot/

// stubDiscord answers callbacks 204 and webhook calls 200 {} and counts them.
func stubDiscord(b *testing.B) (*httptest.Server, *atomic.Int64) {
	calls := &atomic.Int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		calls.Add(1)
		if strings.HasSuffix(r.URL.Path, "/callback") {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"1","channel_id":"2","content":""}`)
	}))
	b.Cleanup(srv.Close)
	return srv, calls
}

// oneEntryEngine answers every /when with one dated quote.
type oneEntryEngine struct{ idleEngine }

func (oneEntryEngine) When(context.Context, app.Caller, answer.Query) (answer.Timeline, error) {
	return answer.Timeline{Total: 1, Articles: 1, Entries: []answer.Entry{{
		DateRef: answer.DateRef{Date: "2026-01-23", Precision: "day", DateText: "on 23 January"},
		Quote:   seedQuote,
		Article: answer.ArticleRef{ID: "a1", Title: "Putin to host", Outlet: "Shafaq News", Published: "2026-01-27"},
	}}}, nil
}

// simulated is interaction n: /help or /when (one in four), from one of
// 20,000 users in one of 500 servers, with a snowflake of now and a fresh
// token.
func simulated(n int) *discordgo.Interaction {
	id := strconv.FormatUint(uint64(time.Now().UnixMilli()-discordEpochMs)<<22|uint64(n%(1<<22)), 10)
	user := fmt.Sprintf("4%017d", n%20000)
	data := discordgo.ApplicationCommandInteractionData{ID: "9", Name: "help"}
	if n%4 == 0 {
		data.Name = "when"
		data.Options = []*discordgo.ApplicationCommandInteractionDataOption{{Name: "query", Type: discordgo.ApplicationCommandOptionString, Value: "russia qamishli"}}
	}
	return &discordgo.Interaction{
		ID: id, AppID: "100000000000000001", Type: discordgo.InteractionApplicationCommand, Data: data,
		GuildID: fmt.Sprintf("2%017d", n%500), ChannelID: "300000000000000001",
		Token:  fmt.Sprintf("aW50ZXJhY3Rpb24%064x", n),
		Member: &discordgo.Member{User: &discordgo.User{ID: user, Username: "u"}},
	}
}

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func reportHeap(b *testing.B, start, end uint64, n int) {
	b.ReportMetric(float64(start)/(1<<20), "MiB-heap-start")
	b.ReportMetric(float64(end)/(1<<20), "MiB-heap-end")
	b.ReportMetric((float64(end)-float64(start))/float64(n), "B-growth/interaction")
}

// runParallel calls fn(n) for n in [from, to) on workers goroutines.
func runParallel(from, to, workers int, fn func(n int)) {
	var next atomic.Int64
	next.Store(int64(from))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := int(next.Add(1)) - 1; n < to; n = int(next.Add(1)) - 1 {
				fn(n)
			}
		}()
	}
	wg.Wait()
}

// BenchmarkMemoryFlat: the router and our interaction client keep nothing
// per interaction once it is answered (the per-user buckets, paging states
// and autocomplete cache are bounded).
func BenchmarkMemoryFlat(b *testing.B) {
	srv, calls := stubDiscord(b)
	bot, err := New(Options{Engine: oneEntryEngine{}, Config: config.Discord{APIURL: srv.URL + "/api/v9"}, DeferAfter: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	warm := max(b.N/20, 1)
	dispatch := func(n int) { bot.router.dispatch(simulated(n)) }
	runParallel(0, warm, 16, dispatch)
	start := liveHeap()
	began := time.Now()
	b.ResetTimer()
	runParallel(warm, b.N, 16, dispatch)
	b.StopTimer()
	end := liveHeap()
	runtime.KeepAlive(bot)
	b.Logf("%d interactions (%d REST calls) in %v; live heap %.1f MiB after the warm-up, %.1f MiB at the end",
		b.N, calls.Load(), time.Since(began).Round(time.Millisecond), float64(start)/(1<<20), float64(end)/(1<<20))
	reportHeap(b, start, end, b.N-warm)
	bot.router.shutdown(time.Second)
}

// BenchmarkDiscordgoRespondMemory is the same callback through discordgo's
// InteractionRespond, for comparison: its rate limiter keeps a bucket per
// URL, the token included, and never frees it.
func BenchmarkDiscordgoRespondMemory(b *testing.B) {
	srv, calls := stubDiscord(b)
	session, err := newSession(config.Discord{APIURL: srv.URL + "/api/v9", Token: "x"}, Shard{}, newGatewayLink(&closeCodes{}, discardLogger(), defaultGatewayTiming), nil)
	if err != nil {
		b.Fatal(err)
	}
	resp := privateText("hello").response()
	respond := func(n int) {
		if err := session.InteractionRespond(simulated(n), resp); err != nil {
			b.Error(err)
		}
	}
	warm := max(b.N/20, 1)
	runParallel(0, warm, 16, respond)
	start := liveHeap()
	b.ResetTimer()
	runParallel(warm, b.N, 16, respond)
	b.StopTimer()
	end := liveHeap()
	runtime.KeepAlive(session) // measured alive, as a running bot's is
	b.Logf("%d interactions, %d REST calls", b.N, calls.Load())
	reportHeap(b, start, end, b.N-warm)
}
