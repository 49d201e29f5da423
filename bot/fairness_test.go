package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

// manualClock is a clock tests move by hand.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestUserLimiter(t *testing.T) {
	clock := &manualClock{t: testNow}
	l := newUserLimiter(2, time.Second, clock.now)
	steps := []struct {
		advance time.Duration
		user    string
		ok      bool
		wait    time.Duration
	}{
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", false, time.Second},
		{0, "b", true, 0}, // others are not held back
		{400 * time.Millisecond, "a", false, 600 * time.Millisecond},
		{600 * time.Millisecond, "a", true, 0},
		{0, "a", false, time.Second},
	}
	for i, s := range steps {
		clock.advance(s.advance)
		ok, wait := l.take(s.user)
		if ok != s.ok || wait != s.wait {
			t.Errorf("step %d: take(%s) = %v, %v; want %v, %v", i, s.user, ok, wait, s.ok, s.wait)
		}
	}
	// Users whose bucket refilled are forgotten: the map stays bounded.
	for i := 0; i < userLimiterSweepAt+10; i++ {
		l.take(fmt.Sprint("u", i))
		if i%1000 == 0 {
			clock.advance(time.Hour)
		}
	}
	if n := len(l.users); n > userLimiterSweepAt {
		t.Errorf("%d users tracked", n)
	}
}

func TestSchedulerCapsServersAndBoundsTheQueue(t *testing.T) {
	s := newScheduler(2) // server cap 1
	s.maxQueued, s.maxWait = 2, 100*time.Millisecond
	ctx := context.Background()
	if !s.tryAcquire("A") {
		t.Fatal("A's first did not get a free slot")
	}
	if s.tryAcquire("A") {
		t.Fatal("A got a second slot past its cap")
	}
	granted := make(chan error, 1)
	go func() { granted <- s.acquire(ctx, "A") }()
	waitFor(t, func() bool { return s.queued() == 1 })
	if !s.tryAcquire("B") {
		t.Fatal("B was held behind A's queued work though a slot was free")
	}
	s.release("A") // A's waiter goes next
	if err := <-granted; err != nil {
		t.Fatalf("A's waiter: %v", err)
	}
	// Both slots busy: two may wait, the third is told "busy" at once.
	errs := make(chan error, 2)
	go func() { errs <- s.acquire(ctx, "C") }()
	go func() { errs <- s.acquire(ctx, "D") }()
	waitFor(t, func() bool { return s.queued() == 2 })
	if err := s.acquire(ctx, "E"); err != errBusy {
		t.Errorf("third waiter: %v, want errBusy", err)
	}
	// The two waiting give up after maxWait.
	for i := 0; i < 2; i++ {
		if err := <-errs; err != errBusy {
			t.Errorf("waiter past maxWait: %v, want errBusy", err)
		}
	}
	s.release("A")
	s.release("B")
	if s.free != 2 || len(s.running) != 0 || s.queued() != 0 {
		t.Errorf("after releasing everything: free %d running %v queued %d", s.free, s.running, s.queued())
	}
}

func TestSuggestCache(t *testing.T) {
	clock := &manualClock{t: testNow}
	c := newSuggestCache(1, clock.now)
	calls := 0
	fn := func(context.Context) ([]string, error) { calls++; return []string{"russia"}, nil }
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if got, err := c.get(ctx, "k", fn); err != nil || len(got) != 1 {
			t.Fatal(got, err)
		}
	}
	if calls != 1 {
		t.Errorf("%d engine calls for three identical keystrokes", calls)
	}
	clock.advance(suggestTTL)
	c.get(ctx, "k", fn)
	if calls != 2 {
		t.Errorf("expired entry not recomputed")
	}
	c.slots <- struct{}{} // the one slot taken
	if _, err := c.get(ctx, "other", fn); err != errSuggestBusy {
		t.Errorf("with no free slot: %v, want errSuggestBusy", err)
	}
	<-c.slots
	for i := 0; i < maxSuggestEntries+100; i++ {
		c.get(ctx, fmt.Sprint(i), fn)
	}
	if len(c.entries) > maxSuggestEntries {
		t.Errorf("%d cached entries", len(c.entries))
	}
}

func TestPageStatesBoundedPerUser(t *testing.T) {
	ctx := context.Background()
	mem := newMemPages()
	p := newPageStore(mem, time.Hour, time.Now)
	put := func(user, raw string) string {
		k, err := p.put(ctx, "when", app.Caller{User: user}, answer.Query{Raw: raw})
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	other := put("discord:patient", "other")
	var keys []string
	for i := 0; i < maxPageStatesPerUser+10; i++ {
		keys = append(keys, put("discord:greedy", fmt.Sprint(i)))
	}
	if _, err := p.get(ctx, other); err != nil {
		t.Errorf("one user's answers evicted another's pages: %v", err)
	}
	if _, err := p.get(ctx, keys[0]); !errors.Is(err, errPageExpired) {
		t.Errorf("the greedy user's oldest state was kept: %v", err)
	}
	if _, err := p.get(ctx, keys[len(keys)-1]); err != nil {
		t.Errorf("the greedy user's newest state was dropped: %v", err)
	}
	if n := mem.size(); n != maxPageStatesPerUser+1 {
		t.Errorf("%d states kept, want %d", n, maxPageStatesPerUser+1)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never met")
		}
		time.Sleep(time.Millisecond)
	}
}

// gateEngine is the real engine whose /when, on a query containing
// "blocked", waits until the gate opens; started counts those waiting.
type gateEngine struct {
	Engine
	gate    chan struct{}
	started *atomic.Int32
	suggest *atomic.Int32
}

