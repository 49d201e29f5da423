package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dateline-bot/dateline/store"
)

// Paged answers' state (migration 0006).

// pageTime is a page's time as stored: UTC, to the microsecond (the
// precision both engines keep), fixed-width so text order is time order.
func pageTime(t time.Time) string { return fmtTime(t.Truncate(time.Microsecond)) }

// PutPage stores p, drops its owner's oldest pages beyond perOwner and
// deletes the pages expired at p.Created, in one transaction.
func (s *Store) PutPage(ctx context.Context, p store.PageState, perOwner int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pages WHERE expires <= ?`, pageTime(p.Created)); err != nil {
			return fmt.Errorf("sweep pages: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pages (id, command, query, guild, owner, created, expires)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.Command, p.Query, p.Guild, p.Owner, pageTime(p.Created), pageTime(p.Expires))
		if err != nil {
			return fmt.Errorf("store page %s: %w", p.ID, err)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM pages WHERE owner = ? AND seq NOT IN
			(SELECT seq FROM pages WHERE owner = ? ORDER BY seq DESC LIMIT ?)`, p.Owner, p.Owner, max(perOwner, 0))
		if err != nil {
			return fmt.Errorf("cap pages of %s: %w", p.Owner, err)
		}
		return nil
	})
}

// TouchPage returns a live page after moving its expiry.
func (s *Store) TouchPage(ctx context.Context, id string, now, expires time.Time) (store.PageState, error) {
	var p store.PageState
	var created, until string
	err := s.db.QueryRowContext(ctx, `UPDATE pages SET expires = ? WHERE id = ? AND expires > ?
		RETURNING id, command, query, guild, owner, created, expires`, pageTime(expires), id, pageTime(now)).
		Scan(&p.ID, &p.Command, &p.Query, &p.Guild, &p.Owner, &created, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("page %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("read page %s: %w", id, err)
	}
	if p.Created, err = parseTime(created); err != nil {
		return p, fmt.Errorf("page %s created: %w", id, err)
	}
	if p.Expires, err = parseTime(until); err != nil {
		return p, fmt.Errorf("page %s expires: %w", id, err)
	}
	return p, nil
}

// SweepPages deletes the pages expired at now.
func (s *Store) SweepPages(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM pages WHERE expires <= ?`, pageTime(now))
	if err != nil {
		return 0, fmt.Errorf("sweep pages: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sweep pages: %w", err)
	}
	return int(n), nil
}
