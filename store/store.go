// Package store declares the store of record as dateline uses it: the
// interface every engine implements (store/sqlite today) and the types its
// methods share. Engines prove they keep the contract by passing
// store/storetest.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/dateline-bot/dateline/corpus"
)

// ErrNotFound is returned for an article id the store does not hold.
var ErrNotFound = errors.New("article not found")

// Outcome says what Add did with one record.
type Outcome struct {
	Added       bool
	DuplicateOf string // id of the stored article this one duplicates (same URL or body)
}

// PassageKey names one passage.
type PassageKey struct {
	ArticleID string
	Seq       int
}

// PendingRemoval is an article removed from the store whose passages may still be in the index.
type PendingRemoval struct {
	ArticleID string
	Passages  int
}

// AuditEntry is one line of the audit log: who did what to which target.
type AuditEntry struct {
	At     time.Time // UTC
	Actor  string
	Action string // e.g. "remove"
	Target string // e.g. an article id
	Detail string // e.g. the article's title
}

// Store is the store of record. Articles are safe once Add returns; the
// index is derived from the store and tells it what it holds (MarkIndexed,
// ConfirmRemoval), so a crash between the two is repaired on the next start.
// Bodies and every other text are valid UTF-8 and are returned byte for
// byte; times are returned in UTC, to the microsecond. Every method is safe
// for concurrent use. store/storetest states the contract in full.
type Store interface {
	// Add stores records, all or none. A record whose id, canonical URL or
	// body (BodyHash) is already stored, or earlier in the same call, is
	// skipped and reported as a duplicate of the stored article.
	Add(ctx context.Context, recs []corpus.Record) ([]Outcome, error)
	// Article returns one article; ErrNotFound when absent. Its URL is the
	// canonical URL.
	Article(ctx context.Context, id string) (corpus.Article, error)
	// Articles returns the stored articles among ids, by id; absent ids are
	// missing from the map.
	Articles(ctx context.Context, ids []string) (map[string]corpus.Article, error)
	// Passages returns an article's passages in order, Text = Body[Start:End].
	Passages(ctx context.Context, a corpus.Article) ([]corpus.Passage, error)
	// PassagesAt returns the passages named by keys whose article is in
	// arts; other keys are missing from the map.
	PassagesAt(ctx context.Context, arts map[string]corpus.Article, keys []PassageKey) (map[PassageKey]corpus.Passage, error)
	// EachArticle calls fn with every article, in batches of at most n, in
	// id order, and stops at fn's first error, returning it.
	EachArticle(ctx context.Context, n int, fn func([]corpus.Article) error) error
	// ReplacePassages stores newly computed passages of stored articles
	// and marks them unindexed.
	ReplacePassages(ctx context.Context, recs []corpus.Record) error

	// Unindexed returns up to limit articles the index has not confirmed,
	// oldest added first, with their passages.
	Unindexed(ctx context.Context, limit int) ([]corpus.Record, error)
	// MarkIndexed records that the index holds these articles; unknown ids
	// are ignored.
	MarkIndexed(ctx context.Context, ids []string) error
	// MarkAllUnindexed forgets every confirmation, before a rebuild.
	MarkAllUnindexed(ctx context.Context) error
	// Counts says how many articles are stored and how many are unindexed.
	Counts(ctx context.Context) (articles, unindexed int, err error)

	// Remove deletes an article and its passages, records it in the audit
	// log and queues its removal from the index, all at once; ErrNotFound
	// when absent. It returns how many passages the article had.
	Remove(ctx context.Context, id, by string) (passages int, err error)
	// PendingRemovals lists the removals the index has not confirmed.
	PendingRemovals(ctx context.Context) ([]PendingRemoval, error)
	// ConfirmRemoval records that the index no longer holds the article.
	ConfirmRemoval(ctx context.Context, id string) error

	// Audit records an action in the audit log.
	Audit(ctx context.Context, actor, action, target, detail string) error
	// AuditLog returns up to limit entries of the audit log, newest first.
	AuditLog(ctx context.Context, limit int) ([]AuditEntry, error)

	// Setting reads a named value, "" when unset.
	Setting(ctx context.Context, key string) (string, error)
	// SetSetting writes a named value.
	SetSetting(ctx context.Context, key, value string) error

	// Outlets returns the distinct non-empty outlets, most articles first,
	// then by name.
	Outlets(ctx context.Context) ([]string, error)
	// RecentTitles returns the titles of the n most recently published
	// articles, newest first.
	RecentTitles(ctx context.Context, n int) ([]string, error)

	Close() error
}
