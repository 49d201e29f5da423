package app

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/store/postgres/pgtest"
)

// waitFor checks cond until it holds or the deadline passes (then fails
// the test, naming what did not happen).
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ingestOne adds one article through a and returns its id.
func ingestOne(t *testing.T, a *App, title, body string) string {
	t.Helper()
	ctx := context.Background()
	in := a.NewIngester(Origin{Source: corpus.SourceFile, By: "test"})
	item := parse.Item{Article: corpus.Article{Title: title, Outlet: "Test Wire", Body: body,
		Published: time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC)}}
	if err := in.Add(ctx, "test", []parse.Item{item}); err != nil {
		t.Fatal(err)
	}
	if err := in.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rep := in.Report(); rep.Added != 1 {
		t.Fatalf("ingest: %+v", rep)
	}
	return corpus.ArticleID(corpus.Article{Title: title, Outlet: "Test Wire", Body: body,
		Published: time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC)})
}

// follow runs a.Follow until the test ends.
func follow(t *testing.T, a *App, poll time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); a.Follow(ctx, poll) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
}

// TestReplicasOnPostgres runs two Apps, as two processes would, on one
// PostgreSQL store with an index each: what one adds or removes, the other
// answers within seconds, woken by NOTIFY (its poll is far slower).
func TestReplicasOnPostgres(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	ctx := context.Background()
	open := func() *App {
		a, err := Open(ctx, config.Config{DataDir: t.TempDir(), Store: config.Store{URL: url}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	one, two := open(), open()
	follow(t, two, time.Hour)
	follow(t, one, time.Hour)

	id := ingestOne(t, one, "Port of Tartus reopens", "The port of Tartus reopened on 23 January, officials said.")
	waitFor(t, 5*time.Second, "the article added through one answered by two", func() bool {
		return searchTotal(t, two, "tartus") == 1
	})
	if _, err := two.Remove(ctx, Caller{User: "admin", Operator: true}, id); err != nil {
		t.Fatal(err)
	}
	// Answers drop a removed article at once (the store no longer has it);
	// the replica applies the removal soon after.
	waitFor(t, 5*time.Second, "the removal through two applied by one", func() bool {
		r, err := one.Replica(ctx)
		return err == nil && r.Behind() == 0 && r.Passages == 0
	})
	if got := searchTotal(t, one, "tartus"); got != 0 {
		t.Errorf("one still finds the removed article (%d hits)", got)
	}
	for _, a := range []*App{one, two} {
		r, err := a.Replica(ctx)
		if err != nil || r.Behind() != 0 {
			t.Errorf("replica %+v, %v; want caught up", r, err)
		}
	}
}

// TestDeletedReplicaRebuilds deletes the index directory under a running
// App: it keeps answering (right) from the files it has open, notices,
// rebuilds beside it and answers from the new index.
func TestDeletedReplicaRebuilds(t *testing.T) {
	a := openSeed(t)
	follow(t, a, 20*time.Millisecond)
	before := searchTotal(t, a, "hmeimim")
	if before == 0 {
		t.Fatal("the seed is not found")
	}
	path := filepath.Join(a.Dir(), IndexFile)
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the index rebuilt in place", func() bool {
		if got := searchTotal(t, a, "hmeimim"); got != before {
			t.Fatalf("while rebuilding: %d hits, want %d", got, before)
		}
		_, err := os.Stat(filepath.Join(path, "index_meta.json"))
		return err == nil
	})
	// A change after the rebuild is applied to the new index.
	ingestOne(t, a, "Port of Tartus reopens", "The port of Tartus reopened on 23 January, officials said.")
	if got := searchTotal(t, a, "tartus"); got != 1 {
		t.Errorf("after the rebuild, a new article: %d hits, want 1", got)
	}
	if rep, err := a.Check(context.Background()); err != nil || !rep.OK() {
		t.Errorf("check after the rebuild: %+v %v", rep, err)
	}
}

// TestIndexOfAnotherStoreIsRebuilt keeps the index but loses the store, as
// a restored or replaced database would: the index has applied changes the
// store never made, so it is rebuilt, not trusted.
func TestIndexOfAnotherStoreIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, err := OpenDir(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ingestOne(t, a, "Port of Tartus reopens", "The port of Tartus reopened on 23 January, officials said.")
	a.Close()
	for _, f := range []string{DBFile, DBFile + "-wal", DBFile + "-shm"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	a, err = OpenDir(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ingestOne(t, a, "Quneitra posts", "Posts near Quneitra were planned in late 2025.")
	if got := searchTotal(t, a, "tartus"); got != 0 {
		t.Errorf("an article of the lost store is still found (%d hits)", got)
	}
	if got := searchTotal(t, a, "quneitra"); got != 1 {
		t.Errorf("the new store's article: %d hits, want 1", got)
	}
}

// TestFarBehindReplicaRebuilds: an index too many changes behind is
// rebuilt from scratch, beside the one answering, rather than replayed.
func TestFarBehindReplicaRebuilds(t *testing.T) {
	ctx := context.Background()
	a := openSeed(t)
	a.rebuildBehind = 2
	a.syncMu.Lock() // hold the index back while the store moves on
	for _, title := range []string{"Alpha", "Beta", "Gamma"} {
		outs, err := a.store.Add(ctx, []corpus.Record{{Article: corpus.Article{ID: corpus.ArticleID(corpus.Article{Title: title}),
			Title: title, Body: title + " reported from Tartus.", Source: corpus.SourceFile}}})
		if err != nil || !outs[0].Added {
			t.Fatalf("add %s: %v %v", title, outs, err)
		}
	}
	a.syncMu.Unlock()
	why, err := a.damage(ctx)
	if err != nil || why == "" {
		t.Fatalf("damage of an index 3 changes behind = %q, %v; want a reason to rebuild", why, err)
	}
	var logged []string
	a.log = newRecordingLogger(&logged)
	if err := a.followOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if len(logged) == 0 || logged[0] != "rebuilding the index from the store" {
		t.Errorf("log %q, want a rebuild", logged)
	}
	if r, err := a.Replica(ctx); err != nil || r.Behind() != 0 {
		t.Errorf("replica %+v, %v; want caught up", r, err)
	}
}

// recordingHandler keeps the messages logged through it.
type recordingHandler struct {
	mu  sync.Mutex
	out *[]string
}

func newRecordingLogger(out *[]string) *slog.Logger { return slog.New(&recordingHandler{out: out}) }

func (h *recordingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordingHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	*h.out = append(*h.out, r.Message)
	return nil
}
func (h *recordingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *recordingHandler) WithGroup(string) slog.Handler      { return h }
