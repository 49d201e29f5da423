package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
)

// The index is a replica of the store: it records the number of the last
// store change it applied and applies the later ones in order, whoever
// made them (this process, or another one sharing a PostgreSQL store).
const (
	// syncBatch is how many changes one index batch applies.
	syncBatch = 256
	// rebuildBehind is how far behind (in changes) an index is rebuilt
	// from scratch rather than brought up to date change by change.
	rebuildBehind = 20000
)

// errIndex marks a failure of the index itself (not of the store): the
// replica is damaged and must be rebuilt.
var errIndex = errors.New("index")

// ReplicaStatus says how far the index has followed the store.
type ReplicaStatus struct {
	Applied  int64  // the last change the index applied
	Last     int64  // the last change in the store
	Passages uint64 // passages the index holds
}

// Behind is how many changes the index has not applied.
func (r ReplicaStatus) Behind() int64 { return max(0, r.Last-r.Applied) }

// Replica reads how far the index has followed the store.
func (a *App) Replica(ctx context.Context) (ReplicaStatus, error) {
	last, err := a.store.LastChange(ctx)
	if err != nil {
		return ReplicaStatus{}, err
	}
	a.ixMu.RLock()
	defer a.ixMu.RUnlock()
	applied, err := a.index.Applied()
	if err != nil {
		return ReplicaStatus{}, err
	}
	passages, err := a.index.Count()
	return ReplicaStatus{Applied: applied, Last: last, Passages: passages}, err
}

// Sync applies every change the index has not applied yet.
func (a *App) Sync(ctx context.Context) error {
	a.syncMu.Lock()
	defer a.syncMu.Unlock()
	a.ixMu.RLock()
	ix := a.index // only a rebuild swaps it, and a rebuild holds syncMu
	a.ixMu.RUnlock()
	return a.syncInto(ctx, ix)
}

// syncInto applies to ix the changes after the last one it applied, a
// batch at a time; each batch brings the articles it names to their state
// in the store now (present with their passages, or gone).
func (a *App) syncInto(ctx context.Context, ix *index.Index) error {
	applied, err := ix.Applied()
	if err != nil {
		return fmt.Errorf("%w: %w", errIndex, err)
	}
	for {
		changes, err := a.store.Changes(ctx, applied, syncBatch)
		if err != nil || len(changes) == 0 {
			return err
		}
		var ids []string
		seen := map[string]bool{}
		for _, c := range changes {
			if !seen[c.ArticleID] {
				seen[c.ArticleID] = true
				ids = append(ids, c.ArticleID)
			}
		}
		recs, err := a.store.Records(ctx, ids)
		if err != nil {
			return err
		}
		for _, r := range recs {
			delete(seen, r.Article.ID)
		}
		var gone []string
		for _, id := range ids {
			if seen[id] {
				gone = append(gone, id)
			}
		}
		upTo := changes[len(changes)-1].Seq
		if err := ix.Apply(ctx, upTo, recs, gone); err != nil {
			return fmt.Errorf("%w: %w", errIndex, err)
		}
		applied = upTo
	}
}

// needsRebuild says why an index that opened well must still be rebuilt
// rather than brought up to date ("" when it need not): it has applied
// changes this store never made (it follows another store, or an older
// copy of this one), or it is too far behind.
func (a *App) needsRebuild(ctx context.Context) (string, error) {
	r, err := a.Replica(ctx)
	switch {
	case err != nil:
		return "", err
	case r.Applied > r.Last:
		return fmt.Sprintf("the index has applied change %d, the store has only %d: changes the store never made (a store restored from a backup)", r.Applied, r.Last), nil
	case r.Behind() > a.rebuildBehind:
		return fmt.Sprintf("the index is %d changes behind the store", r.Behind()), nil
	}
	return "", nil
}

