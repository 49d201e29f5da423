package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/store/postgres"
)

// ErrBackupWithPgDump says that a PostgreSQL store is backed up by
// PostgreSQL's own tools, not by dateline.
var ErrBackupWithPgDump = errors.New("a PostgreSQL store is backed up with pg_dump " +
	"(pg_dump --format=custom --file=PATH \"$DATELINE_STORE_URL\"; see docs/operations.md)")

// Backup writes a consistent copy of the store of record to path while
// the store is in use (a running serve included: only the store is
// opened, not the index, which is derived and rebuilt from the store after
// a restore). It returns how many articles the copy holds.
func Backup(ctx context.Context, cfg config.Config, path string) (int, error) {
	if cfg.Store.URL != "" {
		return 0, ErrBackupWithPgDump
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, DBFile)); err != nil {
		return 0, fmt.Errorf("nothing to back up: %w", err)
	}
	db, err := OpenStore(ctx, cfg.DataDir, "")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	b, ok := db.(interface {
		Backup(ctx context.Context, path string) (int, error)
	})
	if !ok {
		return 0, errors.New("this store cannot back itself up")
	}
	return b.Backup(ctx, path)
}

// Diagnosis is what Diagnose finds in the store and the index, changing
// neither.
type Diagnosis struct {
	Store      string // where: the SQLite file or the redacted PostgreSQL URL
	StoreErr   error  // nil when the store opened and answered
	Articles   int
	LastChange int64

	IndexPath   string
	IndexErr    error      // nil when the index could be read; index.ErrLocked when a running process holds it
	Index       index.Info // when IndexErr is nil
	IndexAbsent bool       // there is no index yet (the next start builds it)
}

// Diagnose opens the store and inspects the index read-only, for `dateline
// doctor`: no file is created and the index is neither rebuilt nor
// discarded (opening a store does apply its pending migrations, as any
// command would).
func Diagnose(ctx context.Context, cfg config.Config) Diagnosis {
	d := Diagnosis{Store: filepath.Join(cfg.DataDir, DBFile), IndexPath: filepath.Join(cfg.DataDir, IndexFile)}
	if cfg.Store.URL != "" {
		d.Store = postgres.Redact(cfg.Store.URL)
	}
	if cfg.Store.URL == "" {
		if _, err := os.Stat(d.Store); err != nil {
			d.StoreErr = err
		}
	}
	if d.StoreErr == nil {
		d.StoreErr = d.readStore(ctx, cfg)
	}
	d.Index, d.IndexErr = index.Inspect(d.IndexPath)
	if errors.Is(d.IndexErr, os.ErrNotExist) {
		d.IndexAbsent, d.IndexErr = true, nil
	}
	return d
}

func (d *Diagnosis) readStore(ctx context.Context, cfg config.Config) error {
	db, err := OpenStore(ctx, cfg.DataDir, cfg.Store.URL)
	if err != nil {
		return err
	}
	defer db.Close()
	if d.Articles, err = db.Count(ctx); err != nil {
		return err
	}
	d.LastChange, err = db.LastChange(ctx)
	return err
}
