package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/dateline-bot/dateline/index"
)

// The index is derived data, and it can be wrong in three ways the store
// cannot see by itself: it was built from another store (dateline.db lost
// and recreated, index.bleve kept), it is an older copy of this one's (a
// restored backup), or its files are damaged (bytes changed inside a
// segment: Bleve opens it, and fails only when a query reads there). The
// first two are caught on open by the archive's identity, kept by both: the
// store's archive id and the number of index batches it has seen applied,
// the index's archive id and the batches it has applied (written in each
// batch). The third is caught on the query that meets it: the query is
// answered with ErrIndexRebuilding and the index is rebuilt from the store
// in the background while the App keeps serving; queries answer again once
// it is done.

// ErrIndexRebuilding is what a query gets while the index is being rebuilt
// after it was found damaged.
var ErrIndexRebuilding = errors.New("the index is damaged and is being rebuilt; try again in a minute")

// Store settings that hold the archive's identity.
const (
	archiveSetting = "archive_id"
	appliedSetting = "index_applied_batches"
)

// withIndex runs fn with the index, which cannot be swapped meanwhile.
func (a *App) withIndex(fn func(ix *index.Index) error) error {
	a.ixMu.RLock()
	defer a.ixMu.RUnlock()
	return fn(a.index)
}

// query runs a query's fn with the index. While the index is being rebuilt
// it answers ErrIndexRebuilding at once; when fn meets a damaged index it
// starts the rebuild and answers ErrIndexRebuilding too.
func (a *App) query(fn func(ix *index.Index) error) error {
	if a.rebuilding() != nil {
		return ErrIndexRebuilding
	}
	err := a.withIndex(fn)
	if errors.Is(err, index.ErrDamaged) && a.readOnly {
		return fmt.Errorf("%w: %w (%v)", ErrReadOnly, index.ErrNeedsRebuild, err)
	}
	if errors.Is(err, index.ErrDamaged) {
		a.startRebuild(err)
		return fmt.Errorf("%w (%v)", ErrIndexRebuilding, err)
	}
	return err
}

// noteApplied records in the store how many batches the index has applied
// (after the batches themselves: the store never claims more than the
// index holds).
func (a *App) noteApplied(ctx context.Context, ix *index.Index) error {
	return a.store.SetSetting(ctx, appliedSetting, strconv.FormatUint(ix.Applied(), 10))
}

// rebuilding is the channel closed when the rebuild in progress ends (nil
// when there is none).
func (a *App) rebuilding() chan struct{} {
	a.healthMu.Lock()
	defer a.healthMu.Unlock()
	return a.rebuildDone
}

// WaitIndex waits until no rebuild of the index is in progress.
func (a *App) WaitIndex(ctx context.Context) error {
	done := a.rebuilding()
	if done == nil {
		return nil
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// startRebuild rebuilds the index from the store in the background, once.
func (a *App) startRebuild(cause error) {
	a.healthMu.Lock()
	if a.rebuildDone != nil {
		a.healthMu.Unlock()
		return
	}
	done := make(chan struct{})
	a.rebuildDone = done
	a.healthMu.Unlock()
	a.log.Error("the index is damaged: rebuilding it from the store; queries wait for it", "error", cause)
	a.bg.Add(1)
	go func() {
		defer a.bg.Done()
		start := time.Now()
		err := a.resetIndex(a.bgCtx)
		if err == nil {
			err = a.catchUp(a.bgCtx)
		}
		if err != nil {
			a.log.Error("rebuilding the damaged index failed; the next start rebuilds it", "error", err)
		} else {
			a.log.Info("the index is rebuilt", "took", time.Since(start).Round(time.Millisecond))
		}
		a.healthMu.Lock()
		a.rebuildDone = nil
		a.healthMu.Unlock()
		close(done)
	}()
}

// resetIndex replaces the index with an empty one of this archive and
// forgets every confirmation, so the next catchUp indexes everything. A
// damaged index may fail to close: it is discarded all the same.
func (a *App) resetIndex(ctx context.Context) error {
	a.ixMu.Lock()
	defer a.ixMu.Unlock()
	path := filepath.Join(a.dir, IndexFile)
	if err := a.index.Close(); err != nil {
		a.log.Warn("closing the index before discarding it", "error", err)
	}
	if err := os.RemoveAll(path); err != nil {
		return fmt.Errorf("discard index: %w", err)
	}
	ix, _, _, err := index.Open(path)
	if err != nil {
		return err
	}
	a.index = ix
	if err := ix.SetArchive(a.archive); err != nil {
		return err
	}
	if err := a.store.MarkAllUnindexed(ctx); err != nil {
		return err
	}
	return a.noteApplied(ctx, ix)
}

// checkIdentity compares the archive identity of the store and the index,
// gives a store without one its own, and rebuilds an index that does not
// belong to this store or lags behind it.
func (a *App) checkIdentity(ctx context.Context) error {
	storeID, err := a.store.Setting(ctx, archiveSetting)
	if err != nil {
		return err
	}
	raw, err := a.store.Setting(ctx, appliedSetting)
	if err != nil {
		return err
	}
	storeApplied, _ := strconv.ParseUint(raw, 10, 64)
	ixID, ixApplied, err := a.index.Identity()
	if err != nil {
		return err
	}
	articles, _, err := a.store.Counts(ctx)
	if err != nil {
		return err
	}
	passages, err := a.index.Count()
	if err != nil {
		return err
	}
	var reason string
	switch {
	case storeID == "" && ixID != "":
		reason = "it was built from another store (this one is new)"
	case storeID == "" && articles == 0 && passages > 0:
		reason = "it holds passages of articles this store does not have"
	case storeID != "" && ixID != "" && ixID != storeID:
		reason = "it was built from another archive"
	case storeID != "" && ixID == "" && passages > 0:
		reason = "it does not say which archive it was built from"
	case ixApplied < storeApplied:
		reason = fmt.Sprintf("it is older than the store (it applied %d batches, the store saw %d)", ixApplied, storeApplied)
	}
	if storeID == "" {
		storeID = newArchiveID()
		if err := a.store.SetSetting(ctx, archiveSetting, storeID); err != nil {
			return err
		}
	}
	a.archive = storeID
	if reason != "" {
		a.log.Warn("the index does not match the store: rebuilding it", "reason", reason, "articles", articles)
		return a.resetIndex(ctx)
	}
	if ixID == "" {
		if err := a.index.SetArchive(storeID); err != nil {
			return err
		}
	}
	return a.noteApplied(ctx, a.index)
}

// newArchiveID names a new archive.
func newArchiveID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// CheckIndex verifies the index's files against their checksums, as an
// open does; damage found while serving (a disk fault under a running
// process) starts a rebuild, and queries meanwhile get ErrIndexRebuilding.
// serve calls it hourly.
func (a *App) CheckIndex() error {
	if a.rebuilding() != nil {
		return nil // a fresh index is on its way
	}
	err := a.withIndex(func(ix *index.Index) error { return ix.Verify() })
	if errors.Is(err, index.ErrDamaged) {
		a.startRebuild(err)
	}
	return err
}
