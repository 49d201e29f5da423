// Package storetest is the conformance suite of the store of record: the
// contract of every store.Store method, as tests any engine must pass
// unchanged (store/sqlite today, PostgreSQL later).
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
	"github.com/dateline-bot/dateline/timex"
)

// Open returns a new, empty store for one test. Run closes it.
type Open func(t *testing.T) store.Store

// Run runs the whole suite, each case against a store of its own.
func Run(t *testing.T, open Open) {
	cases := []struct {
		name string
		run  func(t *testing.T, s store.Store)
	}{
		{"AddThenRead", testAddThenRead},
		{"AbsentArticle", testAbsentArticle},
		{"Duplicates", testDuplicates},
		{"AddIsAllOrNothing", testAddIsAllOrNothing},
		{"CancelledContextChangesNothing", testCancelledContext},
		{"TextRoundTripsByteForByte", testByteExact},
		{"ArticlesByID", testArticlesByID},
		{"PassagesAt", testPassagesAt},
		{"ReplacePassages", testReplacePassages},
		{"Remove", testRemove},
		{"Restore", testRestore},
		{"Purge", testPurge},
		{"Scopes", testScopes},
		{"ScopeCounts", testScopeCounts},
		{"AuditLog", testAuditLog},
		{"Settings", testSettings},
		{"Outlets", testOutlets},
		{"RecentTitles", testRecentTitles},
		{"EachArticle", testEachArticle},
		{"ConcurrentReaders", testConcurrentReaders},
		{"Records", testRecords},
		{"ChangesNumberEveryChange", testChanges},
		{"ChangesVisibleInOrder", testChangesVisibleInOrder},
	}
	cases = append(cases, followingCases...)
	cases = append(cases, pagesCases...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			c.run(t, s)
		})
	}
}

// base is the publication day of article 0; article n is n days later.
var base = time.Date(2026, 1, 27, 9, 30, 0, 0, time.UTC)

// outlets spreads the fixture articles over a few outlets.
var outlets = []string{"Shafaq News", "The Cradle", "Reuters"}

// article is the n-th fixture article: distinct id, URL, title and body.
func article(n int) corpus.Article {
	a := corpus.Article{
		Title:     fmt.Sprintf("Article %d: Russian forces leave Qamishli", n),
		Outlet:    outlets[n%len(outlets)],
		URL:       fmt.Sprintf("https://example.com/news/%d", n),
		Author:    "Staff",
		Published: base.AddDate(0, 0, n),
		Body: fmt.Sprintf("Article %d. The evacuation began on 23 January, a source said.\n\n"+
			"The Kremlin said talks will focus on \u201cbilateral ties\u201d.\n\n"+
			"Ahmed Ali, an SDF fighter, said the Russians withdrew on Tuesday.", n),
		Tags:      []string{"syria", "russia"},
		Source:    corpus.SourceFile,
		SourceRef: fmt.Sprintf("news/%d.txt", n),
		AddedBy:   "tester",
		AddedAt:   base.Add(time.Duration(n)*time.Hour + 123456*time.Microsecond),
	}
	a.ID = corpus.ArticleID(a)
	return a
}

// record gives a its passages: one per paragraph, each with a mention of
// its first date-like word and a credit of its first sentence, so every
// field of a passage has something to round-trip.
func record(a corpus.Article) corpus.Record {
	r := corpus.Record{Article: a}
	start := 0
	for seq, para := range strings.Split(a.Body, "\n\n") {
		end := start + len(para)
		p := corpus.Passage{ArticleID: a.ID, Seq: seq, Start: start, End: end, Text: para}
		if i := strings.IndexAny(para, "0123456789"); i >= 0 {
			p.Mentions = []timex.Mention{{Start: start + i, End: start + i + 1, Text: para[i : i+1],
				Type: timex.Date, Value: "2026-01-23", Mod: "APPROX", Precision: timex.PrecisionDay}}
		}
		if i := strings.Index(para, "said"); i >= 0 {
			p.Credits = []corpus.Credit{{Start: start, End: end, Who: para[:min(i, 10)]}}
		}
		r.Passages = append(r.Passages, p)
		start = end + len("\n\n")
	}
	return r
}

// records returns the fixture records first..last.
func records(first, last int) []corpus.Record {
	var out []corpus.Record
	for n := first; n <= last; n++ {
		out = append(out, record(article(n)))
	}
	return out
}

// add stores recs and fails the test unless every one was added.
func add(t *testing.T, s store.Store, recs ...corpus.Record) {
	t.Helper()
	outs, err := s.Add(context.Background(), recs)
	if err != nil {
		t.Fatalf("add: %v", err)
	}
	for i, o := range outs {
		if !o.Added {
			t.Fatalf("add %s: %+v, want added", recs[i].Article.ID, o)
		}
	}
}

// wantCount fails the test unless the store counts this many articles.
func wantCount(t *testing.T, s store.Store, articles int) {
	t.Helper()
	n, err := s.Count(context.Background())
	if err != nil {
		t.Fatalf("count: %v", err)
	}
	if n != articles {
		t.Fatalf("count = %d articles, want %d", n, articles)
	}
}

