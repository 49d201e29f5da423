package postgres

import (
	"strings"
	"time"

	"context"
	"github.com/dateline-bot/dateline/corpus"
	"testing"

	"github.com/dateline-bot/dateline/store"
	"github.com/dateline-bot/dateline/store/postgres/pgtest"
	"github.com/dateline-bot/dateline/store/storetest"
)

// TestConformance runs the store contract on a real PostgreSQL: one
// cluster, a fresh database for every case.
func TestConformance(t *testing.T) {
	srv := pgtest.Start(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := Open(context.Background(), srv.NewDatabase(t))
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		return s
	})
}

// TestSharedByProcesses opens the same database twice at once, as two
// dateline processes would: the migrations run once, and the same article
// added through both concurrently is stored once and reported as a
// duplicate by the other.
func TestSharedByProcesses(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	ctx := context.Background()
	stores := make([]*Store, 4)
	errs := make(chan error, len(stores))
	for i := range stores {
		go func() {
			s, err := Open(ctx, url)
			stores[i] = s
			errs <- err
		}()
	}
	for range stores {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent open: %v", err)
		}
	}
	for _, s := range stores {
		t.Cleanup(func() { s.Close() })
	}

	a := corpus.Article{Title: "Port reopens", Body: "The port reopened on Friday.", Source: corpus.SourceFile,
		Published: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), AddedAt: time.Now().UTC()}
	a.ID = corpus.ArticleID(a)
	rec := corpus.Record{Article: a, Passages: []corpus.Passage{{ArticleID: a.ID, Start: 0, End: len(a.Body)}}}
	outs := make(chan store.Outcome, len(stores))
	for _, s := range stores {
		go func() {
			o, err := s.Add(ctx, []corpus.Record{rec})
			if err != nil {
				errs <- err
				return
			}
			outs <- o[0]
		}()
	}
	added := 0
	for range stores {
		select {
		case err := <-errs:
			t.Fatalf("concurrent add: %v", err)
		case o := <-outs:
			switch {
			case o.Added:
				added++
			case o.DuplicateOf != a.ID:
				t.Errorf("outcome %+v, want added or a duplicate of %s", o, a.ID)
			}
		}
	}
	if added != 1 {
		t.Errorf("added %d times, want once", added)
	}
	if n, err := stores[0].Count(ctx); err != nil || n != 1 {
		t.Errorf("counts = %d, %v; want 1", n, err)
	}
}

func TestRedact(t *testing.T) {
	got := Redact("postgres://bot:s3cret@db.internal:5433/dateline?sslmode=require")
	if want := "postgres://bot@db.internal:5433/dateline"; got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}
	if got := Redact("postgres://bot:s3cret@[::1"); strings.Contains(got, "s3cret") {
		t.Errorf("Redact of a bad URL = %q, shows the password", got)
	}
}
