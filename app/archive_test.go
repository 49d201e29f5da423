package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/store"
)

// Two servers and the shared archive, each with an article of its own
// about the same story, and one page both servers added.
var (
	guildA = Caller{Guild: "111", Channel: "1", User: "discord:7", Origin: "discord"}
	guildB = Caller{Guild: "222", Channel: "2", User: "discord:8", Origin: "discord"}
)

func item(t *testing.T, title, outlet, url, body string) parse.Item {
	t.Helper()
	line := fmt.Sprintf(`{"title": %q, "outlet": %q, "url": %q, "published": "2026-01-27", "body": %q}`, title, outlet, url, body)
	items := parse.Parse("add.json", []byte(line))
	if len(items) != 1 || items[0].Err != nil {
		t.Fatalf("parse: %+v", items)
	}
	return items[0]
}

type archives struct {
	app                *App
	shared, ownA, ownB string // article ids
	bothA, bothB       string // the page both servers added
}

func openArchives(t *testing.T) archives {
	t.Helper()
	ctx := context.Background()
	a, err := OpenDir(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	add := func(c Caller, it parse.Item) string {
		t.Helper()
		got, err := a.AddArticle(ctx, c, it, corpus.SourceURL, it.Article.URL)
		if err != nil {
			t.Fatalf("add %s: %v", it.Article.Title, err)
		}
		return got.Article.ID
	}
	in := a.NewIngester(Origin{Source: corpus.SourceFile, By: "cli"})
	if err := in.Add(ctx, "shared.json", []parse.Item{item(t, "Shared wire", "Wire", "https://wire.example/1",
		"The zebrafish study was published on 3 January, the wire said.")}); err != nil {
		t.Fatal(err)
	}
	if err := in.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	ar := archives{app: a}
	res, err := a.Search(ctx, cli, answer.Query{Raw: "zebrafish", Terms: []string{"zebrafish"}})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("shared article: %+v %v", res, err)
	}
	ar.shared = res.Hits[0].Article.ID
	ar.ownA = add(guildA, item(t, "Alpha gazette", "Alpha Gazette", "https://alpha.example/1",
		"Zebrafish were seen in the river on 5 January, the alpha gazette reported."))
	ar.ownB = add(guildB, item(t, "Beta bulletin", "Beta Bulletin", "https://beta.example/1",
		"Zebrafish left the lake on 7 January, the beta bulletin said."))
	both := item(t, "Both", "Common Post", "https://common.example/1", "Zebrafish returned on 9 January, officials said.")
	ar.bothA, ar.bothB = add(guildA, both), add(guildB, both)
	return ar
}

