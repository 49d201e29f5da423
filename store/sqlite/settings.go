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
func (s *Store) Audit(ctx context.Context, actor, action, target, detail string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return audit(ctx, tx, actor, action, target, detail) })
}

func audit(ctx context.Context, tx *sql.Tx, actor, action, target, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
		time.Now().UTC().Format(timeLayout), actor, action, target, detail)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", action, target, err)
	}
	return nil
}

// AuditLog returns up to limit entries of the audit log, newest first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]store.AuditEntry, error) {
	return queryAll(ctx, s.db, "read audit log",
		`SELECT at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?`, scanAuditEntry, limit)
}

func scanAuditEntry(row rowScanner) (store.AuditEntry, error) {
	var e store.AuditEntry
	var at string
	if err := row.Scan(&at, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
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
