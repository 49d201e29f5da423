// Package app wires the store of record and the passage index into the one
// engine that both the command line and the Discord bot answer from.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/feeds"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/store"
	"github.com/dateline-bot/dateline/store/sqlite"
)

// ErrNotFound is returned for an article id the store does not hold.
var ErrNotFound = store.ErrNotFound

// File names inside the data directory.
const (
	DBFile    = "dateline.db"
	IndexFile = "index.bleve"
)

// App is an open data directory: store plus index.
type App struct {
	dir     string
	store   store.Store
	log     *slog.Logger
	now     func() time.Time
	archive string // the archive identity store and index share
	// readOnly: opened with OpenReadOnly; nothing is written, nothing
	// rebuilt.
	readOnly bool

	// The index may be replaced (rebuilt) while the App serves: it is
	// used under ixMu's read lock, replaced under its write lock.
	ixMu   sync.RWMutex
	index  *index.Index
	closed bool
	// rebuildDone is closed when the rebuild in progress ends (nil: none).
	healthMu    sync.Mutex
	rebuildDone chan struct{}
	// Background work (a rebuild) stops with bgCtx; Close waits for it.
	bgCtx    context.Context
	bgCancel context.CancelFunc
	bg       sync.WaitGroup
	// retention is how long removed articles stay restorable.
	retention time.Duration

	poller *feeds.Poller // nil until UseFetcher

	pages, files Web // nil until UseWeb: /add by URL and by file

	mu             sync.Mutex
	onChange       func(store.DigestSettings) // a running Following's
	digestDefaults config.Digest
}

// DefaultRetention keeps removed articles for 30 days.
const DefaultRetention = 720 * time.Hour

// Open opens (creating when needed) the data directory dir: the SQLite store
// and the Bleve index. A missing, corrupt or outdated index is rebuilt from
// the store, and articles the index has not confirmed are indexed, before
// Open returns. It fails within a few seconds with index.ErrLocked when
// another process holds the index.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	a, err := OpenDir(ctx, cfg.DataDir, logger)
	if err != nil {
		return nil, err
	}
	if cfg.Retention.Removed.Duration > 0 {
		a.retention = cfg.Retention.Removed.Duration
	}
	if _, err := a.Purge(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.SetDigestDefaults(cfg.Digest)
	return a, nil
}

// OpenDir is Open for a data directory path.
func OpenDir(ctx context.Context, dir string, logger *slog.Logger) (*App, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if !Writable(dir) {
		return nil, fmt.Errorf("%w: %s cannot be written to; only the commands that read (when, search, article) work on it", ErrReadOnly, dir)
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, DBFile))
	if err != nil {
		return nil, err
	}
	ix, status, reason, err := index.Open(filepath.Join(dir, IndexFile))
	if err != nil {
		db.Close()
		return nil, err
	}
	a := &App{dir: dir, store: db, index: ix, log: logger, now: time.Now, retention: DefaultRetention,
		digestDefaults: config.Default().Digest}
	a.bgCtx, a.bgCancel = context.WithCancel(context.Background())
	if err := a.checkIdentity(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if err := a.recover(ctx, status, reason); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// recover brings the index in line with the store after a crash, a lost
// index or a mapping change.
func (a *App) recover(ctx context.Context, status index.OpenStatus, reason string) error {
	total, _, err := a.store.Counts(ctx)
	if err != nil {
		return err
	}
	if status != index.Opened && total > 0 {
		if status == index.Rebuilt {
			a.log.Warn("index discarded, rebuilding from the store", "reason", reason, "articles", total)
		} else {
			a.log.Warn("index missing, rebuilding from the store", "articles", total)
		}
		if err := a.store.MarkAllUnindexed(ctx); err != nil {
			return err
		}
	}
	changed, err := a.reanalyzeIfStale(ctx)
	if err != nil {
		return err
	}
	if changed {
		// Passages were recut: old documents may no longer exist in the store.
		if err := a.resetIndex(ctx); err != nil {
			return err
		}
	}
	pending, err := a.store.PendingRemovals(ctx)
	if err != nil {
		return err
	}
	for _, r := range pending {
		if err := a.removeFromIndex(ctx, r.ArticleID, r.Passages); err != nil {
			return err
		}
	}
	return a.catchUp(ctx)
}

// removeFromIndex takes an article's passages out of the index and confirms
// it in the store.
func (a *App) removeFromIndex(ctx context.Context, id string, passages int) error {
	return a.withIndex(func(ix *index.Index) error {
		if err := ix.Remove(ctx, id, passages); err != nil {
			return err
		}
		if err := a.store.ConfirmRemoval(ctx, id); err != nil {
			return err
		}
		return a.noteApplied(ctx, ix)
	})
}

// catchUp indexes every stored article the index has not confirmed.
func (a *App) catchUp(ctx context.Context) error {
	_, unindexed, err := a.store.Counts(ctx)
	if err != nil || unindexed == 0 {
		return err
	}
	a.log.Info("indexing stored articles", "articles", unindexed)
	done := 0
	start := time.Now()
	for {
		recs, err := a.store.Unindexed(ctx, batchSize)
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			a.log.Info("index up to date", "articles", done, "took", time.Since(start).Round(time.Millisecond))
			return nil
		}
		if err := a.indexRecords(ctx, recs); err != nil {
			return err
		}
		done += len(recs)
		a.log.Info("indexing", "done", done, "of", unindexed)
	}
}

func (a *App) indexRecords(ctx context.Context, recs []corpus.Record) error {
	return a.withIndex(func(ix *index.Index) error {
		if err := ix.Add(ctx, recs); err != nil {
			return err
		}
		ids := make([]string, len(recs))
		for i, r := range recs {
			ids[i] = r.Article.ID
		}
		if err := a.store.MarkIndexed(ctx, ids); err != nil {
			return err
		}
		return a.noteApplied(ctx, ix)
	})
}

// Close stops a rebuild in progress, then closes the index and the store.
// Closing again does nothing.
func (a *App) Close() error {
	a.bgCancel()
	a.bg.Wait()
	a.ixMu.Lock()
	defer a.ixMu.Unlock()
	if a.closed {
		return nil
	}
	a.closed = true
	return errors.Join(a.index.Close(), a.store.Close())
}

// Dir is the data directory.
func (a *App) Dir() string { return a.dir }

// Counts says how many articles the store holds.
func (a *App) Counts(ctx context.Context) (articles int, err error) {
	n, _, err := a.store.Counts(ctx)
	return n, err
}

// Setting reads a small named value from the store ("" when unset).
func (a *App) Setting(ctx context.Context, key string) (string, error) {
	return a.store.Setting(ctx, key)
}

// SetSetting writes a small named value to the store.
func (a *App) SetSetting(ctx context.Context, key, value string) error {
	return a.store.SetSetting(ctx, key, value)
}

// Reindex recomputes every article's passages (dates, credits) from the
// stored text, discards the index and rebuilds it from the store. It must
// not run while other calls use the App.
func (a *App) Reindex(ctx context.Context) error {
	if err := a.reanalyze(ctx); err != nil {
		return err
	}
	if err := a.resetIndex(ctx); err != nil {
		return err
	}
	return a.catchUp(ctx)
}
