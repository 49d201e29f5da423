package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/store/sqlite"
)

// A data directory the process cannot write to (mounted read-only, another
// user's, a backup) can still answer: the read-only commands open it with
// OpenReadOnly, which writes nothing at all. What needs a write is refused
// with a clear error instead: a store of an older schema, an index that
// needs a rebuild.

// ErrReadOnly is returned by what would write to a read-only data directory.
var ErrReadOnly = errors.New("the data directory is read-only")

// Writable says whether the process can create files in dir (a directory
// that does not exist yet is writable if its parent is).
func Writable(dir string) bool {
	for {
		if _, err := os.Stat(dir); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
	f, err := os.CreateTemp(dir, ".dateline-write-probe-*")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	return os.Remove(name) == nil
}

// OpenForReading opens the data directory for a command that only reads:
// as Open does when it is writable, read-only (OpenReadOnly) when it is not.
func OpenForReading(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	if Writable(cfg.DataDir) {
		return Open(ctx, cfg, logger)
	}
	a, err := OpenReadOnly(ctx, cfg.DataDir, logger)
	if err != nil {
		return nil, err
	}
	a.SetDigestDefaults(cfg.Digest)
	return a, nil
}

// OpenReadOnly opens the data directory dir for reading only: nothing in it
// is created, changed or repaired. An index that does not match the store
// (another archive, an older copy) is refused rather than rebuilt; articles
// the index has not taken yet are left out of answers, with a warning.
func OpenReadOnly(ctx context.Context, dir string, logger *slog.Logger) (*App, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	db, err := sqlite.OpenReadOnly(ctx, filepath.Join(dir, DBFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	ix, err := index.OpenReadOnly(filepath.Join(dir, IndexFile))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	a := &App{dir: dir, store: db, index: ix, log: logger, now: time.Now, readOnly: true,
		digestDefaults: config.Default().Digest}
	a.bgCtx, a.bgCancel = context.WithCancel(context.Background())
	if err := a.checkIdentityReadOnly(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// checkIdentityReadOnly refuses an index that does not belong to the store
// or has applied changes the store never made, and warns of changes it has
// not applied yet (it cannot apply them here).
func (a *App) checkIdentityReadOnly(ctx context.Context) error {
	storeID, err := a.store.Setting(ctx, archiveSetting)
	if err != nil {
		return err
	}
	ixID, err := a.index.Archive()
	if err != nil {
		return err
	}
	r, err := a.Replica(ctx)
	if err != nil {
		return err
	}
	if storeID != ixID || r.Applied > r.Last {
		return fmt.Errorf("%w: %w: it does not match the store", ErrReadOnly, index.ErrNeedsRebuild)
	}
	a.archive = storeID
	if r.Behind() > 0 {
		a.log.Warn("the data directory is read-only and the index has not applied the latest changes: answers leave new articles out",
			"changes", r.Behind())
	}
	return nil
}
