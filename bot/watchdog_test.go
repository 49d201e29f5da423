package bot

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/bot/discordtest"
)

// fastTiming is the watchdog with test-sized clocks.
func fastTiming() *gatewayTiming {
	t := defaultGatewayTiming
	t.connectTimeout = 700 * time.Millisecond
	t.watchEvery = 50 * time.Millisecond
	t.op9Min, t.op9Max = 200*time.Millisecond, 300*time.Millisecond
	return &t
}

// answered checks the bot still answers.
func answered(t *testing.T, h *harness) {
	t.Helper()
	if msg := final(t, h.fake.Slash("help")); len(msg.Embeds) != 1 {
		t.Fatalf("no help after recovering:\n%s", dump(msg))
	}
}

func TestResumeGoesToResumeGatewayURL(t *testing.T) {
	h := startBot(t, openEngine(t), discordtest.Options{HeartbeatInterval: 2 * time.Second}, func(o *Options) { o.timing = fastTiming() })
	fake := h.fake
	for i, fault := range []func(){fake.DropSocket, fake.SendReconnect, fake.DropSocket} {
		fault()
		if err := fake.Wait(timeout(t, 15*time.Second), func() bool { return fake.ResumesViaResumeURL() >= i+1 && fake.Connected() }); err != nil {
			t.Fatalf("fault %d: %d resumes, %d through resume_gateway_url: %v\nlogs:\n%s", i, fake.Resumes(), fake.ResumesViaResumeURL(), err, h.logs)
		}
	}
	// A loaded machine may add a resume (a late heartbeat ACK), never an IDENTIFY.
	if fake.Resumes() != fake.ResumesViaResumeURL() || fake.Identifies() != 1 {
		t.Errorf("%d resumes (%d through resume_gateway_url) and %d identifies, want all through it and 1",
			fake.Resumes(), fake.ResumesViaResumeURL(), fake.Identifies())
	}
	answered(t, h)
}

func TestStalledGatewayIsResumed(t *testing.T) {
	h := startBot(t, openEngine(t), discordtest.Options{HeartbeatInterval: 400 * time.Millisecond}, func(o *Options) { o.timing = fastTiming() })
	fake := h.fake
	fake.Stall()
	start := time.Now()
	ix := fake.Slash("help") // kept by the fake for the RESUME
	if err := fake.Wait(timeout(t, 15*time.Second), func() bool { return fake.ResumesViaResumeURL() >= 1 && fake.Connected() }); err != nil {
		t.Fatalf("a stalled connection was not resumed: %v\nlogs:\n%s", err, h.logs)
	}
	t.Logf("stalled connection resumed after %v (heartbeat interval 400 ms)", time.Since(start).Round(time.Millisecond))
	if !strings.Contains(h.logs.String(), "no heartbeat ACK") {
		t.Errorf("no log line says why the connection was dropped:\n%s", h.logs)
	}
	if msg := final(t, ix); len(msg.Embeds) != 1 {
		t.Errorf("the interaction sent during the stall: %s", dump(msg))
	}
	if fake.Identifies() != 1 {
		t.Errorf("%d identifies: the session was not resumed", fake.Identifies())
	}
}

