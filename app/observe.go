package app

import "github.com/dateline-bot/dateline/feeds"

// Outcomes of a digest slot, as Observer.DigestFinished is told them.
const (
	DigestPosted = "posted" // every message of the digest was posted
	DigestEmpty  = "empty"  // nothing new and no line asked for: nothing posted
	DigestFailed = "failed" // composing or posting failed; the scheduler retries
)

// Observer is told what the background work did, for /metrics. Its methods
// are called from the polls and digests themselves: they must be quick and
// safe for concurrent use.
type Observer interface {
	// FeedPolled is told every feed poll's result (feeds.Result.Outcome
	// names it).
	FeedPolled(r feeds.Result)
	// DigestFinished is told how each digest slot this process posted
	// ended (DigestPosted, DigestEmpty or DigestFailed). A slot another
	// process holds, or already done, is not told.
	DigestFinished(outcome string)
}

// Observe makes o the observer of feed polls and digests (nil: none). It
// may be called before or after UseFetcher.
func (a *App) Observe(o Observer) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.observer = o
}

func (a *App) observing() Observer {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.observer
}

func (a *App) feedPolled(r feeds.Result) {
	if o := a.observing(); o != nil {
		o.FeedPolled(r)
	}
}

func (a *App) digestFinished(outcome string) {
	if o := a.observing(); o != nil {
		o.DigestFinished(outcome)
	}
}