func searchIDs(t *testing.T, a *App, c Caller, word string) []string {
	t.Helper()
	res, err := a.Search(context.Background(), c, answer.Query{Raw: word, Terms: []string{word}, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Article.ID)
	}
	tl, err := a.When(context.Background(), c, answer.Query{Raw: word, Terms: []string{word}, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range tl.Entries {
		if !slices.Contains(ids, e.Article.ID) {
			t.Errorf("when found %s, search did not", e.Article.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func sorted(ids ...string) []string {
	slices.Sort(ids)
	return ids
}

func TestScopesIsolateServers(t *testing.T) {
	ar := openArchives(t)
	ctx := context.Background()
	a := ar.app
	if ar.bothA == ar.bothB {
		t.Fatal("the page both servers added has one id: it must be stored for each")
	}
	tests := []struct {
		name   string
		c      Caller
		want   []string
		hidden []string
	}{
		{"shared", cli, sorted(ar.shared), []string{ar.ownA, ar.ownB, ar.bothA, ar.bothB}},
		{"server A", guildA, sorted(ar.shared, ar.ownA, ar.bothA), []string{ar.ownB, ar.bothB}},
		{"server B", guildB, sorted(ar.shared, ar.ownB, ar.bothB), []string{ar.ownA, ar.bothA}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := searchIDs(t, a, tt.c, "zebrafish"); !slices.Equal(got, tt.want) {
				t.Errorf("search and when see %v, want %v", got, tt.want)
			}
			for _, id := range tt.want {
				if art, err := a.Article(ctx, tt.c, id); err != nil || art.ID != id {
					t.Errorf("article %s: %v", id, err)
				}
			}
			for _, id := range tt.hidden {
				if _, err := a.Article(ctx, tt.c, id); !errors.Is(err, ErrNotFound) {
					t.Errorf("article %s of another archive: %v, want not found", id, err)
				}
				if _, err := a.Remove(ctx, tt.c, id); err == nil {
					t.Errorf("removed %s of another archive", id)
				}
			}
			outlets, err := a.Suggest(ctx, tt.c, "", 25)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range outlets {
				if (o == "Alpha Gazette" && tt.c.Guild != "111") || (o == "Beta Bulletin" && tt.c.Guild != "222") {
					t.Errorf("autocomplete offers %q, another archive's outlet", o)
				}
			}
		})
	}
	// The scope is in every answer's JSON.
	tl, err := a.When(ctx, guildA, answer.Query{Raw: "alpha", Terms: []string{"alpha"}})
	if err != nil || len(tl.Entries) == 0 || tl.Entries[0].Article.Scope != "guild:111" {
		t.Errorf("scope in the answer: %+v %v", tl.Entries, err)
	}
}

func TestAddArticleDuplicates(t *testing.T) {
	ar := openArchives(t)
	ctx := context.Background()
	a := ar.app
	tests := []struct {
		name string
		c    Caller
		it   parse.Item
		want string
	}{
		{"again in the same server", guildA, item(t, "Alpha gazette", "Alpha Gazette", "https://alpha.example/1?utm_source=x", "Other words."),
			"duplicate of article " + ar.ownA + " in this server's archive"},
		{"already shared", guildB, item(t, "Shared wire", "Wire", "https://wire.example/1", "Other words entirely."),
			"duplicate of article " + ar.shared + " in the shared archive"},
		{"same body as a shared one", guildB, item(t, "Copy", "", "", "The zebrafish study was published on 3 January, the wire said."),
			"duplicate of article " + ar.shared + " in the shared archive"},
	}
	for _, tt := range tests {
		_, err := a.AddArticle(ctx, tt.c, tt.it, corpus.SourceURL, "")
		var dup *DuplicateError
		if !errors.As(err, &dup) || err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
	// Another server's copy is no obstacle: server B adds what only A had.
	got, err := a.AddArticle(ctx, guildB, item(t, "Alpha gazette", "Alpha Gazette", "https://alpha.example/1", "Zebrafish were seen."), corpus.SourceURL, "")
	if err != nil || got.Article.Scope != corpus.GuildScope("222") {
		t.Errorf("server B adding server A's page: %+v, %v", got.Article, err)
	}
}

func TestAddArticlePreview(t *testing.T) {
	a, err := OpenDir(context.Background(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	it := item(t, "Port", "Coast Times", "https://coast.example/p",
		"The port is busy.\n\nThe port reopened on 23 January after a storm, officials said.")
	got, err := a.AddArticle(context.Background(), guildA, it, corpus.SourceURL, it.Article.URL)
	if err != nil {
		t.Fatal(err)
	}
	p := got.Preview
	if !got.HasPreview || got.Passages != 2 || p.Date != "2026-01-23" || p.DateFrom != answer.DateFromSentence ||
		!strings.HasPrefix(p.Quote, "The port reopened on 23 January") || p.Article.ID != got.Article.ID {
		t.Errorf("added %+v", got)
	}
	log, err := a.AuditLog(context.Background(), guildA, 5)
	if err != nil || len(log) != 1 || log[0].Action != "add" || log[0].Target != got.Article.ID || log[0].Guild != "111" || log[0].Channel != "1" {
		t.Errorf("audit log %+v, %v", log, err)
	}
}

func TestRemoveRefusalsAndRestore(t *testing.T) {
	ar := openArchives(t)
	ctx := context.Background()
	a := ar.app
	owner := guildA
	owner.Operator = true
	tests := []struct {
		name    string
		c       Caller
		id      string
		wantErr string // "" for success
	}{
		{"shared from a server", guildA, ar.shared, "article " + ar.shared + " belongs to the shared archive: only the operator can change it"},
		{"foreign", guildA, ar.ownB, "not found"},
		{"a server's from the command line", cli, ar.ownA, "belongs to the archive of server 111: add --guild 111"},
		{"own", guildA, ar.ownA, ""},
		{"shared from an owner server", owner, ar.shared, ""},
	}
	for _, tt := range tests {
		_, err := a.Remove(ctx, tt.c, tt.id)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
		}
	}
	if got := searchIDs(t, a, guildA, "zebrafish"); !slices.Equal(got, []string{ar.bothA}) {
		t.Errorf("after removals server A sees %v", got)
	}
	if _, err := a.Restore(ctx, guildB, ar.ownA); !errors.Is(err, ErrNotFound) {
		t.Errorf("server B restoring A's article: %v", err)
	}
	if _, err := a.Restore(ctx, guildA, ar.shared); err == nil || !strings.Contains(err.Error(), "shared archive") {
		t.Errorf("server A restoring a shared article: %v", err)
	}
	if _, err := a.Restore(ctx, guildA, ar.bothA); err == nil || !strings.Contains(err.Error(), "is not removed") {
		t.Errorf("restoring a live article: %v", err)
	}
	if _, err := a.Restore(ctx, guildA, ar.ownA); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, a, guildA, "zebrafish"); !slices.Equal(got, sorted(ar.ownA, ar.bothA)) {
		t.Errorf("after restore server A sees %v", got)
	}
	log, err := a.AuditLog(ctx, guildA, 20)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action+" "+e.Target)
	}
	want := []string{"restore " + ar.ownA, "remove " + ar.shared, "remove " + ar.ownA, "add " + ar.bothA, "add " + ar.ownA}
	if !slices.Equal(actions, want) {
		t.Errorf("server A's audit log %q, want %q", actions, want)
	}
}

func TestRestoreAfterRetention(t *testing.T) {
	ar := openArchives(t)
	ctx := context.Background()
	a := ar.app
	now := time.Now()
	a.now = func() time.Time { return now }
	if _, err := a.Remove(ctx, guildA, ar.ownA); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Remove(ctx, guildB, ar.ownB); err != nil {
		t.Fatal(err)
	}
	now = now.Add(a.Retention() - time.Minute) // within the retention: kept
	if _, err := a.Restore(ctx, guildB, ar.ownB); err != nil {
		t.Fatalf("restore within the retention: %v", err)
	}
	now = now.Add(2 * time.Minute) // past it: purged
	_, err := a.Restore(ctx, guildA, ar.ownA)
	if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "kept for 30 days") {
		t.Fatalf("restore after the retention: %v", err)
	}
	log, err := a.AuditLog(ctx, guildA, 1)
	if err != nil || len(log) != 1 || log[0].Action != "purge" || log[0].Target != ar.ownA || log[0].Actor != "retention" {
		t.Errorf("audit log %+v, %v; want the purge", log, err)
	}
}
