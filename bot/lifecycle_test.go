package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

// waitRun waits for Run to return on its own (without cancelling).
func (h *harness) waitRun(d time.Duration) (error, bool) {
	select {
	case err := <-h.done:
		h.cancel()
		h.cancel = nil
		return err, true
	case <-time.After(d):
		return nil, false
	}
}

// leftoverGoroutines lists the goroutines, other than test functions, running
// code of this package or of discordgo: after Run returned there must be
// none (heartbeats, gateway readers, handlers, their timers and workers).
func leftoverGoroutines() []string {
	buf := make([]byte, 4<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "testing.tRunner(") {
			continue // a test function itself (this one, or its parent waiting)
		}
		if strings.Contains(g, "bwmarrin/discordgo") || strings.Contains(g, "dateline/bot.") {
			out = append(out, g)
		}
	}
	return out
}

// checkNoLeftoverGoroutines waits a little for goroutines to wind down
// (discordgo's Close returns before its reader does), then fails the test
// if any is left.
func checkNoLeftoverGoroutines(t *testing.T) {
	t.Helper()
	var left []string
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if left = leftoverGoroutines(); len(left) == 0 {
			return
		}
	}
	t.Errorf("%d goroutines left after Run returned:\n%s", len(left), strings.Join(left, "\n\n"))
}

func TestCloseCodesStopTheBot(t *testing.T) {
	for _, code := range []int{4004, 4014} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			h := startBot(t, openEngine(t), discordtest.Options{}, nil)
			h.fake.CloseWith(code)
			err, returned := h.waitRun(10 * time.Second)
			if !returned {
				t.Fatalf("Run still running after close %d\nlogs:\n%s", code, h.logs)
			}
			var fatal FatalCloseError
			if !errors.As(err, &fatal) || fatal.Code != code {
				t.Fatalf("Run returned %v, want FatalCloseError{%d}", err, code)
			}
			conns := h.fake.Connections()
			time.Sleep(1500 * time.Millisecond)
			if h.fake.Connections() != conns || conns != 1 {
				t.Errorf("bot reconnected after close %d (%d connections)", code, h.fake.Connections())
			}
			checkNoLeftoverGoroutines(t)
		})
	}
}

func TestWrongTokenFailsFast(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	h := newHarness(t, fake, openEngine(t), "Bot wrong-token", nil)
	h.start()
	err, returned := h.waitRun(10 * time.Second)
	if !returned || err == nil {
		t.Fatalf("Run with a wrong token: returned=%v err=%v", returned, err)
	}
	if fake.Connections() > 1 || fake.Identifies() > 0 {
		t.Errorf("kept trying: %d connections, %d identifies", fake.Connections(), fake.Identifies())
	}
	if strings.Contains(err.Error(), "wrong-token") || strings.Contains(h.logs.String(), "wrong-token") {
		t.Error("the token leaked into an error or the logs")
	}
	// The fake records the wrong token as a violation: that is the point here.
	h.wantViolations = true
}

// TestShutdownFinishesInFlight cancels the bot while an answer is being
// worked on: the answer still arrives, Run returns nil, and an interaction
// arriving during the drain is told politely to come back.
func TestShutdownFinishesInFlight(t *testing.T) {
	h := startBot(t, trickyEngine{Engine: openEngine(t), delay: 1200 * time.Millisecond}, discordtest.Options{}, func(o *Options) { o.Now = func() time.Time { return testNow } })
	ix := h.fake.Slash("when", discordtest.StringOption("query", "russia evacuation slowly"))
	time.Sleep(300 * time.Millisecond) // the engine is now working on it
	stopped := make(chan error, 1)
	go func() { stopped <- h.stop() }()
	time.Sleep(100 * time.Millisecond)
	late := h.fake.Slash("help")
	msg := final(t, ix)
	if embedWith(msg, "23 Jan 2026") == nil {
		t.Fatalf("in-flight answer lost:\n%s", dump(msg))
	}
	if err := <-stopped; err != nil {
		t.Fatalf("Run returned %v after a clean shutdown", err)
	}
	m, err := late.Final(timeout(t, 5*time.Second))
	if err != nil {
		t.Fatalf("interaction during shutdown not answered: %v", err)
	}
	if !strings.Contains(m.Content, "restarting") {
		t.Errorf("interaction during shutdown got %q", m.Content)
	}
	checkNoLeftoverGoroutines(t)
}

