// Package feeds follows RSS, Atom and JSON feeds: it polls each on its own
// spread-out schedule with conditional GET, recognises items it has seen
// (by GUID, canonical link and content), fetches the page of an item that
// carries only a summary, hands new items to the archive, stores a new
// feed's existing items as back-fill, and backs a failing feed off. It
// wraps gofeed; bytes come through the Fetcher it is given (dateline's safe
// fetcher).
package feeds

import (
	"context"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

// Store keeps the feeds and their items (the store of record implements it).
type Store interface {
	// LeaseDueFeeds takes due feeds for owner until now+lease: processes
	// sharing a store each poll the feeds they leased.
	LeaseDueFeeds(ctx context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]store.Feed, error)
	UpdateFeedPoll(ctx context.Context, f store.Feed) error
	SeenItem(ctx context.Context, scope string, feedID int64, key store.ItemKey) (bool, error)
	AddFeedItem(ctx context.Context, item store.FeedItem) error
}

// Archive stores articles: dateline's ingest (store first, then index).
type Archive interface {
	// AddFeedArticle stores a, from feed f; it returns the id it is stored
	// under, which is an older article's id when a is a duplicate.
	AddFeedArticle(ctx context.Context, f store.Feed, a corpus.Article) (id string, duplicate bool, err error)
}

// Validators are the conditional-GET values sent with a request.
type Validators struct {
	ETag         string
	LastModified string
}

// Response is a fetched body, or NotModified for a 304.
type Response struct {
	URL          string // final URL, after redirects
	NotModified  bool
	ETag         string
	LastModified string
	ContentType  string
	Body         []byte
}

// Fetcher downloads a URL, sending the validators when set. Every error is a
// sentence a person can read (dateline's safe fetcher gives such errors).
type Fetcher interface {
	Fetch(ctx context.Context, url string, v Validators) (Response, error)
}

// Extractor takes the main text of an article out of a web page (parse's
// readability reader).
type Extractor func(page []byte, pageURL string) (string, error)