func TestSilentGateway(t *testing.T) {
	t.Run("at the first connection: Run gives up", func(t *testing.T) {
		fake := discordtest.New(t, discordtest.Options{})
		fake.SetSilentGateway(true)
		h := newHarness(t, fake, openEngine(t), fake.Token(), func(o *Options) { o.timing = fastTiming() })
		h.start()
		err, returned := h.waitRun(10 * time.Second)
		if !returned || err == nil || !strings.Contains(err.Error(), "no HELLO") {
			t.Fatalf("Run against a silent gateway: returned=%v err=%v", returned, err)
		}
		checkNoLeftoverGoroutines(t)
	})
	t.Run("shutdown while connecting", func(t *testing.T) {
		fake := discordtest.New(t, discordtest.Options{})
		fake.SetSilentGateway(true)
		h := newHarness(t, fake, openEngine(t), fake.Token(), func(o *Options) {
			o.timing = fastTiming()
			o.timing.connectTimeout = time.Minute
		})
		h.start()
		if err := fake.Wait(timeout(t, 10*time.Second), func() bool { return fake.Connections() == 1 }); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := h.stop(); err != nil {
			t.Fatalf("Run after cancel while connecting: %v", err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("shutdown took %v while the gateway was silent", took)
		}
	})
	t.Run("while reconnecting: retried until it answers", func(t *testing.T) {
		h := startBot(t, openEngine(t), discordtest.Options{HeartbeatInterval: 2 * time.Second}, func(o *Options) { o.timing = fastTiming() })
		fake := h.fake
		fake.SetSilentGateway(true)
		before := fake.Connections()
		fake.DropSocket()
		if err := fake.Wait(timeout(t, 15*time.Second), func() bool { return fake.Connections() >= before+2 }); err != nil {
			t.Fatalf("the bot did not try again after a silent connection: %v\nlogs:\n%s", err, h.logs)
		}
		fake.SetSilentGateway(false)
		if err := fake.Wait(timeout(t, 30*time.Second), func() bool { return fake.Connected() }); err != nil {
			t.Fatalf("not reconnected once the gateway spoke again: %v\nlogs:\n%s", err, h.logs)
		}
		answered(t, h)
	})
}

func TestInvalidSessionIsHeldBack(t *testing.T) {
	h := startBot(t, openEngine(t), discordtest.Options{HeartbeatInterval: 2 * time.Second}, func(o *Options) { o.timing = fastTiming() })
	fake := h.fake
	start := time.Now()
	fake.SendInvalidSession(false)
	if err := fake.Wait(timeout(t, 15*time.Second), func() bool { return fake.Identifies() == 2 && fake.Connected() }); err != nil {
		t.Fatalf("no IDENTIFY after op 9: %v", err)
	}
	if took := time.Since(start); took < 200*time.Millisecond {
		t.Errorf("identified again %v after op 9, before the 200 ms hold", took)
	}
	if !strings.Contains(h.logs.String(), "identifying again after a pause") {
		t.Errorf("no log line for the op 9 pause:\n%s", h.logs)
	}
	answered(t, h)
}

func TestIdentifyBudgetPauses(t *testing.T) {
	const limit, reset = 4, 5 * time.Second
	h := startBot(t, openEngine(t), discordtest.Options{HeartbeatInterval: 2 * time.Second, SessionStartLimit: limit, SessionStartResetAfter: reset},
		func(o *Options) { o.timing = fastTiming() })
	fake := h.fake
	// limit 4, reserve 2: the start and one op 9 may IDENTIFY; the next op 9 pauses until the reset.
	fake.SendInvalidSession(false)
	if err := fake.Wait(timeout(t, 10*time.Second), func() bool { return fake.Identifies() == 2 && fake.Connected() }); err != nil {
		t.Fatal(err)
	}
	fake.SendInvalidSession(false)
	if err := fake.Wait(timeout(t, 10*time.Second), func() bool { return strings.Contains(h.logs.String(), "IDENTIFY budget is nearly spent") }); err != nil {
		t.Fatalf("no pause for the IDENTIFY budget: %v\nlogs:\n%s", err, h.logs)
	}
	waitFor(t, func() bool { return h.bot.Status() == "paused" })
	if n := fake.Identifies(); n != 2 {
		t.Errorf("%d identifies while paused", n)
	}
	if err := fake.Wait(timeout(t, 20*time.Second), func() bool { return fake.Identifies() == 3 && fake.Connected() }); err != nil {
		t.Fatalf("not reconnected after the budget reset: %v\nlogs:\n%s", err, h.logs)
	}
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
	answered(t, h)
}

func TestGatewayAddrAndRedirect(t *testing.T) {
	for _, tt := range []struct{ url, want string }{
		{"wss://gateway-us-east1-b.discord.gg", "gateway-us-east1-b.discord.gg:443"},
		{"ws://127.0.0.1:4567/resume", "127.0.0.1:4567"},
		{"https://example.org", ""},
		{"wss://", ""},
		{"::", ""},
	} {
		if got := gatewayAddr(tt.url); got != tt.want {
			t.Errorf("gatewayAddr(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
	l := newGatewayLink(&closeCodes{}, discardLogger(), defaultGatewayTiming)
	if l.redirect("gateway.discord.gg:443") != nil || l.gatewayURL() != "" {
		t.Fatal("redirected before any READY")
	}
	l.ready([]byte(`{"session_id":"s","resume_gateway_url":"wss://resume.discord.gg"}`))
	if l.redirect("gateway.discord.gg:443") == nil {
		t.Error("a dial to the discovery URL was not turned away once READY named a resume URL")
	}
	if l.gatewayURL() != "wss://resume.discord.gg" || l.redirect("resume.discord.gg:443") != nil {
		t.Error("the resume URL is not what GET /gateway answers, or its dial was turned away")
	}
	l.dialFailed("resume.discord.gg:443")
	l.dialFailed("resume.discord.gg:443")
	if l.gatewayURL() != "" || l.redirect("gateway.discord.gg:443") != nil {
		t.Error("an unreachable resume URL was not given up")
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
