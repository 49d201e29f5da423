package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dateline-bot/dateline/store"
)

// Paged answers' state (migration 0006): any process sharing the store
// answers any Previous/Next button.

// PutPage stores p, drops its owner's oldest pages beyond perOwner and
// deletes the pages expired at p.Created, in one transaction.
func (s *Store) PutPage(ctx context.Context, p store.PageState, perOwner int) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM pages WHERE expires <= $1`, p.Created.UTC().Truncate(time.Microsecond)); err != nil {
			return fmt.Errorf("sweep pages: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO pages (id, command, query, guild, owner, created, expires)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			p.ID, p.Command, p.Query, p.Guild, p.Owner, p.Created.UTC().Truncate(time.Microsecond), p.Expires.UTC().Truncate(time.Microsecond))
		if err != nil {
			return fmt.Errorf("store page %s: %w", p.ID, err)
		}
		_, err = tx.Exec(ctx, `DELETE FROM pages WHERE owner = $1 AND seq NOT IN
			(SELECT seq FROM pages WHERE owner = $1 ORDER BY seq DESC LIMIT $2)`, p.Owner, max(perOwner, 0))
		if err != nil {
			return fmt.Errorf("cap pages of %s: %w", p.Owner, err)
		}
		return nil
	})
}

// TouchPage returns a live page after moving its expiry.
func (s *Store) TouchPage(ctx context.Context, id string, now, expires time.Time) (store.PageState, error) {
	var p store.PageState
	err := s.pool.QueryRow(ctx, `UPDATE pages SET expires = $1 WHERE id = $2 AND expires > $3
		RETURNING id, command, query, guild, owner, created, expires`, expires.UTC().Truncate(time.Microsecond), id, now.UTC().Truncate(time.Microsecond)).
		Scan(&p.ID, &p.Command, &p.Query, &p.Guild, &p.Owner, &p.Created, &p.Expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, fmt.Errorf("page %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("read page %s: %w", id, err)
	}
	p.Created, p.Expires = p.Created.UTC(), p.Expires.UTC()
	return p, nil
}

// SweepPages deletes the pages expired at now.
func (s *Store) SweepPages(ctx context.Context, now time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM pages WHERE expires <= $1`, now.UTC().Truncate(time.Microsecond))
	if err != nil {
		return 0, fmt.Errorf("sweep pages: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