func (e gateEngine) When(ctx context.Context, c app.Caller, q answer.Query) (answer.Timeline, error) {
	if strings.Contains(q.Raw, "blocked") {
		e.started.Add(1)
		select {
		case <-e.gate:
		case <-ctx.Done():
			return answer.Timeline{}, ctx.Err()
		}
		q.Terms = []string{"russia"}
	}
	return e.Engine.When(ctx, c, q)
}

func (e gateEngine) Suggest(ctx context.Context, c app.Caller, prefix string, n int) ([]string, error) {
	e.suggest.Add(1)
	return e.Engine.Suggest(ctx, c, prefix, n)
}

// TestFairness drives the limits end to end through the fake Discord: a
// user past their burst is told how long to wait while others are served;
// a server that fills its share of the engine does not hold up another
// server; a full queue answers "busy" at once; repeated autocomplete is
// answered from the cache.
func TestFairness(t *testing.T) {
	engine := gateEngine{Engine: openEngine(t), gate: make(chan struct{}), started: &atomic.Int32{}, suggest: &atomic.Int32{}}
	const guildA, guildB = "200000000000000011", "200000000000000012"
	h := startBot(t, engine, discordtest.Options{GuildIDs: []string{guildA, guildB}}, func(o *Options) {
		o.Now = func() time.Time { return testNow }
		o.Config.GuildIDs = []string{guildA, guildB}
		o.UserBurst, o.UserRefill = 2, time.Hour
	})
	fake := h.fake
	user := func(n int) discordtest.Opt {
		return discordtest.AsMember(fmt.Sprintf("4000000000000200%02d", n), discordtest.DefaultMemberPermissions)
	}

	t.Run("per-user cooldown", func(t *testing.T) {
		for i := 0; i < 2; i++ {
			if m := final(t, fake.Slash("help", user(1), discordtest.InGuild(guildA))); isEphemeral(m) && strings.Contains(m.Content, "try again") {
				t.Fatalf("command %d within the burst refused: %q", i, m.Content)
			}
		}
		m := final(t, fake.Slash("help", user(1), discordtest.InGuild(guildA)))
		if !isEphemeral(m) || !strings.Contains(m.Content, "try again in") {
			t.Errorf("third command past a burst of 2: %s", dump(m))
		}
		if m := final(t, fake.Slash("help", user(2), discordtest.InGuild(guildA))); strings.Contains(m.Content, "try again") {
			t.Errorf("another user was held back: %q", m.Content)
		}
	})

	t.Run("a busy server does not hold up another", func(t *testing.T) {
		capA := h.bot.router.sched.serverCap
		var blocked []*discordtest.Interaction
		for i := 0; i < capA+1; i++ {
			blocked = append(blocked, fake.Slash("when", discordtest.StringOption("query", "blocked"), user(10+i), discordtest.InGuild(guildA)))
		}
		waitFor(t, func() bool { return int(engine.started.Load()) == capA && h.bot.router.sched.queued() == 1 })
		m := final(t, fake.Slash("when", discordtest.StringOption("query", "russia qamishli"), user(30), discordtest.InGuild(guildB)))
		if len(m.Embeds) == 0 {
			t.Fatalf("server B's /when while A is at its cap: %s", dump(m))
		}
		// A full queue answers "busy" at once instead of waiting.
		h.bot.router.sched.mu.Lock()
		h.bot.router.sched.maxQueued = 1
		h.bot.router.sched.mu.Unlock()
		m = final(t, fake.Slash("when", discordtest.StringOption("query", "blocked"), user(31), discordtest.InGuild(guildA)))
		if !isEphemeral(m) || !strings.Contains(m.Content, "busy") {
			t.Errorf("with the queue full: %s", dump(m))
		}
		close(engine.gate)
		for _, ix := range blocked {
			if m := final(t, ix); len(m.Embeds) == 0 {
				t.Errorf("a queued /when was not answered: %s", dump(m))
			}
		}
	})

	t.Run("autocomplete is cached", func(t *testing.T) {
		before := engine.suggest.Load()
		for i := 0; i < 3; i++ {
			ix := fake.Autocomplete("when", "query", "russ", user(40), discordtest.InGuild(guildB))
			if _, err := ix.Response(timeout(t, 5*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		if n := engine.suggest.Load() - before; n != 1 {
			t.Errorf("%d engine calls for three identical keystrokes", n)
		}
	})
}

// rebuildingEngine answers its first /when as an engine whose index was
// found damaged does (app.ErrIndexRebuilding), then normally.
type rebuildingEngine struct {
	Engine
	calls *atomic.Int32
}

func (e rebuildingEngine) When(ctx context.Context, c app.Caller, q answer.Query) (answer.Timeline, error) {
	if e.calls.Add(1) == 1 {
		return answer.Timeline{}, fmt.Errorf("when: %w", app.ErrIndexRebuilding)
	}
	return e.Engine.When(ctx, c, q)
}

// TestDamagedIndexMessage: while the engine rebuilds a damaged index the
// asker is told so, privately and clearly; the bot keeps running and
// answers once the index is back.
func TestDamagedIndexMessage(t *testing.T) {
	h := startBot(t, rebuildingEngine{Engine: openEngine(t), calls: &atomic.Int32{}}, discordtest.Options{}, func(o *Options) { o.Now = func() time.Time { return testNow } })
	m := final(t, h.fake.Slash("when", discordtest.StringOption("query", "russia qamishli")))
	if !isEphemeral(m) || !strings.Contains(m.Content, "being rebuilt") {
		t.Fatalf("during the rebuild: %s", dump(m))
	}
	if m := final(t, h.fake.Slash("when", discordtest.StringOption("query", "russia qamishli"))); embedWith(m, "23 Jan 2026") == nil {
		t.Fatalf("after the rebuild: %s", dump(m))
	}
}
