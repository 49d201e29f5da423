package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/dateline-bot/dateline/index"
)

// The index is derived data, and it can be wrong in ways the store cannot
// see by itself: it was built from another store (dateline.db lost and
// recreated, index.bleve kept), it is an older or newer state of this one's
// (a restored backup of either), or its files are damaged (bytes changed
// inside a segment: Bleve opens it, and fails only when a query reads
// there). Another store is caught on open by the archive's identity, which
// both keep (written at creation); an older index applies the changes it
// has not seen (the store keeps every change's number); an index that has
// applied changes the store never made is rebuilt (replica.go). Damage is
// caught on the query that meets it: the query is answered with
// ErrIndexRebuilding and the index is rebuilt from the store in the
// background while the App keeps serving; queries answer again once it is
// done.

// ErrIndexRebuilding is what a query gets while the index is being rebuilt
// after it was found damaged.
var ErrIndexRebuilding = errors.New("the index is damaged and is being rebuilt; try again in a minute")

// archiveSetting is the store setting that holds the archive's identity.
const archiveSetting = "archive_id"

// withIndex runs fn with the index, which cannot be swapped meanwhile.
func (a *App) withIndex(fn func(ix *index.Index) error) error {
	a.ixMu.RLock()
	defer a.ixMu.RUnlock()
	return fn(a.index)
}

// query runs a query's fn with the index. While a damaged index is being
// rebuilt it answers ErrIndexRebuilding at once; when fn meets a damaged
// index it starts the rebuild and answers ErrIndexRebuilding too.
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

// rebuilding is the channel closed when the rebuild of a damaged index in
// progress ends (nil when there is none).
func (a *App) rebuilding() chan struct{} {
	a.healthMu.Lock()
	defer a.healthMu.Unlock()
	return a.rebuildDone
}

// WaitIndex waits until no rebuild of a damaged index is in progress.
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

// startRebuild rebuilds a damaged index from the store in the background,
// once.
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
		if err := a.rebuild(a.bgCtx, "the index is damaged: "+cause.Error()); err != nil {
			a.log.Error("rebuilding the damaged index failed; the next start rebuilds it", "error", err)
		}
		a.healthMu.Lock()
		a.rebuildDone = nil
		a.healthMu.Unlock()
		close(done)
	}()
}

// checkIdentity compares the archive identity of the store and the index,
// gives a store without one its own and an index without one the store's,
// and says why the index must be rebuilt ("" when it need not).
func (a *App) checkIdentity(ctx context.Context) (string, error) {
	storeID, err := a.store.Setting(ctx, archiveSetting)
	if err != nil {
		return "", err
	}
	var ixID string
	var passages uint64
	err = a.withIndex(func(ix *index.Index) error {
		if ixID, err = ix.Archive(); err != nil {
			return err
		}
		passages, err = ix.Count()
		return err
	})
	if err != nil {
		return "", err
	}
	last, err := a.store.LastChange(ctx)
	if err != nil {
		return "", err
	}
	var reason string
	switch {
	case storeID == "" && ixID != "":
		reason = "it was built from another store (this one is new)"
	case storeID == "" && last == 0 && passages > 0:
		reason = "it holds passages of articles this store does not have"
	case storeID != "" && ixID != "" && ixID != storeID:
		reason = "it was built from another archive"
	case storeID != "" && ixID == "" && passages > 0:
		reason = "it does not say which archive it was built from"
	}
	if storeID == "" {
		storeID = newArchiveID()
		if err := a.store.SetSetting(ctx, archiveSetting, storeID); err != nil {
			return "", err
		}
	}
	a.archive = storeID
	if reason != "" {
		return "the index does not match the store: " + reason, nil
	}
	if ixID == "" {
		return "", a.withIndex(func(ix *index.Index) error { return ix.SetArchive(storeID) })
	}
	return "", nil
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
