package store

import (
	"context"
	"errors"
	"time"

	"github.com/dateline-bot/dateline/corpus"
)

// Following a story: the records behind digests and feeds (issue 10).

// ErrExists is returned when adding a topic or feed a scope already has.
var ErrExists = errors.New("already there")

// DigestSettings are one server's digest settings (/settings digest).
// Empty Schedule or Timezone mean the configuration's [digest] defaults.
type DigestSettings struct {
	GuildID   string
	ChannelID string
	Schedule  string // "08:00" or a cron spec
	Timezone  string // IANA name
	Enabled   bool
	PostEmpty bool // a day with nothing new posts one line (else nothing)
	UpdatedBy string
	UpdatedAt time.Time
}

// Topic is a tracked topic: a saved query in the query language of /when.
type Topic struct {
	ID      int64
	Scope   string
	Query   string
	AddedBy string
	AddedAt time.Time
}

// Feed is one followed feed and where its polling stands: what /feed list shows.
type Feed struct {
	ID      int64
	Scope   string // "shared" or "guild:<id>": where its items are stored
	URL     string // as added
	Topic   string // optional heading its stories go under in the digest
	Title   string // the feed's own title, once read
	AddedBy string
	AddedAt time.Time

	ETag         string // validators of the last full answer, sent back on the next poll
	LastModified string

	LastPoll    time.Time // last attempt
	LastSuccess time.Time
	LastError   string // in plain words; "" after a clean success
	Failures    int    // consecutive failed polls
	NextPoll    time.Time
	Items       int // items stored from it
}

// ItemKey recognises a feed item already seen: its GUID (unique within its
// feed), its canonical link and a hash of its title and text. Any part that
// matches a stored item of the same scope makes it a repeat.
type ItemKey struct {
	GUID string
	Link string
	Hash string
}

// FeedItem is an item as recorded: which article it became (or duplicated)
// and whether it came in as back-fill, which digests leave out.
type FeedItem struct {
	FeedID    int64
	Key       ItemKey
	ArticleID string // "" when it gave no article
	Backfill  bool
	SeenAt    time.Time
}

// DigestClaim is where one (server, slot) digest stands.
type DigestClaim struct {
	Claimed bool // this caller holds the slot now
	Done    bool // the slot was posted already
	Sent    int  // messages posted so far (resume from here)
}

// Following is what the store keeps for digests and feeds. store/storetest
// states its contract.
type Following interface {
	// DigestSettings returns a server's settings; false when it has none.
	DigestSettings(ctx context.Context, guildID string) (DigestSettings, bool, error)
	// SetDigestSettings stores a server's settings, replacing any.
	SetDigestSettings(ctx context.Context, s DigestSettings) error
	// AllDigestSettings returns every server's settings, by guild id.
	AllDigestSettings(ctx context.Context) ([]DigestSettings, error)

	// AddTopic stores a topic (ErrExists when the scope tracks that query).
	AddTopic(ctx context.Context, t Topic) (Topic, error)
	// RemoveTopic forgets a scope's topic (ErrNotFound when absent).
	RemoveTopic(ctx context.Context, scope, query string) error
	// Topics returns a scope's topics in the order they were added.
	Topics(ctx context.Context, scope string) ([]Topic, error)

	// AddFeed stores a feed, due at once (ErrExists when the scope follows that URL).
	AddFeed(ctx context.Context, f Feed) (Feed, error)
	// RemoveFeed forgets a scope's feed and its items (ErrNotFound when absent).
	RemoveFeed(ctx context.Context, scope, url string) error
	// Feeds returns a scope's feeds ("" for every scope's) in the order they were added.
	Feeds(ctx context.Context, scope string) ([]Feed, error)
	// DueFeeds returns the feeds whose NextPoll is at or before now, most overdue first.
	DueFeeds(ctx context.Context, now time.Time) ([]Feed, error)
	// LeaseDueFeeds leases to owner, until now+lease, at most limit of the
	// feeds due at now that hold no live lease of another owner, most
	// overdue first. Processes sharing a store poll only the feeds they
	// leased, so a feed is polled once per period; a dead process's leases
	// run out and its feeds move on. UpdateFeedPoll ends the lease.
	LeaseDueFeeds(ctx context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]Feed, error)
	// UpdateFeedPoll records a poll: validators, times, error, counts, next
	// poll; it ends the feed's lease.
	UpdateFeedPoll(ctx context.Context, f Feed) error
	// SeenItem reports whether an item matching key is recorded in scope
	// (by GUID only for feed feedID; by link or hash for any feed of scope).
	SeenItem(ctx context.Context, scope string, feedID int64, key ItemKey) (bool, error)
	// AddFeedItem records an item.
	AddFeedItem(ctx context.Context, it FeedItem) error

	// NewArticles returns the articles of scopes added in (since, until],
	// back-fill left out, oldest added first, at most limit.
	NewArticles(ctx context.Context, scopes []string, since, until time.Time, limit int) ([]corpus.Article, error)
	// FeedTopics returns, for the given articles, the topic of the feed
	// each came from (articles from no feed, or a feed without topic, are absent).
	FeedTopics(ctx context.Context, ids []string) (map[string]string, error)

	// ClaimDigest claims (guild, slot) for owner at now. It succeeds when
	// the slot is new, failed, or claimed by anyone longer than lease ago
	// (its owner died: the new claim resumes at Sent); it never succeeds
	// once the slot is done.
	ClaimDigest(ctx context.Context, guildID string, slot time.Time, owner string, now time.Time, lease time.Duration) (DigestClaim, error)
	// DigestSent records that owner's claim has posted sent messages.
	DigestSent(ctx context.Context, guildID string, slot time.Time, owner string, sent int) error
	// FinishDigest marks owner's claim done (ok) or failed (retry allowed).
	FinishDigest(ctx context.Context, guildID string, slot time.Time, owner string, ok bool, now time.Time) error
	// LastDigest is the latest done slot of a guild before before; zero when none.
	LastDigest(ctx context.Context, guildID string, before time.Time) (time.Time, error)
}
