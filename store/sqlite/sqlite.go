// Package sqlite is the SQLite engine of the store of record (WAL, foreign
// keys on, embedded migrations): the only importer of modernc.org/sqlite.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/store"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the store of record in a SQLite database.
type Store struct {
	db *sql.DB
}

// The SQLite engine keeps the store's contract (store/storetest proves it).
var _ store.Store = (*Store)(nil)

// Open opens (creating when needed) the database at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// OpenReadOnly opens the database at path for reading only, writing
// nothing at all (no journal, no shared-memory file), so that a read-only
// data directory can still be queried. A database left with a write-ahead
// log (a crash) is opened read-only through it; one that is clean is opened
// as immutable. It fails when the schema is not this dateline's: upgrading
// it would need a write.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	dsn := "file:" + path + "?mode=ro&_pragma=busy_timeout(5000)"
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() == 0 {
		dsn += "&immutable=1"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s read-only: %w", path, err)
	}
	s := &Store{db: db}
	var current int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s read-only: read schema version: %w", path, err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	if current != len(names) {
		db.Close()
		return nil, fmt.Errorf("open store %s read-only: its schema version is %d, this dateline's is %d, and a read-only store cannot be migrated", path, current, len(names))
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// migrate applies the embedded migrations the database has not seen, in
// order, each in its own transaction. The version is SQLite's user_version.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	var current int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(names) {
		return fmt.Errorf("schema version %d is newer than this dateline (%d): upgrade dateline", current, len(names))
	}
	for v := current + 1; v <= len(names); v++ {
		script, err := migrations.ReadFile(names[v-1])
		if err != nil {
			return fmt.Errorf("read migration %s: %w", names[v-1], err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(script)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(v))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", names[v-1], err)
		}
	}
	return nil
}

func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

const timeLayout = time.RFC3339Nano

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// rowScanner is a row of a result: *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(...any) error }

// queryAll runs a query and returns every row as scan reads it.
func queryAll[T any](ctx context.Context, db *sql.DB, what, query string, scan func(rowScanner) (T, error), args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// strings runs a query of one text column and returns its values.
func (s *Store) strings(ctx context.Context, what, query string, args ...any) ([]string, error) {
	return queryAll(ctx, s.db, what, query, func(row rowScanner) (string, error) {
		var v string
		err := row.Scan(&v)
		return v, err
	}, args...)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
