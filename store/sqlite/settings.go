package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dateline-bot/dateline/store"
)

// Small records beside the articles: the audit log and named settings.

// Audit records an action in the audit log.
func (s *Store) Audit(ctx context.Context, e store.AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return audit(ctx, tx, e) })
}

func audit(ctx context.Context, tx *sql.Tx, e store.AuditEntry) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, guild, channel, action, target, detail, origin)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		time.Now().UTC().Format(timeLayout), e.Actor, e.Guild, e.Channel, e.Action, e.Target, e.Detail, e.Origin)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Action, e.Target, err)
	}
	return nil
}

// AuditLog returns the entries q selects, newest first.
func (s *Store) AuditLog(ctx context.Context, q store.AuditQuery) ([]store.AuditEntry, error) {
	query := `SELECT at, actor, guild, channel, action, target, detail, origin FROM audit_log `
	args := []any{}
	if !q.AllGuilds {
		query += `WHERE guild = ? `
		args = append(args, q.Guild)
	}
	return queryAll(ctx, s.db, "read audit log", query+`ORDER BY id DESC LIMIT ?`, scanAuditEntry, append(args, q.Limit)...)
}

func scanAuditEntry(row rowScanner) (store.AuditEntry, error) {
	var e store.AuditEntry
	var at string
	if err := row.Scan(&at, &e.Actor, &e.Guild, &e.Channel, &e.Action, &e.Target, &e.Detail, &e.Origin); err != nil {
		return e, err
	}
	var err error
	if e.At, err = time.Parse(timeLayout, at); err != nil {
		return e, fmt.Errorf("audit entry at: %w", err)
	}
	return e, nil
}

// Setting reads a named value ("" when unset).
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting writes a named value.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}