// sameArticle reports how got differs from the stored form of want.
func sameArticle(got, want corpus.Article) error {
	want.URL = corpus.CanonicalURL(want.URL)
	switch {
	case got.ID != want.ID || got.Title != want.Title || got.Outlet != want.Outlet || got.URL != want.URL ||
		got.Author != want.Author || got.Body != want.Body || got.Source != want.Source ||
		got.SourceRef != want.SourceRef || got.AddedBy != want.AddedBy || !slices.Equal(got.Tags, want.Tags):
		return fmt.Errorf("article %s:\n got %+v\nwant %+v", want.ID, got, want)
	case !got.Published.Equal(want.Published) || got.Published.Location() != time.UTC:
		return fmt.Errorf("article %s: published %v, want %v in UTC", want.ID, got.Published, want.Published)
	case !got.AddedAt.Equal(want.AddedAt) || got.AddedAt.Location() != time.UTC:
		return fmt.Errorf("article %s: added at %v, want %v in UTC", want.ID, got.AddedAt, want.AddedAt)
	}
	return nil
}

// samePassages reports how got differs from want; nil and empty lists of
// mentions or credits are the same.
func samePassages(got, want []corpus.Passage) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d passages, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ArticleID != w.ArticleID || g.Seq != w.Seq || g.Start != w.Start || g.End != w.End ||
			g.Text != w.Text || !slices.Equal(g.Mentions, w.Mentions) || !slices.Equal(g.Credits, w.Credits) {
			return fmt.Errorf("passage %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	return nil
}

// wantStored fails the test unless r is stored as given.
func wantStored(t *testing.T, s store.Store, r corpus.Record) {
	t.Helper()
	ctx := context.Background()
	got, err := s.Article(ctx, r.Article.ID)
	if err != nil {
		t.Fatalf("article %s: %v", r.Article.ID, err)
	}
	if err := sameArticle(got, r.Article); err != nil {
		t.Fatal(err)
	}
	ps, err := s.Passages(ctx, got)
	if err != nil {
		t.Fatalf("passages of %s: %v", r.Article.ID, err)
	}
	if err := samePassages(ps, r.Passages); err != nil {
		t.Fatalf("passages of %s: %v", r.Article.ID, err)
	}
}

func testAddThenRead(t *testing.T, s store.Store) {
	recs := records(0, 2)
	add(t, s, recs...)
	for _, r := range recs {
		wantStored(t, s, r)
	}
	wantCount(t, s, 3)
}

func testAbsentArticle(t *testing.T, s store.Store) {
	ctx := context.Background()
	add(t, s, record(article(0)))
	if _, err := s.Article(ctx, "0123456789abcdef"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article of an absent id: %v, want ErrNotFound", err)
	}
	if _, err := s.Remove(ctx, "0123456789abcdef", store.AuditEntry{Actor: "admin"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Remove of an absent id: %v, want ErrNotFound", err)
	}
	if ps, err := s.Passages(ctx, corpus.Article{ID: "0123456789abcdef"}); err != nil || len(ps) != 0 {
		t.Errorf("Passages of an absent article = %v, %v; want none", ps, err)
	}
	log, err := s.AuditLog(ctx, store.AuditQuery{AllGuilds: true, Limit: 10})
	if err != nil || len(log) != 0 {
		t.Errorf("audit log after a failed Remove = %v, %v; want empty", log, err)
	}
	wantCount(t, s, 1)
}

func testDuplicates(t *testing.T, s store.Store) {
	ctx := context.Background()
	orig := record(article(0))
	add(t, s, orig)

	sameURL := article(1)
	sameURL.URL = "http://EXAMPLE.com/news/0/?utm_source=feed#top"
	sameURL.ID = "1111111111111111" // an id of its own: only the URL matches

	sameBody := article(2)
	sameBody.Body = "  " + strings.ToUpper(strings.ReplaceAll(orig.Article.Body, " ", "\n")) + "\n"
	sameBody.Body = strings.ReplaceAll(sameBody.Body, "\u201c", "\"")
	sameBody.ID = corpus.ArticleID(sameBody)

	sameID := article(3)
	sameID.ID = orig.Article.ID

	fresh := record(article(4))
	twice := fresh
	twice.Article.Title = "the same article again, later in the same call"

	outs, err := s.Add(ctx, []corpus.Record{record(sameURL), record(sameBody), record(sameID), fresh, twice})
	if err != nil {
		t.Fatalf("add: %v", err)
	}
	want := []store.Outcome{
		{DuplicateOf: orig.Article.ID},
		{DuplicateOf: orig.Article.ID},
		{DuplicateOf: orig.Article.ID},
		{Added: true},
		{DuplicateOf: fresh.Article.ID},
	}
	if !slices.Equal(outs, want) {
		t.Errorf("outcomes:\n got %+v\nwant %+v", outs, want)
	}
	wantStored(t, s, orig) // never overwritten by a duplicate
	wantStored(t, s, fresh)
	wantCount(t, s, 2)
}

func testAddIsAllOrNothing(t *testing.T, s store.Store) {
	ctx := context.Background()
	good := record(article(0))
	bad := record(article(1))
	bad.Passages[1].Seq = 0 // two passages at seq 0: the store cannot keep this record
	if _, err := s.Add(ctx, []corpus.Record{good, bad}); err == nil {
		t.Fatal("add of a record with two passages at one seq succeeded")
	}
	wantCount(t, s, 0)
	if _, err := s.Article(ctx, good.Article.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the good record of a failed Add is readable: %v", err)
	}
	add(t, s, good)
	wantStored(t, s, good)
}

func testCancelledContext(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Add(ctx, records(0, 1)); err == nil {
		t.Error("Add with a cancelled context succeeded")
	}
	if err := s.SetSetting(ctx, "k", "v"); err == nil {
		t.Error("SetSetting with a cancelled context succeeded")
	}
	wantCount(t, s, 0)
	if v, err := s.Setting(context.Background(), "k"); err != nil || v != "" {
		t.Errorf("setting after a cancelled SetSetting = %q, %v; want unset", v, err)
	}
}

func testByteExact(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := article(0)
	a.Title = "“Quoted” — title with é, 中文 and 🙂"
	a.Author = "Zoë O’Brien"
	a.Outlet = "Al-Quds al-‘Arabi"
	a.Tags = []string{"سوريا", "Россия", "tag with spaces"}
	a.Body = "Café crème\u0301 at 23:00 on 23 January 🙂.  Two  spaces kept, and a trailing one \n\n" +
		"中文段落，2026年1月23日。\n\nعربي: قال المصدر إن ... \t tab"
	a.ID = corpus.ArticleID(a)
	r := record(a)
	add(t, s, r)
	wantStored(t, s, r)
	for _, v := range []string{"", "plain", "ünïcødé 🙂\n\tsecond line", strings.Repeat("x", 64<<10)} {
		if err := s.SetSetting(ctx, "key", v); err != nil {
			t.Fatalf("set setting: %v", err)
		}
		if got, err := s.Setting(ctx, "key"); err != nil || got != v {
			t.Errorf("setting = %.40q, %v; want %.40q", got, err, v)
		}
	}
}

func testArticlesByID(t *testing.T, s store.Store) {
	ctx := context.Background()
	recs := records(0, 2)
	add(t, s, recs...)
	// Many absent ids (more than one query's worth), the present ones
	// scattered among them and one asked twice.
	var ids []string
	for i := range 1200 {
		ids = append(ids, fmt.Sprintf("%016x", i))
	}
	ids[5], ids[600], ids[1199] = recs[0].Article.ID, recs[1].Article.ID, recs[2].Article.ID
	ids = append(ids, recs[0].Article.ID)
	got, err := s.Articles(ctx, ids)
	if err != nil {
		t.Fatalf("articles: %v", err)
	}
	if len(got) != len(recs) {
		t.Errorf("got %d articles, want %d", len(got), len(recs))
	}
	for _, r := range recs {
		if err := sameArticle(got[r.Article.ID], r.Article); err != nil {
			t.Error(err)
		}
	}
	if got, err := s.Articles(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("Articles(nil) = %v, %v; want an empty map", got, err)
	}
}

func testPassagesAt(t *testing.T, s store.Store) {
	ctx := context.Background()
	recs := records(0, 2)
	add(t, s, recs...)
	arts, err := s.Articles(ctx, []string{recs[0].Article.ID, recs[1].Article.ID})
	if err != nil {
		t.Fatalf("articles: %v", err)
	}
	keys := []store.PassageKey{
		{ArticleID: recs[0].Article.ID, Seq: 2},
		{ArticleID: recs[0].Article.ID, Seq: 0},
		{ArticleID: recs[1].Article.ID, Seq: 1},
		{ArticleID: recs[1].Article.ID, Seq: 99}, // no such passage
		{ArticleID: recs[2].Article.ID, Seq: 0},  // stored, but its article is not in arts
		{ArticleID: "0123456789abcdef", Seq: 0},  // no such article
		{ArticleID: recs[0].Article.ID, Seq: 0},  // asked twice
	}
	for i := range 300 { // more keys than one query's worth
		keys = append(keys, store.PassageKey{ArticleID: fmt.Sprintf("%016x", i), Seq: i})
	}
	got, err := s.PassagesAt(ctx, arts, keys)
	if err != nil {
		t.Fatalf("passages at: %v", err)
	}
	want := map[store.PassageKey]corpus.Passage{}
	for _, k := range keys[:3] {
		for _, r := range recs {
			if r.Article.ID == k.ArticleID {
				want[k] = r.Passages[k.Seq]
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d passages, want %d: %v", len(got), len(want), got)
	}
	for k, w := range want {
		if err := samePassages([]corpus.Passage{got[k]}, []corpus.Passage{w}); err != nil {
			t.Errorf("%v: %v", k, err)
		}
	}
}

func ids(recs []corpus.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Article.ID
	}
	return out
}

func testReplacePassages(t *testing.T, s store.Store) {
	ctx := context.Background()
	recs := records(0, 1)
	add(t, s, recs...)
	// A new analysis cuts article 0 differently: two passages, new credits.
	r := recs[0]
	body := r.Article.Body
	cut := strings.LastIndex(body, "\n\n")
	redone := corpus.Record{Article: r.Article, Passages: []corpus.Passage{
		{ArticleID: r.Article.ID, Seq: 0, Start: 0, End: cut, Text: body[:cut],
			Credits: []corpus.Credit{{Start: 0, End: cut, Who: "the Kremlin"}}},
		{ArticleID: r.Article.ID, Seq: 1, Start: cut + 2, End: len(body), Text: body[cut+2:]},
	}}
	last, err := s.LastChange(ctx)
	if err != nil {
		t.Fatalf("last change: %v", err)
	}
	if err := s.ReplacePassages(ctx, []corpus.Record{redone}); err != nil {
		t.Fatalf("replace passages: %v", err)
	}
	wantStored(t, s, redone)
	wantStored(t, s, recs[1])
	wantCount(t, s, 2)
	// The replicas learn of the new passages as a change of article 0.
	changes, err := s.Changes(ctx, last, 10)
	if err != nil || len(changes) != 1 || changes[0].ArticleID != r.Article.ID {
		t.Errorf("changes after ReplacePassages = %+v, %v; want one, of article 0", changes, err)
	}
}

func testRemove(t *testing.T, s store.Store) {
	ctx := context.Background()
	recs := records(0, 1)
	add(t, s, recs...)
	gone := recs[0].Article
	arts, err := s.Articles(ctx, []string{gone.ID})
	if err != nil {
		t.Fatalf("articles: %v", err)
	}

	before := time.Now().Add(-time.Second)
	n, err := s.Remove(ctx, gone.ID, store.AuditEntry{Actor: "admin#1", Guild: "42", Channel: "7", Origin: "discord"})
	after := time.Now().Add(time.Second)
	if err != nil {
		t.Fatalf("remove: %v", err)
	}
	if n != len(recs[0].Passages) {
		t.Errorf("Remove = %d passages, want %d", n, len(recs[0].Passages))
	}
	if _, err := s.Article(ctx, gone.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article after Remove: %v, want ErrNotFound", err)
	}
	if ps, err := s.Passages(ctx, gone); err != nil || len(ps) != 0 {
		t.Errorf("Passages after Remove = %v, %v; want none", ps, err)
	}
	// An answer that found the article before it was removed finds no passage.
	ps, err := s.PassagesAt(ctx, arts, []store.PassageKey{{ArticleID: gone.ID, Seq: 0}})
	if err != nil || len(ps) != 0 {
		t.Errorf("PassagesAt after Remove = %v, %v; want none", ps, err)
	}
	wantCount(t, s, 1)
	wantStored(t, s, recs[1])

	log, err := s.AuditLog(ctx, store.AuditQuery{Guild: "42", Limit: 10})
	if err != nil || len(log) != 1 {
		t.Fatalf("audit log = %+v, %v; want the removal", log, err)
	}
	e := log[0]
	if e.Actor != "admin#1" || e.Action != "remove" || e.Target != gone.ID || e.Detail != gone.Title ||
		e.Guild != "42" || e.Channel != "7" || e.Origin != "discord" ||
		e.At.Before(before) || e.At.After(after) || e.At.Location() != time.UTC {
		t.Errorf("audit entry %+v, want admin#1 remove %s %q now in UTC", e, gone.ID, gone.Title)
	}

	// Removed, the article is kept for Restore.
	kept, removal, err := s.RemovedArticle(ctx, gone.ID)
	if err != nil || kept.ID != gone.ID || removal.By != "admin#1" || removal.At.Before(before) || removal.At.After(after) {
		t.Errorf("RemovedArticle = %s, %+v, %v; want the article, removed by admin#1 now", kept.ID, removal, err)
	}
	if _, _, err := s.RemovedArticle(ctx, recs[1].Article.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemovedArticle of a live article: %v, want ErrNotFound", err)
	}
	if _, err := s.Remove(ctx, gone.ID, store.AuditEntry{Actor: "admin#1"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a second Remove: %v, want ErrNotFound", err)
	}
	// A removed article can be added again: it is no one's duplicate now.
	add(t, s, recs[0])
	wantStored(t, s, recs[0])
	if _, _, err := s.RemovedArticle(ctx, gone.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemovedArticle after adding it again: %v, want ErrNotFound", err)
	}
}

func testRestore(t *testing.T, s store.Store) {
	ctx := context.Background()
	recs := records(0, 1)
	add(t, s, recs...)
	id := recs[0].Article.ID
	if err := s.Restore(ctx, id, store.AuditEntry{Actor: "a"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Restore of a live article: %v, want ErrNotFound", err)
	}
	if _, err := s.Remove(ctx, id, store.AuditEntry{Actor: "a", Guild: "1"}); err != nil {
		t.Fatalf("remove: %v", err)
	}
	if err := s.Restore(ctx, id, store.AuditEntry{Actor: "b", Guild: "1", Channel: "9"}); err != nil {
		t.Fatalf("restore: %v", err)
	}
	wantStored(t, s, recs[0]) // passages and all
	wantCount(t, s, 2)
	log, err := s.AuditLog(ctx, store.AuditQuery{Guild: "1", Limit: 1})
	if err != nil || len(log) != 1 || log[0].Action != "restore" || log[0].Actor != "b" || log[0].Target != id || log[0].Channel != "9" {
		t.Errorf("audit log = %+v, %v; want b's restore", log, err)
	}
}

func testPurge(t *testing.T, s store.Store) {
	ctx := context.Background()
	recs := records(0, 2)
	recs[2].Article.Scope = corpus.GuildScope("5")
	recs[2].Article.ID = corpus.ArticleID(recs[2].Article)
	recs[2] = record(recs[2].Article)
	add(t, s, recs...)
	for _, r := range []corpus.Record{recs[0], recs[2]} {
		if _, err := s.Remove(ctx, r.Article.ID, store.AuditEntry{Actor: "a", Guild: r.Article.Scope.Guild()}); err != nil {
			t.Fatalf("remove: %v", err)
		}
	}
	if ids, err := s.Purge(ctx, time.Now().Add(-time.Hour), store.AuditEntry{Actor: "retention"}); err != nil || len(ids) != 0 {
		t.Errorf("Purge of articles removed before an hour ago = %v, %v; want none", ids, err)
	}
	got, err := s.Purge(ctx, time.Now().Add(time.Second), store.AuditEntry{Actor: "retention", Origin: "retention"})
	want := []string{recs[0].Article.ID, recs[2].Article.ID}
	slices.Sort(want)
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("Purge = %v, %v; want %v", got, err, want)
	}
	for _, id := range want {
		if _, _, err := s.RemovedArticle(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("RemovedArticle after Purge: %v, want ErrNotFound", err)
		}
		if err := s.Restore(ctx, id, store.AuditEntry{}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Restore after Purge: %v, want ErrNotFound", err)
		}
	}
	wantStored(t, s, recs[1])
	log, err := s.AuditLog(ctx, store.AuditQuery{Guild: "5", Limit: 10})
	if err != nil || len(log) != 2 || log[0].Action != "purge" || log[0].Target != recs[2].Article.ID || log[0].Origin != "retention" {
		t.Errorf("server 5's audit log = %+v, %v; want its purge, then its removal", log, err)
	}
}

// testScopes: duplicates are per scope, and the shared archive's articles
// are every scope's; reads keep each article's scope.
func testScopes(t *testing.T, s store.Store) {
	ctx := context.Background()
	in := func(n int, scope corpus.Scope) corpus.Record {
		a := article(n)
		a.Scope = scope
		a.ID = corpus.ArticleID(a)
		return record(a)
	}
	g1, g2 := corpus.GuildScope("1"), corpus.GuildScope("2")
	add(t, s, in(0, g1), in(0, g2), in(1, corpus.Shared))
	outs, err := s.Add(ctx, []corpus.Record{in(0, g1), in(1, g1), in(1, g2), in(2, "")})
	if err != nil {
		t.Fatalf("add: %v", err)
	}
	want := []store.Outcome{
		{DuplicateOf: in(0, g1).Article.ID},            // the same server again
		{DuplicateOf: in(1, corpus.Shared).Article.ID}, // the shared archive's: everyone's
		{DuplicateOf: in(1, corpus.Shared).Article.ID},
		{Added: true},
	}
	if !slices.Equal(outs, want) {
		t.Errorf("outcomes:\n got %+v\nwant %+v", outs, want)
	}
	// The shared archive may hold what a server already has.
	add(t, s, in(3, g1), in(3, corpus.Shared))
	for _, r := range []corpus.Record{in(0, g1), in(0, g2), in(3, corpus.Shared)} {
		got, err := s.Article(ctx, r.Article.ID)
		if err != nil || got.Scope != r.Article.Scope {
			t.Errorf("article %s: scope %q, %v; want %q", r.Article.ID, got.Scope, err, r.Article.Scope)
		}
	}
	if got, err := s.Article(ctx, in(2, "").Article.ID); err != nil || got.Scope != corpus.Shared {
		t.Errorf("an article added without a scope reads back as %q, %v; want shared", got.Scope, err)
	}
}

// testScopeCounts: live articles and their passages, by scope; removed
// articles are not counted.
func testScopeCounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	if got, err := s.ScopeCounts(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty store: %+v, %v", got, err)
	}
	in := func(n int, scope corpus.Scope) corpus.Record {
		a := article(n)
		a.Scope = scope
		a.ID = corpus.ArticleID(a)
		return record(a)
	}
	g1, g2 := corpus.GuildScope("1"), corpus.GuildScope("2")
	add(t, s, in(0, g1), in(1, g1), in(2, g2), in(3, corpus.Shared), in(4, ""))
	per := len(in(0, g1).Passages)
	if _, err := s.Remove(ctx, in(1, g1).Article.ID, store.AuditEntry{Actor: "admin", Action: "remove"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ScopeCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.ScopeCount{
		{Scope: string(g1), Articles: 1, Passages: per},
		{Scope: string(g2), Articles: 1, Passages: per},
		{Scope: string(corpus.Shared), Articles: 2, Passages: 2 * per},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ScopeCounts:\n got %+v\nwant %+v", got, want)
	}
}

func testAuditLog(t *testing.T, s store.Store) {
	ctx := context.Background()
	for i := range 3 {
		if err := s.Audit(ctx, store.AuditEntry{Actor: "admin", Action: "ingest", Target: fmt.Sprintf("file%d.txt", i), Detail: fmt.Sprintf("%d added", i)}); err != nil {
			t.Fatalf("audit: %v", err)
		}
	}
	log, err := s.AuditLog(ctx, store.AuditQuery{Limit: 2})
	if err != nil {
		t.Fatalf("audit log: %v", err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Actor+" "+e.Action+" "+e.Target+" "+e.Detail)
	}
	want := []string{"admin ingest file2.txt 2 added", "admin ingest file1.txt 1 added"}
	if !slices.Equal(got, want) {
		t.Errorf("AuditLog(2) = %q, want the newest two %q", got, want)
	}
	if all, err := s.AuditLog(ctx, store.AuditQuery{AllGuilds: true, Limit: 10}); err != nil || len(all) != 3 {
		t.Errorf("AuditLog(10) = %d entries, %v; want 3", len(all), err)
	}
	// Each server reads its own entries; the command line's have no server.
	for _, g := range []string{"1", "2", "1"} {
		if err := s.Audit(ctx, store.AuditEntry{Actor: "u" + g, Guild: g, Channel: "c" + g, Action: "add", Target: "x", Origin: "https://example.com/a"}); err != nil {
			t.Fatalf("audit: %v", err)
		}
	}
	for _, tt := range []struct {
		q    store.AuditQuery
		want int
	}{
		{store.AuditQuery{Guild: "1", Limit: 10}, 2},
		{store.AuditQuery{Guild: "2", Limit: 10}, 1},
		{store.AuditQuery{Guild: "", Limit: 10}, 3},
		{store.AuditQuery{AllGuilds: true, Limit: 10}, 6},
		{store.AuditQuery{Guild: "1", Limit: 1}, 1},
	} {
		got, err := s.AuditLog(ctx, tt.q)
		if err != nil || len(got) != tt.want {
			t.Errorf("AuditLog(%+v) = %d entries, %v; want %d", tt.q, len(got), err, tt.want)
		}
		for _, e := range got {
			if !tt.q.AllGuilds && e.Guild != tt.q.Guild {
				t.Errorf("AuditLog(%+v) gave an entry of server %q", tt.q, e.Guild)
			}
		}
	}
	if got, _ := s.AuditLog(ctx, store.AuditQuery{Guild: "2", Limit: 1}); len(got) == 1 {
		if e := got[0]; e.Actor != "u2" || e.Channel != "c2" || e.Action != "add" || e.Origin != "https://example.com/a" {
			t.Errorf("entry %+v does not round-trip", e)
		}
	}
}

func testSettings(t *testing.T, s store.Store) {
	ctx := context.Background()
	steps := []struct {
		set, key, value string // set "" means read only
		want            string
	}{
		{key: "commands", want: ""},
		{set: "yes", key: "commands", value: "abc", want: "abc"},
		{set: "yes", key: "commands", value: "def", want: "def"},
		{key: "other", want: ""},
		{set: "yes", key: "other", value: "1", want: "1"},
		{key: "commands", want: "def"},
	}
	for i, st := range steps {
		if st.set != "" {
			if err := s.SetSetting(ctx, st.key, st.value); err != nil {
				t.Fatalf("step %d: set %s: %v", i, st.key, err)
			}
		}
		if got, err := s.Setting(ctx, st.key); err != nil || got != st.want {
			t.Errorf("step %d: setting %s = %q, %v; want %q", i, st.key, got, err, st.want)
		}
	}
}

func testOutlets(t *testing.T, s store.Store) {
	ctx := context.Background()
	all := []corpus.Scope{corpus.Shared}
	if got, err := s.Outlets(ctx, all); err != nil || len(got) != 0 {
		t.Errorf("outlets of an empty store = %q, %v; want none", got, err)
	}
	plan := []string{"B", "A", "B", "", "C", "A", "", "B", "C", ""}
	var recs []corpus.Record
	for n, outlet := range plan {
		a := article(n)
		a.Outlet = outlet
		recs = append(recs, record(a))
	}
	add(t, s, recs...)
	got, err := s.Outlets(ctx, all)
	if err != nil {
		t.Fatalf("outlets: %v", err)
	}
	if want := []string{"B", "A", "C"}; !slices.Equal(got, want) {
		t.Errorf("outlets = %q, want most articles first, then by name: %q", got, want)
	}
	// A server's outlets are seen in that server only.
	own := article(20)
	own.Outlet, own.Scope = "Server Gazette", corpus.GuildScope("7")
	own.ID = corpus.ArticleID(own)
	add(t, s, record(own))
	if got, err := s.Outlets(ctx, all); err != nil || slices.Contains(got, "Server Gazette") {
		t.Errorf("shared outlets = %q, %v; want no server's", got, err)
	}
	if got, err := s.Outlets(ctx, corpus.GuildScope("7").Visible()); err != nil || !slices.Contains(got, "Server Gazette") || !slices.Contains(got, "B") {
		t.Errorf("server 7's outlets = %q, %v; want its own and the shared ones", got, err)
	}
	if got, err := s.Outlets(ctx, corpus.GuildScope("8").Visible()); err != nil || slices.Contains(got, "Server Gazette") {
		t.Errorf("server 8's outlets = %q, %v; want none of server 7's", got, err)
	}
}

func testRecentTitles(t *testing.T, s store.Store) {
	ctx := context.Background()
	var recs []corpus.Record
	for _, n := range []int{3, 0, 5, 1} { // added out of publication order
		recs = append(recs, record(article(n)))
	}
	add(t, s, recs...)
	got, err := s.RecentTitles(ctx, []corpus.Scope{corpus.Shared}, 2)
	if err != nil {
		t.Fatalf("recent titles: %v", err)
	}
	if want := []string{article(5).Title, article(3).Title}; !slices.Equal(got, want) {
		t.Errorf("RecentTitles(2) = %q, want the newest two %q", got, want)
	}
}

func testEachArticle(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.EachArticle(ctx, 3, func([]corpus.Article) error {
		t.Error("EachArticle called fn on an empty store")
		return nil
	}); err != nil {
		t.Fatalf("each article of an empty store: %v", err)
	}
	recs := records(0, 6)
	add(t, s, recs...)
	want := ids(recs)
	slices.Sort(want)

	var got []string
	var sizes []int
	err := s.EachArticle(ctx, 3, func(batch []corpus.Article) error {
		sizes = append(sizes, len(batch))
		for _, a := range batch {
			got = append(got, a.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("each article: %v", err)
	}
	if !slices.Equal(got, want) || !slices.Equal(sizes, []int{3, 3, 1}) {
		t.Errorf("EachArticle(3) gave %v in batches of %v; want %v in batches of [3 3 1]", got, sizes, want)
	}

	stop := errors.New("stop")
	calls := 0
	err = s.EachArticle(ctx, 3, func([]corpus.Article) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Errorf("EachArticle with fn failing on the 2nd batch = %v after %d calls; want stop after 2", err, calls)
	}
}

// testConcurrentReaders reads while a writer adds: every call succeeds, and
// an article is never visible without all of its passages.
func testConcurrentReaders(t *testing.T, s store.Store) {
	ctx := context.Background()
	recs := records(0, 39)
	add(t, s, recs[:10]...)
	passages := map[string]int{}
	for _, r := range recs {
		passages[r.Article.ID] = len(r.Passages)
	}
	all := ids(recs)

	done := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for reads := 0; ; reads++ {
				select {
				case <-done:
					if reads > 0 {
						return
					}
				default:
				}
				if err := readAll(ctx, s, all, passages); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := 10; i < len(recs); i += 2 {
		if _, err := s.Add(ctx, recs[i:i+2]); err != nil {
			t.Errorf("add while reading: %v", err)
			break
		}
	}
	close(done)
	wg.Wait()
	wantCount(t, s, len(recs))
}

// readAll reads every visible article with its passages.
func readAll(ctx context.Context, s store.Store, all []string, passages map[string]int) error {
	arts, err := s.Articles(ctx, all)
	if err != nil {
		return fmt.Errorf("articles: %w", err)
	}
	var keys []store.PassageKey
	for id := range arts {
		for seq := range passages[id] {
			keys = append(keys, store.PassageKey{ArticleID: id, Seq: seq})
		}
	}
	ps, err := s.PassagesAt(ctx, arts, keys)
	if err != nil {
		return fmt.Errorf("passages at: %w", err)
	}
	if len(ps) != len(keys) {
		return fmt.Errorf("%d articles visible with %d passages, want %d", len(arts), len(ps), len(keys))
	}
	if _, err := s.Count(ctx); err != nil {
		return fmt.Errorf("count: %w", err)
	}
	return nil
}

func testRecords(t *testing.T, s store.Store) {
	ctx := context.Background()
	recs := records(0, 2)
	add(t, s, recs...)
	got, err := s.Records(ctx, []string{recs[2].Article.ID, "0123456789abcdef", recs[0].Article.ID, recs[2].Article.ID})
	if err != nil {
		t.Fatalf("records: %v", err)
	}
	want := []corpus.Record{recs[2], recs[0]}
	if len(got) != len(want) {
		t.Fatalf("Records = %v, want %v in that order, each once", ids(got), ids(want))
	}
	for i := range want {
		if err := sameArticle(got[i].Article, want[i].Article); err != nil {
			t.Error(err)
		}
		if err := samePassages(got[i].Passages, want[i].Passages); err != nil {
			t.Errorf("record %d: %v", i, err)
		}
	}
	if got, err := s.Records(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("Records(nil) = %v, %v; want none", got, err)
	}
}

// changes reads every change after `after`, a few at a time.
func changes(t *testing.T, s store.Store, after int64) []store.Change {
	t.Helper()
	var out []store.Change
	for {
		got, err := s.Changes(context.Background(), after, 2)
		if err != nil {
			t.Fatalf("changes: %v", err)
		}
		if len(got) > 2 {
			t.Fatalf("Changes(%d, 2) returned %d", after, len(got))
		}
		if len(got) == 0 {
			return out
		}
		out = append(out, got...)
		after = got[len(got)-1].Seq
	}
}

func testChanges(t *testing.T, s store.Store) {
	ctx := context.Background()
	if n, err := s.LastChange(ctx); err != nil || n != 0 {
		t.Fatalf("LastChange of an empty store = %d, %v; want 0", n, err)
	}
	recs := records(0, 2)
	type step struct {
		name    string
		do      func() error
		changed []string // articles the step changes, in order
	}
	dup := record(article(0))
	bad := record(article(5))
	bad.Passages[1].Seq = 0
	steps := []step{
		{"add three", func() error { _, err := s.Add(ctx, recs); return err }, ids(recs)},
		{"add a duplicate", func() error { _, err := s.Add(ctx, []corpus.Record{dup}); return err }, nil},
		{"failed add", func() error {
			if _, err := s.Add(ctx, []corpus.Record{record(article(4)), bad}); err == nil {
				return errors.New("add of a bad record succeeded")
			}
			return nil
		}, nil},
		{"replace passages", func() error { return s.ReplacePassages(ctx, recs[1:2]) }, ids(recs[1:2])},
		{"remove", func() error {
			_, err := s.Remove(ctx, recs[0].Article.ID, store.AuditEntry{Actor: "admin"})
			return err
		}, ids(recs[:1])},
		{"restore", func() error { return s.Restore(ctx, recs[0].Article.ID, store.AuditEntry{Actor: "admin"}) }, ids(recs[:1])},
		{"remove again", func() error {
			_, err := s.Remove(ctx, recs[0].Article.ID, store.AuditEntry{Actor: "admin"})
			return err
		}, ids(recs[:1])},
		{"purge", func() error {
			_, err := s.Purge(ctx, time.Now().Add(time.Hour), store.AuditEntry{Actor: "purge"})
			return err
		}, ids(recs[:1])},
		{"settings and audit", func() error {
			return errors.Join(s.SetSetting(ctx, "k", "v"), s.Audit(ctx, store.AuditEntry{Actor: "a", Action: "b", Target: "c"}))
		}, nil},
	}
	var last int64
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got := changes(t, s, last)
		var gotIDs []string
		for _, c := range got {
			if c.Seq <= last {
				t.Errorf("%s: change %d after %d", st.name, c.Seq, last)
			}
			last = c.Seq
			gotIDs = append(gotIDs, c.ArticleID)
		}
		if !slices.Equal(gotIDs, st.changed) {
			t.Errorf("%s: changes of %v, want %v", st.name, gotIDs, st.changed)
		}
		if n, err := s.LastChange(ctx); err != nil || n != last {
			t.Errorf("%s: LastChange = %d, %v; want %d", st.name, n, err, last)
		}
	}
	if all := changes(t, s, 0); len(all) != 8 {
		t.Errorf("%d changes in all, want 8", len(all))
	}
}

// testChangesVisibleInOrder follows the changes while several writers add
// articles at once, as several processes would: a follower that remembers
// the last number it saw must miss no change.
func testChangesVisibleInOrder(t *testing.T, s store.Store) {
	ctx := context.Background()
	const writers, each = 4, 8
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if _, err := s.Add(ctx, []corpus.Record{record(article(w*each + i))}); err != nil {
					t.Errorf("add: %v", err)
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	seen := map[string]bool{}
	var last int64
	follow := func() {
		got, err := s.Changes(ctx, last, 3)
		if err != nil {
			t.Errorf("changes: %v", err)
			return
		}
		for _, c := range got {
			seen[c.ArticleID] = true
			last = c.Seq
		}
	}
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		follow()
	}
	for before := -1; before != len(seen); { // the rest, once every writer is done
		before = len(seen)
		follow()
	}
	if len(seen) != writers*each {
		t.Errorf("the follower saw %d of %d added articles: a change became visible after a later one", len(seen), writers*each)
	}
}
