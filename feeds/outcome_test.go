package feeds

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/store"
)

func TestResultOutcome(t *testing.T) {
	for _, tt := range []struct {
		r    Result
		want string
	}{
		{Result{Err: errors.New("down"), Failed: 1}, OutcomeFailed},
		{Result{NotModified: true}, OutcomeNotModified},
		{Result{New: 2, Failed: 1}, OutcomeItemErrors},
		{Result{New: 1, Repeats: 3}, OutcomeNew},
		{Result{Backfilled: 4}, OutcomeBackfill},
		{Result{Repeats: 4}, OutcomeNoNew},
		{Result{}, OutcomeNoNew},
	} {
		if got := tt.r.Outcome(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.r, got, tt.want)
		}
	}
}

// TestObserveSeesEveryPoll polls a feed that answers 200, then 304, then
// 500: the observer is told each outcome, after the poll is recorded.
func TestObserveSeesEveryPoll(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/atom", string(readFixture(t, "atom_html_content.xml")))
	st := newMemStore(t)
	c := newClock("2026-03-05T10:00:00Z")
	var mu sync.Mutex
	var seen []string
	p := NewPoller(Config{Store: st, Archive: st, Fetcher: httpFetcher{}, Extract: tagText, Now: c.Now,
		Observe: func(r Result) {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, r.Outcome())
		}})
	f := st.add(store.Feed{Scope: "shared", URL: srv.URL + "/atom"})
	ctx := context.Background()
	f, _ = p.Poll(ctx, f)
	c.Advance(15 * time.Minute)
	f, _ = p.Poll(ctx, f)
	f.URL = srv.URL + "/broken"
	c.Advance(15 * time.Minute)
	p.Poll(ctx, f)
	mu.Lock()
	defer mu.Unlock()
	if got, want := strings.Join(seen, " "), "backfill not_modified failed"; got != want {
		t.Errorf("observed %q, want %q", got, want)
	}
}