// rebuild builds a new index from the store beside the current one, which
// keeps answering meanwhile, then puts it in its place.
func (a *App) rebuild(ctx context.Context, why string) error {
	a.rebuildMu.Lock()
	defer a.rebuildMu.Unlock()
	path := filepath.Join(a.dir, IndexFile)
	next := path + ".next"
	start := time.Now()
	a.log.Warn("rebuilding the index from the store", "reason", why)
	if err := os.RemoveAll(next); err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	fresh, err := index.Create(next)
	if err != nil {
		return err
	}
	if err := fresh.SetArchive(a.archive); err != nil {
		return errors.Join(err, fresh.Close(), os.RemoveAll(next))
	}
	if err := a.fill(ctx, fresh); err != nil {
		return errors.Join(err, fresh.Close(), os.RemoveAll(next))
	}

	a.syncMu.Lock()
	defer a.syncMu.Unlock()
	// What changed while filling, before answers move to the new index.
	if err := a.syncInto(ctx, fresh); err != nil {
		return errors.Join(err, fresh.Close(), os.RemoveAll(next))
	}
	a.ixMu.Lock()
	defer a.ixMu.Unlock()
	if a.closed {
		return errors.Join(errors.New("rebuild index: the app is closed"), fresh.Close(), os.RemoveAll(next))
	}
	// Bleve keeps its path: close both, move the new one into place, reopen.
	if err := errors.Join(fresh.Close(), a.index.Close()); err != nil {
		a.log.Warn("closing the replaced index", "error", err)
	}
	if err := os.RemoveAll(path); err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	if err := os.Rename(next, path); err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	ix, _, _, err := index.Open(path)
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	a.index = ix
	applied, _ := ix.Applied() // read a moment ago: cannot fail on a fresh open
	a.log.Info("index rebuilt", "applied_change", applied, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// fill indexes every stored article into an empty index, and records the
// last change made before it started: later changes are applied after.
func (a *App) fill(ctx context.Context, ix *index.Index) error {
	last, err := a.store.LastChange(ctx)
	if err != nil {
		return err
	}
	total, err := a.Counts(ctx)
	if err != nil {
		return err
	}
	done := 0
	err = a.store.EachArticle(ctx, batchSize, func(arts []corpus.Article) error {
		ids := make([]string, len(arts))
		for i, art := range arts {
			ids[i] = art.ID
		}
		recs, err := a.store.Records(ctx, ids)
		if err != nil {
			return err
		}
		if err := ix.Apply(ctx, 0, recs, nil); err != nil {
			return fmt.Errorf("%w: %w", errIndex, err)
		}
		done += len(recs)
		if done%(20*batchSize) < batchSize {
			a.log.Info("indexing", "done", done, "of", total)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return ix.Apply(ctx, last, nil, nil)
}

// Follow keeps the index following the store until ctx ends: it applies
// new changes when the store says there are some (PostgreSQL's
// LISTEN/NOTIFY) and at least every poll, and rebuilds the index beside
// the current one, which keeps answering, when it is damaged (its files
// gone, a change it cannot apply) or too far behind.
func (a *App) Follow(ctx context.Context, poll time.Duration) {
	var wake <-chan struct{}
	if n, ok := a.store.(interface {
		Notify(ctx context.Context) <-chan struct{}
	}); ok {
		wake = n.Notify(ctx)
	}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-tick.C:
		}
		if err := a.followOnce(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("following the store", "error", err)
		}
	}
}

// followOnce applies what changed, or rebuilds the index when it must.
func (a *App) followOnce(ctx context.Context) error {
	why, err := a.damage(ctx)
	if err != nil {
		return err
	}
	if why == "" {
		err := a.Sync(ctx)
		if !errors.Is(err, errIndex) {
			return err
		}
		why = err.Error()
	}
	return a.rebuild(ctx, why)
}

// damage says why the index must be rebuilt now ("" when it need not).
func (a *App) damage(ctx context.Context) (string, error) {
	a.ixMu.RLock()
	intact := a.index.Intact()
	a.ixMu.RUnlock()
	if intact != nil {
		return "the index's files are gone: " + intact.Error(), nil
	}
	return a.needsRebuild(ctx)
}
