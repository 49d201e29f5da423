package app

import (
	"context"
	"fmt"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
)

// CheckReport compares the index with the store of record.
type CheckReport struct {
	Articles        int // in the store
	Passages        int // in the store
	IndexedPassages uint64
	Missing         []string // stored passages the index lacks (article/seq)
}

// OK says whether every stored passage is indexed, and nothing else is.
func (r CheckReport) OK() bool {
	return len(r.Missing) == 0 && r.IndexedPassages == uint64(r.Passages)
}

// Check verifies that the index holds exactly the store's passages.
func (a *App) Check(ctx context.Context) (CheckReport, error) {
	a.ixMu.RLock()
	defer a.ixMu.RUnlock()
	var rep CheckReport
	err := a.store.EachArticle(ctx, batchSize, func(arts []corpus.Article) error {
		for _, art := range arts {
			ps, err := a.store.Passages(ctx, art)
			if err != nil {
				return err
			}
			rep.Articles++
			rep.Passages += len(ps)
			for _, p := range ps {
				var ok bool
				err := a.withIndex(func(ix *index.Index) (err error) {
					ok, err = ix.Has(art.ID, p.Seq)
					return err
				})
				if err != nil {
					return err
				}
				if !ok {
					rep.Missing = append(rep.Missing, fmt.Sprintf("%s/%d", art.ID, p.Seq))
				}
			}
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	err = a.withIndex(func(ix *index.Index) (err error) {
		rep.IndexedPassages, err = ix.Count()
		return err
	})
	return rep, err
}
