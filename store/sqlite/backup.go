package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the database to path (which must not
// exist) while others keep reading and writing it (VACUUM INTO, one read
// transaction), then checks the copy and returns how many articles it
// holds.
func (s *Store) Backup(ctx context.Context, path string) (articles int, err error) {
	if _, err := os.Stat(path); err == nil {
		return 0, fmt.Errorf("backup %s: the file exists; choose a new path", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	return checkCopy(ctx, path)
}

// checkCopy opens a backup read-only, checks its integrity and counts its
// articles.
func checkCopy(ctx context.Context, path string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, fmt.Errorf("check backup %s: %w", path, err)
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&verdict); err != nil {
		return 0, fmt.Errorf("check backup %s: %w", path, err)
	}
	if verdict != "ok" {
		return 0, fmt.Errorf("check backup %s: integrity check says %q", path, verdict)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("check backup %s: %w", path, err)
	}
	return n, nil
}
