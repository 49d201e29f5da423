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
)

// Feed is one followed feed and where its polling stands: what /feed list
// shows.
type Feed struct {
	ID      int64
	Scope   string // "shared" or "guild:<id>": where its items are stored
	URL     string // as added
	Topic   string // optional heading its stories go under in the digest
	Title   string // the feed's own title, once read
	AddedBy string
	AddedAt time.Time

	ETag         string // validators of the last 200 answer, sent back on the next poll
	LastModified string

	LastPoll    time.Time // last attempt
	LastSuccess time.Time
	LastError   string // in plain words; "" after a success
	Failures    int    // consecutive failed polls
	NextPoll    time.Time
	Items       int // items stored from it
}

// ItemKey is what recognises an item already seen: its GUID (unique within
// its feed), its canonical link and a hash of its title and text. Any one
// that matches a stored item of the same scope makes it a repeat.
type ItemKey struct {
	GUID string
	Link string
	Hash string
}

// StoredItem is an item as recorded: which article it became (or duplicated)
// and whether it came in as back-fill, which the digest leaves out.
type StoredItem struct {
	FeedID    int64
	Key       ItemKey
	ArticleID string // "" when it could not be stored
	Backfill  bool
	SeenAt    time.Time
}

// Store keeps the feeds and their items (the store of record implements it).
type Store interface {
	DueFeeds(ctx context.Context, now time.Time) ([]Feed, error)
	UpdateFeedPoll(ctx context.Context, f Feed) error
	// SeenItem reports whether an item with any of key's parts is recorded
	// for a feed of scope (the GUID only for feed feedID).
	SeenItem(ctx context.Context, scope string, feedID int64, key ItemKey) (bool, error)
	AddFeedItem(ctx context.Context, item StoredItem) error
}

// Archive stores articles: dateline's ingest (store first, then index).
type Archive interface {
	// AddFeedArticle stores a, from feed f; it returns the id it is stored
	// under, which is an older article's id when a is a duplicate.
	AddFeedArticle(ctx context.Context, f Feed, a corpus.Article) (id string, duplicate bool, err error)
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
