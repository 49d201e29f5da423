package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

// recordChange numbers a change to an article (see store.Store.Changes).
// SQLite has one writer at a time, so numbers become visible in order.
func recordChange(ctx context.Context, tx *sql.Tx, articleID string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO changes (article_id) VALUES (?)`, articleID); err != nil {
		return fmt.Errorf("record change of %s: %w", articleID, err)
	}
	return nil
}

// LastChange is the number of the latest change, 0 when none.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM changes`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read last change: %w", err)
	}
	return n, nil
}

// Changes returns up to limit changes after `after`, in order.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]store.Change, error) {
	return queryAll(ctx, s.db, "read changes", `SELECT seq, article_id FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`,
		func(row rowScanner) (store.Change, error) {
			var c store.Change
			err := row.Scan(&c.Seq, &c.ArticleID)
			return c, err
		}, after, limit)
}

// Records returns the stored articles among ids with their passages, in
// the order of ids.
func (s *Store) Records(ctx context.Context, ids []string) ([]corpus.Record, error) {
	arts, err := s.Articles(ctx, ids)
	if err != nil {
		return nil, err
	}
	recs := make([]corpus.Record, 0, len(arts))
	for _, id := range ids {
		a, ok := arts[id]
		if !ok {
			continue
		}
		delete(arts, id) // an id asked twice is returned once
		ps, err := s.Passages(ctx, a)
		if err != nil {
			return nil, err
		}
		recs = append(recs, corpus.Record{Article: a, Passages: ps})
	}
	return recs, nil
}