func TestCommandsRegisteredOnlyWhenChanged(t *testing.T) {
	engine := openEngine(t)
	run := func(guilds []string) *discordtest.Server {
		h := startBot(t, engine, discordtest.Options{GuildIDs: []string{discordtest.DefaultGuildID, "200000000000000002"}}, func(o *Options) {
			o.Settings = engine // the hash lives in the store of record
			o.Config.GuildIDs = guilds
		})
		// Registration follows the connection: wait for its log line.
		// The deadline is generous: a loaded machine may take seconds to connect.
		for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if logs := h.logs.String(); strings.Contains(logs, "registered commands") || strings.Contains(logs, "definitions unchanged") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no registration log line within a minute; logs:\n%s", h.logs.String())
			}
		}
		if sum, err := engine.Setting(context.Background(), CommandsHashKey); err != nil || sum == "" {
			t.Fatalf("no hash in the store: %q, %v", sum, err)
		}
		if err := h.stop(); err != nil {
			t.Fatal(err)
		}
		return h.fake
	}
	if n := run([]string{discordtest.DefaultGuildID}).BulkOverwrites(); n != 1 {
		t.Fatalf("first start: %d overwrites, want 1", n)
	}
	if n := run([]string{discordtest.DefaultGuildID}).BulkOverwrites(); n != 0 {
		t.Fatalf("restart with the same definitions: %d overwrites, want 0", n)
	}
	fake := run(nil)
	if n := fake.BulkOverwrites(); n != 1 || len(fake.Commands("")) != len(commandSet(deps{})) {
		t.Fatalf("switch to global: %d overwrites, %d global commands", n, len(fake.Commands("")))
	}
	fake = run([]string{discordtest.DefaultGuildID, "200000000000000002"})
	if n := fake.BulkOverwrites(); n != 2 {
		t.Fatalf("two guilds: %d overwrites, want 2", n)
	}
	if c := fake.Commands("200000000000000002"); len(c) != len(commandSet(deps{})) || c[0].Type != discordgo.ChatApplicationCommand && c[0].Type != 0 {
		t.Fatalf("second guild has %d commands", len(c))
	}
}

// stubbornEngine is the real engine whose /when, on a query containing
// "slowly", works until it is cancelled and then needs a moment to wind
// down (as a search finishing its current segment would); inflight counts
// the calls not yet returned.
type stubbornEngine struct {
	Engine
	inflight *atomic.Int32
}

func (e stubbornEngine) When(ctx context.Context, c app.Caller, q answer.Query) (answer.Timeline, error) {
	e.inflight.Add(1)
	defer e.inflight.Add(-1)
	if strings.Contains(q.Raw, "slowly") {
		<-ctx.Done()
		time.Sleep(200 * time.Millisecond)
		return answer.Timeline{}, ctx.Err()
	}
	return e.Engine.When(ctx, c, q)
}

// TestShutdownPastGraceLeavesNoEngineCallRunning: when an answer is still
// being worked on after the grace period, its work is cancelled and Run
// returns only once the handler let go of the engine, which the caller
// closes next. HTTP-only, where Run has no gateway to close (which would
// otherwise take a second and hide the problem).
func TestShutdownPastGraceLeavesNoEngineCallRunning(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	inflight := &atomic.Int32{}
	h := newHarness(t, fake, stubbornEngine{Engine: openEngine(t), inflight: inflight}, "", func(o *Options) {
		o.Config.PublicKey = fake.PublicKey()
		o.Grace = 300 * time.Millisecond
	})
	h.start()
	srv := httptest.NewServer(h.bot.InteractionsHandler())
	defer srv.Close()
	if err := fake.VerifyEndpoint(timeout(t, 5*time.Second), srv.URL); err != nil {
		t.Fatal(err)
	}
	fake.SetInteractionsURL(srv.URL)
	ix := fake.Slash("when", discordtest.StringOption("query", "russia slowly"))
	if err := fake.Wait(timeout(t, 5*time.Second), func() bool { return inflight.Load() == 1 }); err != nil {
		t.Fatalf("the engine never started: %v", err)
	}
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	if n := inflight.Load(); n != 0 {
		t.Errorf("Run returned with %d engine calls still running", n)
	}
	if msg, err := ix.Final(timeout(t, 5*time.Second)); err != nil || !isEphemeral(msg) {
		t.Errorf("the cancelled interaction was not told: %v", err)
	}
}
