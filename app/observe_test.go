package app

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/feeds"
	"github.com/dateline-bot/dateline/store"
)

// recorder is an Observer that keeps what it is told.
type recorder struct {
	mu   sync.Mutex
	seen []string
}

func (r *recorder) FeedPolled(res feeds.Result)   { r.add("feed:" + res.Outcome()) }
func (r *recorder) DigestFinished(outcome string) { r.add("digest:" + outcome) }

func (r *recorder) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, s)
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.seen, " ")
}

// TestObserverSeesFeedsAndDigests: the observer is told every feed poll
// (the first read of /feed add included) and how each digest slot this
// process posted ended; a slot already done is not told again.
func TestObserverSeesFeedsAndDigests(t *testing.T) {
	ctx := context.Background()
	a, clock := openFollowing(t, time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
	rec := &recorder{}
	a.Observe(rec)
	seedDigest(t, a, "08:00") // a feed added (back-fill), then polled with two new items
	slot := time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)
	clock.Set(slot)
	p := newPoster()
	p.fail.Store(1)
	if err := a.PostDigest(ctx, "42", slot, "me", p); err == nil {
		t.Fatal("a failed post reported success")
	}
	for range 2 { // posted, then already done: not told
		if err := a.PostDigest(ctx, "42", slot, "me", p); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.SetDigestSettings(ctx, store.DigestSettings{GuildID: "7", ChannelID: "c7", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	later := slot.Add(48 * time.Hour) // the shared archive's new articles are older than its first day
	clock.Set(later)
	if err := a.PostDigest(ctx, "7", later, "me", p); err != nil {
		t.Fatal(err)
	}
	if got, want := rec.String(), "feed:no_new feed:new digest:failed digest:posted digest:empty"; got != want {
		t.Errorf("observed %q, want %q", got, want)
	}
}
