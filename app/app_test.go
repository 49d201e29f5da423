package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/store"
)

// cli is the command line acting on the shared archive.
var cli = Caller{User: "cli", Operator: true, Origin: "command line"}

func searchTotal(t *testing.T, a *App, raw string) int {
	t.Helper()
	q, err := answer.ParseQuery(raw, answer.Filters{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Search(context.Background(), cli, q)
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func seedID(t *testing.T, a *App) string {
	t.Helper()
	q, _ := answer.ParseQuery("hmeimim", answer.Filters{}, time.Now())
	res, err := a.Search(context.Background(), cli, q)
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("seed not found: %v", err)
	}
	return res.Hits[0].Article.ID
}

func TestRemove(t *testing.T) {
	ctx := context.Background()
	a := openSeed(t)
	id := seedID(t, a)
	if _, err := a.Remove(ctx, cli, id); err != nil {
		t.Fatal(err)
	}
	if n := searchTotal(t, a, "hmeimim"); n != 0 {
		t.Errorf("removed article still found %d times", n)
	}
	if _, err := a.Article(ctx, cli, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("Article after remove: %v", err)
	}
	if _, err := a.Remove(ctx, cli, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("second remove: %v", err)
	}
	if rep, err := a.Check(ctx); err != nil || !rep.OK() {
		t.Errorf("check after remove: %+v %v", rep, err)
	}
}

// TestRemovalSurvivesACrash removes an article from the store only, as a
// crash before the index is updated would, and checks that the next Open
// finishes the removal.
func TestRemovalSurvivesACrash(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := openSeedAt(t, dir)
	id := seedID(t, a)
	if _, err := a.store.Remove(ctx, id, store.AuditEntry{Actor: "admin#1"}); err != nil {
		t.Fatal(err)
	}
	a.Close() // "crash": the index still holds the passages
	a, err := OpenDir(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if rep, err := a.Check(ctx); err != nil || !rep.OK() || rep.IndexedPassages != 0 {
		t.Errorf("after reopening: %+v %v", rep, err)
	}
}

func TestSuggest(t *testing.T) {
	ctx := context.Background()
	a, err := OpenDir(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	in := a.NewIngester(Origin{Source: corpus.SourceFile, By: "test"})
	pub := time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)
	for i, art := range []corpus.Article{
		{Title: "Qamishli airport handed over", Outlet: "Shafaq News", Body: "Troops left on 20 January.", Published: pub},
		{Title: "Qamishli market reopens", Outlet: "Shafaq News", Body: "Shops opened on 21 January.", Published: pub.AddDate(0, 0, 1)},
		{Title: "Quneitra posts", Outlet: "The Cradle", Body: "Posts were planned in late 2025.", Published: pub.AddDate(0, 0, 2)},
	} {
		if err := in.Add(ctx, "test", []parse.Item{{Article: art, Line: i + 1}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := in.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		prefix string
		want   []string
	}{
		{"q", []string{"Qamishli", "Quneitra"}},
		{"sha", []string{"Shafaq News"}},
		{"russia qam", []string{"russia Qamishli"}},
		{"zzz", nil},
	}
	for _, tt := range tests {
		got, err := a.Suggest(ctx, cli, tt.prefix, 25)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Suggest(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
	if got, _ := a.Suggest(ctx, cli, "", 2); len(got) != 2 {
		t.Errorf("limit not honoured: %q", got)
	}
}
