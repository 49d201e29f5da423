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
	"github.com/dateline-bot/dateline/feeds"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/store"
	"github.com/dateline-bot/dateline/store/postgres"
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
	// rebuildDone is closed when the rebuild of a damaged index in
	// progress ends (nil: none).
	healthMu    sync.Mutex
	rebuildDone chan struct{}
	// Background work (a rebuild) stops with bgCtx; Close waits for it.
	bgCtx    context.Context
	bgCancel context.CancelFunc
	bg       sync.WaitGroup
	// syncMu makes one caller at a time write the index (apply changes,
	// rebuild), so changes are applied in order.
	syncMu sync.Mutex
	// rebuildMu makes one rebuild at a time (it works beside the index).
	rebuildMu sync.Mutex
	// rebuildBehind is how many changes behind the index is rebuilt
	// rather than brought up to date change by change.
	rebuildBehind int64
	// retention is how long removed articles stay restorable.
	retention time.Duration

	poller *feeds.Poller // nil until UseFetcher

	pages, files Web // nil until UseWeb: /add by URL and by file

	mu             sync.Mutex
	onChange       func(store.DigestSettings) // a running Following's
	digestDefaults config.Digest
	observer       Observer // nil: nobody counts
}

// DefaultRetention keeps removed articles for 30 days.
const DefaultRetention = 720 * time.Hour

// Open opens (creating when needed) the configured store of record (SQLite
// in the data directory, or PostgreSQL when [store] url is set) and the
// Bleve index in the data directory, the store's replica. A missing,
// corrupt or outdated index is rebuilt from the store, and changes the
// index has not applied are applied, before Open returns. It fails within
// a few seconds with index.ErrLocked when another process holds the index.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	a, err := open(ctx, cfg.DataDir, cfg.Store.URL, logger)
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

// OpenDir is Open for a data directory path with the SQLite store.
func OpenDir(ctx context.Context, dir string, logger *slog.Logger) (*App, error) {
	return open(ctx, dir, "", logger)
}

func open(ctx context.Context, dir, storeURL string, logger *slog.Logger) (*App, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if !Writable(dir) {
		return nil, fmt.Errorf("%w: %s cannot be written to; only the commands that read (when, search, article) work on it", ErrReadOnly, dir)
	}
	db, err := OpenStore(ctx, dir, storeURL)
	if err != nil {
		return nil, err
	}
	ix, status, reason, err := index.Open(filepath.Join(dir, IndexFile))
	if err != nil {
		db.Close()
		return nil, err
	}
	a := &App{dir: dir, store: db, index: ix, log: logger, now: time.Now, rebuildBehind: rebuildBehind, retention: DefaultRetention,
		digestDefaults: config.Default().Digest}
	a.bgCtx, a.bgCancel = context.WithCancel(context.Background())
	if err := a.start(ctx, status, reason); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// OpenStore opens the store of record: SQLite in dir when url is empty,
// else the PostgreSQL database url names.
func OpenStore(ctx context.Context, dir, url string) (store.Store, error) {
	switch {
	case url == "":
		return sqlite.Open(ctx, filepath.Join(dir, DBFile))
	case postgres.IsURL(url):
		return postgres.Open(ctx, url)
	default:
		return nil, fmt.Errorf("store url %q: want empty (SQLite) or postgres://…", url)
	}
}

// start brings the stored passages up to the current analysis and the
// index up to the store: rebuilt when it was missing or discarded and the
// store has articles, when it belongs to another store, or when it has
// applied changes the store never made or is too far behind; else the
// changes it has not applied are applied.
func (a *App) start(ctx context.Context, status index.OpenStatus, reason string) error {
	if err := a.reanalyzeIfStale(ctx); err != nil {
		return err
	}
	why, err := a.checkIdentity(ctx)
	if err != nil {
		return err
	}
	if why == "" && status != index.Opened {
		last, err := a.store.LastChange(ctx)
		if err != nil {
			return err
		}
		switch {
		case last == 0: // nothing to rebuild from
		case status == index.Created:
			why = "there is no index yet"
		default:
			why = "the index was discarded: it " + reason
		}
	}
	if why == "" {
		if why, err = a.needsRebuild(ctx); err != nil {
			return err
		}
	}
	if why != "" {
		return a.rebuild(ctx, why)
	}
	return a.Sync(ctx)
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

// ScopeCounts says how many live articles and passages each archive
// holds (/metrics).
func (a *App) ScopeCounts(ctx context.Context) ([]store.ScopeCount, error) {
	return a.store.ScopeCounts(ctx)
}

// Counts says how many articles the store holds.
func (a *App) Counts(ctx context.Context) (articles int, err error) {
	n, err := a.store.Count(ctx)
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

// Pages is where the bot keeps the state of paged answers: the store of
// record, shared by every process on it.
func (a *App) Pages() store.Pages { return a.store }

// Reindex recomputes every article's passages (dates, credits) from the
// stored text and rebuilds the index from the store beside the current one,
// which answers until the new one replaces it.
func (a *App) Reindex(ctx context.Context) error {
	if err := a.reanalyze(ctx); err != nil {
		return err
	}
	return a.rebuild(ctx, "reindex")
}
