package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
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

// dataDir makes a data directory holding the seed and n ferry reports, and
// returns its path (closed).
func dataDir(t *testing.T, n int) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	a, err := OpenDir(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.IngestSample(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	ingestItems(t, a, items(n))
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func ingestItems(t *testing.T, a *App, its []parse.Item) {
	t.Helper()
	ctx := context.Background()
	in := a.NewIngester(Origin{Source: corpus.SourceFile, By: "test"})
	if err := in.Add(ctx, "items", its); err != nil {
		t.Fatal(err)
	}
	if err := in.Flush(ctx); err != nil || in.IndexErr() != nil || in.Report().Failed > 0 {
		t.Fatalf("ingest: %v %v %+v", err, in.IndexErr(), in.Report())
	}
}

// copyDir copies a closed data directory.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// openLogged opens dir with its log captured.
func openLogged(t *testing.T, dir string) (*App, *strings.Builder) {
	t.Helper()
	logs := &strings.Builder{}
	a, err := OpenDir(context.Background(), dir, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, logs
}

func TestIndexThatDoesNotMatchTheStoreIsRebuilt(t *testing.T) {
	t.Run("dateline.db lost, index.bleve kept", func(t *testing.T) {
		dir := dataDir(t, 20)
		for _, f := range []string{DBFile, DBFile + "-wal", DBFile + "-shm"} {
			os.Remove(filepath.Join(dir, f))
		}
		a, logs := openLogged(t, dir)
		if !strings.Contains(logs.String(), "does not match the store") {
			t.Errorf("no rebuild logged:\n%s", logs)
		}
		if n := searchTotal(t, a, "tartus ferry"); n != 0 {
			t.Errorf("the lost store's articles are still found: %d", n)
		}
		ingestItems(t, a, items(5))
		if n := searchTotal(t, a, "tartus ferry"); n != 5 {
			t.Errorf("new articles: %d found, want 5", n)
		}
	})
	t.Run("a newer copy of this index (the store restored from a backup)", func(t *testing.T) {
		dir := dataDir(t, 3)
		backup := t.TempDir()
		for _, f := range []string{DBFile} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(backup, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		a, _ := openLogged(t, dir)
		ingestItems(t, a, items(12)[3:])
		a.Close()
		b, err := os.ReadFile(filepath.Join(backup, DBFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{DBFile + "-wal", DBFile + "-shm"} {
			os.Remove(filepath.Join(dir, f))
		}
		if err := os.WriteFile(filepath.Join(dir, DBFile), b, 0o644); err != nil {
			t.Fatal(err)
		}
		a, logs := openLogged(t, dir)
		if !strings.Contains(logs.String(), "the store never made") {
			t.Errorf("no rebuild logged:\n%s", logs)
		}
		if n := searchTotal(t, a, "tartus ferry"); n != 3 {
			t.Errorf("%d passages found, want the restored store's 3", n)
		}
	})
	t.Run("index of another archive", func(t *testing.T) {
		mine, other := dataDir(t, 3), dataDir(t, 30)
		os.RemoveAll(filepath.Join(mine, IndexFile))
		copyDir(t, filepath.Join(other, IndexFile), filepath.Join(mine, IndexFile))
		a, logs := openLogged(t, mine)
		if !strings.Contains(logs.String(), "another archive") {
			t.Errorf("no rebuild logged:\n%s", logs)
		}
		if n := searchTotal(t, a, "tartus ferry"); n != 3 {
			t.Errorf("%d passages found, want this store's 3", n)
		}
	})
	// An older copy of the index needs no rebuild: it applies the changes
	// the store made after it (each change is numbered).
	t.Run("an older copy of this index catches up", func(t *testing.T) {
		dir := dataDir(t, 3)
		backup := t.TempDir()
		copyDir(t, filepath.Join(dir, IndexFile), backup)
		a, _ := openLogged(t, dir)
		ingestItems(t, a, items(12)[3:])
		a.Close()
		os.RemoveAll(filepath.Join(dir, IndexFile))
		copyDir(t, backup, filepath.Join(dir, IndexFile))
		a, logs := openLogged(t, dir)
		if strings.Contains(logs.String(), "rebuild") {
			t.Errorf("an older copy was rebuilt rather than brought up to date:\n%s", logs)
		}
		if n := searchTotal(t, a, "tartus ferry"); n != 12 {
			t.Errorf("%d passages found, want 12 (the ones the old copy lacks included)", n)
		}
	})
	t.Run("a matching index is kept", func(t *testing.T) {
		dir := dataDir(t, 3)
		a, logs := openLogged(t, dir)
		if strings.Contains(logs.String(), "rebuild") || strings.Contains(logs.String(), "indexing") {
			t.Errorf("a matching index was rebuilt:\n%s", logs)
		}
		if n := searchTotal(t, a, "tartus ferry"); n != 3 {
			t.Errorf("%d found", n)
		}
	})
}

// damage overwrites 64 bytes at fraction f of every index segment, keeping
// their sizes, and returns the segments it damaged (a segment Bleve merges
// away meanwhile is skipped).
func damage(t *testing.T, dir string, f float64) []string {
	t.Helper()
	segs, err := filepath.Glob(filepath.Join(dir, IndexFile, "store", "*.zap"))
	if err != nil || len(segs) == 0 {
		t.Fatalf("no segments: %v", err)
	}
	rng := rand.New(rand.NewPCG(uint64(f*1000), 7))
	var damaged []string
	for _, s := range segs {
		b, err := os.ReadFile(s)
		if os.IsNotExist(err) {
			continue // merged away since the listing
		}
		if err != nil {
			t.Fatal(err)
		}
		at := int(float64(len(b)) * f)
		junk := make([]byte, min(64, len(b)-at))
		for i := range junk {
			junk[i] = byte(rng.IntN(256))
		}
		// In place, as a disk fault would: never truncated, so a running
		// index's memory map of the file stays valid.
		file, err := os.OpenFile(s, os.O_WRONLY, 0)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		_, werr := file.WriteAt(junk, int64(at))
		if err := errors.Join(werr, file.Close()); err != nil {
			t.Fatal(err)
		}
		damaged = append(damaged, s)
	}
	return damaged
}

// TestDamagedIndexIsRebuilt damages the index's segments in place (sizes
// unchanged) at many places, before and while the App serves. Damage found
// on open (the segments' checksums) is rebuilt before the first answer;
// damage under a running App is found by CheckIndex (serve's hourly check)
// or by a query that fails on it, which gets a clear ErrIndexRebuilding
// while the App rebuilds. Either way the answers after it are complete.
func TestDamagedIndexIsRebuilt(t *testing.T) {
	ctx := context.Background()
	clean := dataDir(t, 40)
	for f := 0.70; f < 0.99; f += 0.04 {
		t.Run(fmt.Sprintf("before open at %.2f", f), func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, clean, dir)
			damaged := damage(t, dir, f)
			a, logs := openLogged(t, dir)
			defer a.Close()
			if n, err := searchErr(a, "tartus ferry"); err != nil || n != 40 {
				t.Fatalf("%d found, %v; logs:\n%s", n, err, logs)
			}
			// The damage is named: a segment failing its checksum, or one
			// Bleve could not load at all.
			if len(damaged) > 0 && !strings.Contains(logs.String(), "checksum") && !strings.Contains(logs.String(), "cannot be opened") {
				t.Errorf("the damage to %d segments was not named in the log:\n%s", len(damaged), logs)
			}
		})
		t.Run(fmt.Sprintf("while serving at %.2f", f), func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, clean, dir)
			a, _ := openLogged(t, dir)
			defer a.Close()
			damage(t, dir, f)
			_, qerr := searchErr(a, "tartus ferry")
			if qerr != nil && !errors.Is(qerr, ErrIndexRebuilding) {
				t.Fatalf("query failed with %v, not ErrIndexRebuilding", qerr)
			}
			if err := a.CheckIndex(); qerr == nil && !errors.Is(err, index.ErrDamaged) {
				t.Fatalf("CheckIndex after damage: %v, want ErrDamaged", err)
			}
			if err := a.WaitIndex(ctx); err != nil {
				t.Fatal(err)
			}
			if n, err := searchErr(a, "tartus ferry"); err != nil || n != 40 {
				t.Fatalf("after the rebuild %d found, %v", n, err)
			}
			if err := a.CheckIndex(); err != nil {
				t.Fatalf("CheckIndex after the rebuild: %v", err)
			}
		})
	}
}

func searchErr(a *App, raw string) (int, error) {
	q, err := answer.ParseQuery(raw, answer.Filters{}, time.Now())
	if err != nil {
		return 0, err
	}
	res, err := a.Search(context.Background(), cli, q)
	return res.Total, err
}

// snapshot lists every file under dir with its size and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out[path] = fmt.Sprint(info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOpenReadOnlyWritesNothing: a read-only data directory answers, and
// opening it so changes no file (it would fail on a read-only mount); an
// index that would need a rebuild is refused, not rebuilt.
func TestOpenReadOnlyWritesNothing(t *testing.T) {
	ctx := context.Background()
	dir := dataDir(t, 5)
	before := snapshot(t, dir)
	a, err := OpenReadOnly(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := searchTotal(t, a, "tartus ferry"); n != 5 {
		t.Errorf("%d found, want 5", n)
	}
	if _, err := a.Article(ctx, cli, seedID(t, a)); err != nil {
		t.Errorf("article: %v", err)
	}
	if _, err := a.Remove(ctx, cli, seedID(t, a)); err == nil {
		t.Error("a read-only App removed an article")
	}
	a.Close()
	if after := snapshot(t, dir); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("opening read-only changed files:\nbefore %v\nafter  %v", before, after)
	}

	other := dataDir(t, 1)
	os.RemoveAll(filepath.Join(dir, IndexFile))
	copyDir(t, filepath.Join(other, IndexFile), filepath.Join(dir, IndexFile))
	before = snapshot(t, dir)
	if _, err := OpenReadOnly(ctx, dir, nil); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "reindex") {
		t.Errorf("read-only open of a mismatched index: %v", err)
	}
	if after := snapshot(t, dir); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("a refused read-only open changed files")
	}
}
