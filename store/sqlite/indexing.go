package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

// The index bookkeeping: which articles the index has confirmed, and the
// removals it has not.

// Unindexed returns up to limit stored articles the index has not confirmed,
// with their passages.
func (s *Store) Unindexed(ctx context.Context, limit int) ([]corpus.Record, error) {
	arts, err := s.queryArticles(ctx, "read unindexed articles",
		`SELECT `+articleColumns+` FROM articles WHERE indexed = 0 ORDER BY rowid LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	recs := make([]corpus.Record, len(arts))
	for i, a := range arts {
		ps, err := s.Passages(ctx, a)
		if err != nil {
			return nil, err
		}
		recs[i] = corpus.Record{Article: a, Passages: ps}
	}
	return recs, nil
}

// MarkIndexed records that the index holds every passage of these articles.
func (s *Store) MarkIndexed(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET indexed = 1 WHERE id IN (`+placeholders(len(chunk))+`)`,
				anySlice(chunk)...); err != nil {
				return fmt.Errorf("mark indexed: %w", err)
			}
		}
		return nil
	})
}

// MarkAllUnindexed forgets every index confirmation, before a rebuild.
func (s *Store) MarkAllUnindexed(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE articles SET indexed = 0 WHERE indexed <> 0`); err != nil {
		return fmt.Errorf("reset index confirmations: %w", err)
	}
	return nil
}

// Counts says how many articles the store holds and how many the index has not confirmed.
func (s *Store) Counts(ctx context.Context) (articles, unindexed int, err error) {
	err = s.db.QueryRowContext(ctx,
		`SELECT count(*), count(*) FILTER (WHERE indexed = 0) FROM articles`).Scan(&articles, &unindexed)
	if err != nil {
		return 0, 0, fmt.Errorf("count articles: %w", err)
	}
	return articles, unindexed, nil
}

// Remove deletes an article and its passages, records the removal in the
// audit log, and queues the index deletion (PendingRemovals) in the same
// transaction, so a crash before the index is updated cannot leave a
// removed article searchable for good.
func (s *Store) Remove(ctx context.Context, id, by string) (passages int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ?`, id).Scan(&title); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("article %q: %w", id, store.ErrNotFound)
			}
			return fmt.Errorf("read article %q: %w", id, err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passages WHERE article_id = ?`, id).Scan(&passages); err != nil {
			return fmt.Errorf("count passages: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete article: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO pending_removals (article_id, passages) VALUES (?, ?)`,
			id, passages); err != nil {
			return fmt.Errorf("queue index removal: %w", err)
		}
		return audit(ctx, tx, by, "remove", id, title)
	})
	return passages, err
}

// PendingRemovals lists removals the index has not confirmed.
func (s *Store) PendingRemovals(ctx context.Context) ([]store.PendingRemoval, error) {
	return queryAll(ctx, s.db, "read pending removals", `SELECT article_id, passages FROM pending_removals`,
		func(row rowScanner) (store.PendingRemoval, error) {
			var r store.PendingRemoval
			err := row.Scan(&r.ArticleID, &r.Passages)
			return r, err
		})
}

// ConfirmRemoval records that the index no longer holds the article.
func (s *Store) ConfirmRemoval(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM pending_removals WHERE article_id = ?`, id); err != nil {
		return fmt.Errorf("confirm removal of %s: %w", id, err)
	}
	return nil
}
