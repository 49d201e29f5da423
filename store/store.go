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

// AuditEntry is one line of the audit log: when, who, in which server and
// channel, did what to which target, from where.
type AuditEntry struct {
	At      time.Time // UTC; set by the store
	Actor   string    // "discord:<user id>", "cli", …
	Guild   string    // the server it was done in; "" for the command line
	Channel string    // the channel it was done in; "" for the command line
	Action  string    // "add", "remove", "restore", "purge"
	Target  string    // e.g. an article id
	Detail  string    // e.g. the article's title
	Origin  string    // where it came from: a URL, a file name, "form", "command line"
}

// AuditQuery selects audit entries, newest first.
type AuditQuery struct {
	AllGuilds bool   // every entry; else only those of Guild ("" = the command line's)
	Guild     string // the server whose entries to list
	Limit     int
}

// Removal says who removed an article, and when.
type Removal struct {
	At time.Time // UTC
	By string
}

// ScopeCount is what one archive holds (/metrics).
type ScopeCount struct {
	Scope    string // "shared" or "guild:<id>"
	Articles int
	Passages int
}

// Change is one change to an article (added, removed, passages recomputed),
// numbered in the order the store made them.
type Change struct {
	Seq       int64
	ArticleID string
}

// Store is the store of record. Articles are safe once Add returns. Every
// change to an article or its passages, by any method, is numbered in the
// same transaction (Changes): an index records the last number it applied
// and brings itself up to date from there, after a crash or in another
// process sharing the store.
// Bodies and every other text are valid UTF-8 and are returned byte for
// byte; times are returned in UTC, to the microsecond. Every method is safe
// for concurrent use. store/storetest states the contract in full.
type Store interface {
	// Add stores records, all or none. A record whose id is stored, or
	// whose canonical URL or body (BodyHash) is stored in its own scope or
	// in the shared archive (or earlier in the same call), is skipped and
	// reported as a duplicate of the stored article: duplicates are per
	// scope, and the shared archive's articles are everyone's. Articles
	// keep their Scope ("" is stored as Shared).
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

	// Records returns the stored articles among ids with their passages,
	// in the order of ids; absent ids are skipped.
	Records(ctx context.Context, ids []string) ([]corpus.Record, error)

	// LastChange is the number of the latest change, 0 when there is none.
	LastChange(ctx context.Context) (int64, error)
	// Changes returns up to limit changes numbered after `after`, in
	// order. Numbers grow with every change and become visible in order:
	// once a change is returned, no change with a smaller number appears
	// later, so a reader that remembers the last number it saw misses none.
	Changes(ctx context.Context, after int64, limit int) ([]Change, error)

	// Count says how many articles are stored (removed ones left out).
	Count(ctx context.Context) (int, error)
	// ScopeCounts says how many live articles and passages each scope
	// holds, scopes in order; a scope with no live article is absent.
	ScopeCounts(ctx context.Context) ([]ScopeCount, error)

	// Remove hides an article (a soft delete: it is kept, with its
	// passages, until Purge), records e in the audit log and queues its
	// removal from the index, all at once; ErrNotFound when absent or
	// already removed. It returns how many passages the article has. A
	// removed article is invisible to every other read and is nobody's
	// duplicate: adding it again replaces it.
	Remove(ctx context.Context, id string, e AuditEntry) (passages int, err error)
	// RemovedArticle returns a removed article and its removal;
	// ErrNotFound when no removed article has this id.
	RemovedArticle(ctx context.Context, id string) (corpus.Article, Removal, error)
	// Restore brings a removed article back, unindexed (the index takes it
	// again), and records e; ErrNotFound when no removed article has this id.
	Restore(ctx context.Context, id string, e AuditEntry) error
	// Purge deletes for good the articles removed before cutoff, recording
	// an entry like e (Target, Detail, Guild filled in) for each; it
	// returns their ids.
	Purge(ctx context.Context, cutoff time.Time, e AuditEntry) ([]string, error)

	// Audit records an action in the audit log (its At is set now).
	Audit(ctx context.Context, e AuditEntry) error
	// AuditLog returns the entries q selects, newest first.
	AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, error)

	// Setting reads a named value, "" when unset.
	Setting(ctx context.Context, key string) (string, error)
	// SetSetting writes a named value.
	SetSetting(ctx context.Context, key, value string) error

	// Outlets returns the distinct non-empty outlets of the articles in
	// these scopes, most articles first, then by name.
	Outlets(ctx context.Context, scopes []corpus.Scope) ([]string, error)
	// RecentTitles returns the titles of the n most recently published
	// articles in these scopes, newest first.
	RecentTitles(ctx context.Context, scopes []corpus.Scope, n int) ([]string, error)

	// Following holds topics, feeds, digest settings and digest runs.
	Following

	// Pages keeps the state of paged answers (Previous/Next).
	Pages

	Close() error
}
