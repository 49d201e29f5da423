package bot

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"
)

// Fairness: no user, and no server, can take the bot from everyone else.
//
//   - userLimiter: each user has a token bucket; an empty one gets a polite
//     "wait N seconds" instead of work.
//   - scheduler: engine work runs in a fixed number of slots, a server may
//     hold at most half of them, and the queue for them is bounded in
//     length and in wait: past either bound the answer is "busy, try again
//     in a moment", not a two-minute wait.
//   - suggestCache: autocomplete (two SQLite queries a keystroke) is cached
//     and runs in its own small number of slots; when they are taken the
//     user gets no choices for that keystroke rather than a queue.
//
// Pagination state is bounded per user in pageStore.

// Fairness defaults.
const (
	defaultUserBurst   = 5               // commands and clicks a user may send at once
	defaultUserRefill  = 3 * time.Second // then one more every this long
	maxQueued          = 256             // interactions waiting for a slot
	maxQueueWait       = 20 * time.Second
	suggestTTL         = time.Minute
	maxSuggestEntries  = 4096
	maxTrackedUsers    = 100000
	userLimiterSweepAt = 10000
)

// userLimiter is a token bucket per user.
type userLimiter struct {
	burst  float64
	refill time.Duration
	now    func() time.Time

	mu    sync.Mutex
	users map[string]userTokens
}

type userTokens struct {
	tokens float64
	at     time.Time
}

func newUserLimiter(burst int, refill time.Duration, now func() time.Time) *userLimiter {
	if burst <= 0 {
		burst = defaultUserBurst
	}
	if refill <= 0 {
		refill = defaultUserRefill
	}
	if now == nil {
		now = time.Now
	}
	return &userLimiter{burst: float64(burst), refill: refill, now: now, users: map[string]userTokens{}}
}

// take spends one of user's tokens; when there is none it returns how long
// until there is.
func (l *userLimiter) take(user string) (ok bool, wait time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	u, known := l.users[user]
	if !known {
		if len(l.users) >= userLimiterSweepAt {
			l.sweepLocked(now)
		}
		if len(l.users) >= maxTrackedUsers {
			// Past the bound everyone known is busy: refusing the newcomer
			// keeps the memory bounded and is what a flood deserves.
			return false, l.refill
		}
		u = userTokens{tokens: l.burst, at: now}
	}
	u.tokens = math.Min(l.burst, u.tokens+float64(now.Sub(u.at))/float64(l.refill))
	u.at = now
	if u.tokens < 1 {
		l.users[user] = u
		return false, time.Duration((1 - u.tokens) * float64(l.refill))
	}
	u.tokens--
	l.users[user] = u
	return true, 0
}

// sweepLocked forgets users whose bucket has refilled: they are back to
// where a newcomer starts.
func (l *userLimiter) sweepLocked(now time.Time) {
	full := time.Duration(l.burst * float64(l.refill))
	for id, u := range l.users {
		if now.Sub(u.at) >= full {
			delete(l.users, id)
		}
	}
}

// errBusy: the queue for the engine is full, or waiting in it took too long.
var errBusy = errors.New("busy")

// scheduler hands out the engine's slots: FIFO, but a server at its cap
// lets later interactions of other servers go first.
type scheduler struct {
	slots     int
	serverCap int
	maxQueued int
	maxWait   time.Duration

	mu      sync.Mutex
	free    int
	running map[string]int
	queue   []*slotWaiter
}

type slotWaiter struct {
	server  string
	granted chan struct{}
}

func newScheduler(slots int) *scheduler {
	return &scheduler{
		slots:     slots,
		serverCap: max(1, slots/2),
		maxQueued: maxQueued,
		maxWait:   maxQueueWait,
		free:      slots,
		running:   map[string]int{},
	}
}

// tryAcquire takes a slot for server at once if one is free to it.
func (s *scheduler) tryAcquire(server string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.free > 0 && s.running[server] < s.serverCap {
		s.grantLocked(server)
		return true
	}
	return false
}

// acquire waits for a slot for server, up to maxWait; errBusy when the
// queue is full or the wait too long, ctx's error when ctx ends first.
func (s *scheduler) acquire(ctx context.Context, server string) error {
	s.mu.Lock()
	if s.free > 0 && s.running[server] < s.serverCap {
		s.grantLocked(server)
		s.mu.Unlock()
		return nil
	}
	if len(s.queue) >= s.maxQueued {
		s.mu.Unlock()
		return errBusy
	}
	w := &slotWaiter{server: server, granted: make(chan struct{})}
	s.queue = append(s.queue, w)
	s.mu.Unlock()

	timer := time.NewTimer(s.maxWait)
	defer timer.Stop()
	var err error
	select {
	case <-w.granted:
		return nil
	case <-timer.C:
		err = errBusy
	case <-ctx.Done():
		err = ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, q := range s.queue {
		if q == w {
			s.queue = append(s.queue[:i], s.queue[i+1:]...)
			return err
		}
	}
	// Granted while giving up: hand the slot on.
	s.releaseLocked(server)
	return err
}

// release gives back server's slot and wakes the first waiter it lets run.
func (s *scheduler) release(server string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseLocked(server)
}

func (s *scheduler) grantLocked(server string) {
	s.free--
	s.running[server]++
}

func (s *scheduler) releaseLocked(server string) {
	s.free++
	if s.running[server]--; s.running[server] <= 0 {
		delete(s.running, server)
	}
	for i := 0; i < len(s.queue) && s.free > 0; {
		w := s.queue[i]
		if s.running[w.server] >= s.serverCap {
			i++
			continue
		}
		s.queue = append(s.queue[:i], s.queue[i+1:]...)
		s.grantLocked(w.server)
		close(w.granted)
	}
}

// queued is how many interactions wait for a slot.
func (s *scheduler) queued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// suggestCache remembers autocomplete suggestions for a while, and bounds
// how many are computed at once.
type suggestCache struct {
	now   func() time.Time
	slots chan struct{}

	mu      sync.Mutex
	entries map[string]suggestEntry
}

type suggestEntry struct {
	values  []string
	expires time.Time
}

func newSuggestCache(slots int, now func() time.Time) *suggestCache {
	if now == nil {
		now = time.Now
	}
	return &suggestCache{now: now, slots: make(chan struct{}, slots), entries: map[string]suggestEntry{}}
}

// errSuggestBusy: every autocomplete slot is taken; this keystroke gets no
// choices (autocomplete cannot wait).
var errSuggestBusy = errors.New("autocomplete busy")

// get returns the cached suggestions for key, or computes them with fn in a
// free slot and caches them.
func (c *suggestCache) get(ctx context.Context, key string, fn func(context.Context) ([]string, error)) ([]string, error) {
	now := c.now()
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.values, nil
	}
	select {
	case c.slots <- struct{}{}:
	default:
		return nil, errSuggestBusy
	}
	values, err := fn(ctx)
	<-c.slots
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxSuggestEntries {
		for k, old := range c.entries {
			if !now.Before(old.expires) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxSuggestEntries {
			// All fresh: drop any one (map order is random enough).
			for k := range c.entries {
				delete(c.entries, k)
				break
			}
		}
	}
	c.entries[key] = suggestEntry{values: values, expires: now.Add(suggestTTL)}
	return values, nil
}
