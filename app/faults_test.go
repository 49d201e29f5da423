package app

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/store"
)

// fullDiskStore is the real store until it has taken `room` batches, then
// refuses every Add as a full disk does.
type fullDiskStore struct {
	store.Store
	room int
}

func (s *fullDiskStore) Add(ctx context.Context, recs []corpus.Record) ([]store.Outcome, error) {
	if s.room <= 0 {
		return nil, fmt.Errorf("store add: insert article: %w", syscall.ENOSPC)
	}
	s.room--
	return s.Store.Add(ctx, recs)
}

// items makes n distinct parsed articles.
func items(n int) []parse.Item {
	var out []parse.Item
	for i := 0; i < n; i++ {
		text := fmt.Sprintf("Ferry report %d\n\n2025-11-02\n\nOn 1 November 2025 ferry %d sailed from Tartus with grain.\n", i, i)
		out = append(out, parse.Parse(fmt.Sprintf("f%d.txt", i), []byte(text))...)
	}
	return out
}

// TestIngestCountsEveryItemItCouldNotStore: on a full disk the ingest goes
// on counting, so that the report accounts for every item (here one batch
// stored, everything after it failed with the disk's error), and what was
// stored is still found.
func TestIngestCountsEveryItemItCouldNotStore(t *testing.T) {
	ctx := context.Background()
	a, err := OpenDir(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.store = &fullDiskStore{Store: a.store, room: 1}
	const total = batchSize*2 + 50
	in := a.NewIngester(Origin{Source: corpus.SourceFile, By: "test"})
	for i, it := range items(total) {
		if err := in.Add(ctx, fmt.Sprintf("f%d.txt", i), []parse.Item{it}); err != nil {
			t.Fatalf("item %d: %v", i, err)
		}
	}
	if err := in.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	rep := in.Report()
	if rep.Added != batchSize || rep.Failed != total-batchSize || rep.Added+rep.Duplicates+rep.Failed != total {
		t.Fatalf("added %d, duplicates %d, failed %d of %d items", rep.Added, rep.Duplicates, rep.Failed, total)
	}
	for _, f := range rep.Failures {
		if !strings.Contains(f.Error, "no space left on device") || f.Path == "" {
			t.Fatalf("failure without its path or cause: %+v", f)
		}
	}
	if in.IndexErr() != nil {
		t.Errorf("index error: %v", in.IndexErr())
	}
	if n := searchTotal(t, a, "tartus ferry"); n != batchSize {
		t.Errorf("%d stored passages found, want %d", n, batchSize)
	}
}
