package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

// Removal, restore and purge: each recorded as a change, which is how the
// index replicas learn of it.

// Count says how many articles the store holds, removed ones left out.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE `+live).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// ScopeCounts counts live articles and their passages by scope.
func (s *Store) ScopeCounts(ctx context.Context) ([]store.ScopeCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.scope, count(*), coalesce(sum(
		(SELECT count(*) FROM passages p WHERE p.article_id = a.id)), 0)
		FROM articles a WHERE `+live+` GROUP BY a.scope ORDER BY a.scope`)
	if err != nil {
		return nil, fmt.Errorf("count articles by scope: %w", err)
	}
	defer rows.Close()
	var out []store.ScopeCount
	for rows.Next() {
		var c store.ScopeCount
		if err := rows.Scan(&c.Scope, &c.Articles, &c.Passages); err != nil {
			return nil, fmt.Errorf("count articles by scope: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count articles by scope: %w", err)
	}
	return out, nil
}

// Remove hides an article (removed_at is set; its row and passages stay
// until Purge), records the removal in the audit log and as a change in the
// same transaction, so a crash before the index is updated cannot leave a
// removed article searchable for good.
func (s *Store) Remove(ctx context.Context, id string, e store.AuditEntry) (passages int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ? AND `+live, id).Scan(&title); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("article %q: %w", id, store.ErrNotFound)
			}
			return fmt.Errorf("read article %q: %w", id, err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passages WHERE article_id = ?`, id).Scan(&passages); err != nil {
			return fmt.Errorf("count passages: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET removed_at = ?, removed_by = ? WHERE id = ?`,
			time.Now().UTC().Format(timeLayout), e.Actor, id); err != nil {
			return fmt.Errorf("remove article: %w", err)
		}
		if err := recordChange(ctx, tx, id); err != nil {
			return err
		}
		e.Action, e.Target, e.Detail = "remove", id, title
		return audit(ctx, tx, e)
	})
	return passages, err
}

// RemovedArticle returns a removed article and who removed it when.
func (s *Store) RemovedArticle(ctx context.Context, id string) (corpus.Article, store.Removal, error) {
	var r store.Removal
	var at string
	row := s.db.QueryRowContext(ctx, `SELECT `+articleColumns+`, removed_at, removed_by FROM articles WHERE id = ? AND removed_at <> ''`, id)
	a, err := scanArticle(scanTail{row, []any{&at, &r.By}})
	if errors.Is(err, sql.ErrNoRows) {
		return corpus.Article{}, r, fmt.Errorf("removed article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return corpus.Article{}, r, fmt.Errorf("read removed article %q: %w", id, err)
	}
	if r.At, err = time.Parse(timeLayout, at); err != nil {
		return corpus.Article{}, r, fmt.Errorf("removed article %q: removed_at: %w", id, err)
	}
	return a, r, nil
}

// scanTail scans extra columns after an article's.
type scanTail struct {
	row  interface{ Scan(...any) error }
	tail []any
}

func (t scanTail) Scan(dest ...any) error { return t.row.Scan(append(dest, t.tail...)...) }

// Restore brings a removed article back, for the index to take again.
func (s *Store) Restore(ctx context.Context, id string, e store.AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ? AND removed_at <> ''`, id).Scan(&title); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("removed article %q: %w", id, store.ErrNotFound)
			}
			return fmt.Errorf("read removed article %q: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET removed_at = '', removed_by = '' WHERE id = ?`, id); err != nil {
			return fmt.Errorf("restore article: %w", err)
		}
		if err := recordChange(ctx, tx, id); err != nil {
			return err
		}
		e.Action, e.Target, e.Detail = "restore", id, title
		return audit(ctx, tx, e)
	})
}

// Purge deletes the articles removed before cutoff, for good.
func (s *Store) Purge(ctx context.Context, cutoff time.Time, e store.AuditEntry) ([]string, error) {
	var ids []string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, title, scope FROM articles WHERE removed_at <> '' AND removed_at < ? ORDER BY id`,
			cutoff.UTC().Format(timeLayout))
		if err != nil {
			return fmt.Errorf("find articles to purge: %w", err)
		}
		var entries []store.AuditEntry
		for rows.Next() {
			var id, title, scope string
			if err := rows.Scan(&id, &title, &scope); err != nil {
				rows.Close()
				return fmt.Errorf("find articles to purge: %w", err)
			}
			pe := e
			pe.Action, pe.Target, pe.Detail, pe.Guild = "purge", id, title, corpus.Scope(scope).Guild()
			entries = append(entries, pe)
			ids = append(ids, id)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return fmt.Errorf("find articles to purge: %w", err)
		}
		for i, id := range ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id); err != nil {
				return fmt.Errorf("purge %s: %w", id, err)
			}
			if err := recordChange(ctx, tx, id); err != nil {
				return err
			}
			if err := audit(ctx, tx, entries[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}
