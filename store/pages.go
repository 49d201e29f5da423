package store

import (
	"context"
	"time"
)

// Paging: what a Previous/Next button needs, kept in the store so that any
// process sharing it answers the button, and a restart does not break it.

// PageState is one paged answer: enough to compute any of its pages again.
type PageState struct {
	ID      string // the unguessable key its buttons carry
	Command string // the command whose pages these are: "when", "search"
	Query   string // the query as its command encoded it; opaque to the store
	Guild   string // the server it was asked in; "" in a direct message
	Owner   string // the user who may turn its pages
	Created time.Time
	Expires time.Time // refused from this moment on
}

// Pages keeps paging state. store/storetest states its contract.
type Pages interface {
	// PutPage stores p (its ID is new), then keeps at most perOwner pages
	// of p.Owner, dropping the oldest stored first, and deletes every page
	// expired at p.Created: the store holds no more than the callers'
	// limits and the pages still alive.
	PutPage(ctx context.Context, p PageState, perOwner int) error
	// TouchPage returns page id as stored when it has not expired at now,
	// after moving its expiry to expires (its Expires is the new one);
	// ErrNotFound when there is no such page or it expired at now.
	TouchPage(ctx context.Context, id string, now, expires time.Time) (PageState, error)
	// SweepPages deletes the pages expired at now and says how many.
	SweepPages(ctx context.Context, now time.Time) (int, error)
}
