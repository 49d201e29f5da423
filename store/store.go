// Package store declares the store of record as dateline uses it: the
// interface every engine implements (store/sqlite today) and the types its
// methods share. Engines prove they keep the contract by passing
// store/storetest.
package store

import (
	"context"
	"errors"

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

// Store is the store of record: articles are safe once Add returns, and
// the index is derived from it.
type Store interface {
	Add(ctx context.Context, recs []corpus.Record) ([]Outcome, error)
	Article(ctx context.Context, id string) (corpus.Article, error)
	Articles(ctx context.Context, ids []string) (map[string]corpus.Article, error)
	Passages(ctx context.Context, a corpus.Article) ([]corpus.Passage, error)
	PassagesAt(ctx context.Context, arts map[string]corpus.Article, keys []PassageKey) (map[PassageKey]corpus.Passage, error)
	EachArticle(ctx context.Context, n int, fn func([]corpus.Article) error) error
	ReplacePassages(ctx context.Context, recs []corpus.Record) error

	Unindexed(ctx context.Context, limit int) ([]corpus.Record, error)
	MarkIndexed(ctx context.Context, ids []string) error
	MarkAllUnindexed(ctx context.Context) error
	Counts(ctx context.Context) (articles, unindexed int, err error)

	Remove(ctx context.Context, id, by string) (passages int, err error)
	PendingRemovals(ctx context.Context) ([]PendingRemoval, error)
	ConfirmRemoval(ctx context.Context, id string) error

	Audit(ctx context.Context, actor, action, target, detail string) error
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	Outlets(ctx context.Context) ([]string, error)
	RecentTitles(ctx context.Context, n int) ([]string, error)

	Close() error
}
