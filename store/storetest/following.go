package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

// The contract of store.Following: digest settings, topics, feeds, feed
// items, new articles and digest claims.

var followingCases = []struct {
	name string
	run  func(t *testing.T, s store.Store)
}{
	{"DigestSettings", testDigestSettings},
	{"Topics", testTopics},
	{"Feeds", testFeeds},
	{"SeenItem", testSeenItem},
	{"NewArticles", testNewArticles},
	{"ClaimDigest", testClaimDigest},
	{"ConcurrentClaims", testConcurrentClaims},
	{"FeedLeases", testFeedLeases},
	{"ConcurrentFeedLeases", testConcurrentFeedLeases},
}

func testDigestSettings(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, ok, err := s.DigestSettings(ctx, "1"); err != nil || ok {
		t.Fatalf("absent settings: ok %v, err %v", ok, err)
	}
	want := store.DigestSettings{GuildID: "1", ChannelID: "c1", Schedule: "07:30", Timezone: "Europe/Berlin",
		Enabled: true, PostEmpty: true, UpdatedBy: "admin", UpdatedAt: base}
	for _, d := range []store.DigestSettings{{GuildID: "2", Enabled: false, UpdatedAt: base}, want} {
		if err := s.SetDigestSettings(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	got, ok, err := s.DigestSettings(ctx, "1")
	if err != nil || !ok || got != want {
		t.Fatalf("settings = %+v, %v, %v; want %+v", got, ok, err, want)
	}
	want.Enabled, want.Schedule = false, ""
	if err := s.SetDigestSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	all, err := s.AllDigestSettings(ctx)
	if err != nil || len(all) != 2 || all[0] != want || all[1].GuildID != "2" {
		t.Fatalf("all settings = %+v, %v", all, err)
	}
}

func testTopics(t *testing.T, s store.Store) {
	ctx := context.Background()
	for _, q := range []string{"russia qamishli", "\"water plant\"", "outlet:Reuters syria"} {
		if _, err := s.AddTopic(ctx, store.Topic{Scope: "guild:1", Query: q, AddedBy: "admin", AddedAt: base}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddTopic(ctx, store.Topic{Scope: "guild:1", Query: "russia qamishli", AddedAt: base}); !errors.Is(err, store.ErrExists) {
		t.Fatalf("duplicate topic: %v", err)
	}
	if _, err := s.AddTopic(ctx, store.Topic{Scope: "guild:2", Query: "russia qamishli", AddedAt: base}); err != nil {
		t.Fatalf("the same query in another scope: %v", err)
	}
	if err := s.RemoveTopic(ctx, "guild:1", "\"water plant\""); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveTopic(ctx, "guild:1", "\"water plant\""); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removing an absent topic: %v", err)
	}
	got, err := s.Topics(ctx, "guild:1")
	if err != nil || len(got) != 2 || got[0].Query != "russia qamishli" || got[1].Query != "outlet:Reuters syria" ||
		got[0].AddedBy != "admin" || !got[0].AddedAt.Equal(base) || got[0].ID == 0 {
		t.Fatalf("topics = %+v, %v", got, err)
	}
	if none, err := s.Topics(ctx, "guild:3"); err != nil || len(none) != 0 || none == nil {
		t.Fatalf("topics of a scope without any = %#v, %v", none, err)
	}
}

func addFeed(t *testing.T, s store.Store, scope, url string, at time.Time) store.Feed {
	t.Helper()
	f, err := s.AddFeed(context.Background(), store.Feed{Scope: scope, URL: url, Topic: "", AddedBy: "admin", AddedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func testFeeds(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := addFeed(t, s, "guild:1", "https://a.example/feed", base)
	b := addFeed(t, s, "guild:1", "https://b.example/feed", base.Add(time.Minute))
	c := addFeed(t, s, "shared", "https://a.example/feed", base.Add(2*time.Minute))
	if _, err := s.AddFeed(ctx, store.Feed{Scope: "guild:1", URL: a.URL, AddedAt: base}); !errors.Is(err, store.ErrExists) {
		t.Fatalf("duplicate feed: %v", err)
	}
	if a.ID == 0 || a.ID == b.ID || !a.NextPoll.Equal(base) {
		t.Fatalf("added feeds %+v %+v", a, b)
	}
	// A poll's record round-trips.
	b.Title, b.ETag, b.LastModified = "B news", `"v1"`, "Mon, 02 Mar 2026 10:00:00 GMT"
	b.LastPoll, b.LastSuccess = base.Add(time.Hour), base.Add(time.Hour)
	b.LastError, b.Failures, b.Items = "b.example answered 503", 2, 7
	b.NextPoll = base.Add(3 * time.Hour)
	if err := s.UpdateFeedPoll(ctx, b); err != nil {
		t.Fatal(err)
	}
	got, err := s.Feeds(ctx, "guild:1")
	if err != nil || len(got) != 2 || got[0].ID != a.ID || got[1] != b {
		t.Fatalf("feeds of guild:1 = %+v, %v\nwant b = %+v", got, err, b)
	}
	if all, err := s.Feeds(ctx, ""); err != nil || len(all) != 3 {
		t.Fatalf("all feeds = %d, %v", len(all), err)
	}
	due, err := s.DueFeeds(ctx, base.Add(2*time.Hour))
	if err != nil || len(due) != 2 || due[0].ID != a.ID || due[1].ID != c.ID {
		t.Fatalf("due feeds = %+v, %v", due, err)
	}
	if err := s.AddFeedItem(ctx, store.FeedItem{FeedID: a.ID, Key: store.ItemKey{GUID: "g", Hash: "h"}, SeenAt: base}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(ctx, "guild:1", a.URL); err != nil {
		t.Fatal(err)
	}
	if seen, err := s.SeenItem(ctx, "guild:1", a.ID, store.ItemKey{GUID: "g", Hash: "h"}); err != nil || seen {
		t.Fatalf("a removed feed's items are still seen: %v %v", seen, err)
	}
	if err := s.RemoveFeed(ctx, "guild:1", a.URL); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removing an absent feed: %v", err)
	}
	if err := s.AddFeedItem(ctx, store.FeedItem{FeedID: a.ID, Key: store.ItemKey{Hash: "h"}, SeenAt: base}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an item of a removed feed: %v", err)
	}
}

func testSeenItem(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := addFeed(t, s, "guild:1", "https://a.example/feed", base)
	b := addFeed(t, s, "guild:1", "https://b.example/feed", base)
	other := addFeed(t, s, "guild:2", "https://a.example/feed", base)
	stored := store.ItemKey{GUID: "guid-1", Link: "https://a.example/story", Hash: "hash-1"}
	if err := s.AddFeedItem(ctx, store.FeedItem{FeedID: a.ID, Key: stored, ArticleID: "x", SeenAt: base}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		scope string
		feed  int64
		key   store.ItemKey
		want  bool
	}{
		{"same GUID, same feed, new times and text", "guild:1", a.ID, store.ItemKey{GUID: "guid-1", Hash: "other"}, true},
		{"same GUID in another feed is another item", "guild:1", b.ID, store.ItemKey{GUID: "guid-1", Hash: "other"}, false},
		{"same link in another feed of the scope", "guild:1", b.ID, store.ItemKey{Link: stored.Link, Hash: "other"}, true},
		{"same text in another feed of the scope", "guild:1", b.ID, store.ItemKey{Hash: "hash-1"}, true},
		{"another scope sees nothing", "guild:2", other.ID, stored, false},
		{"nothing in common", "guild:1", a.ID, store.ItemKey{GUID: "guid-2", Link: "https://a.example/other", Hash: "hash-2"}, false},
		{"empty GUID and link match nothing", "guild:1", a.ID, store.ItemKey{Hash: "hash-3"}, false},
	}
	for _, tt := range tests {
		got, err := s.SeenItem(ctx, tt.scope, tt.feed, tt.key)
		if err != nil || got != tt.want {
			t.Errorf("%s: seen = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

func testNewArticles(t *testing.T, s store.Store) {
	ctx := context.Background()
	recs := records(0, 5) // added base+0h … base+5h (and 123456 µs)
	add(t, s, recs...)
	f := addFeed(t, s, "shared", "https://feed.example/rss", base)
	backfilled := recs[2].Article.ID
	if err := s.AddFeedItem(ctx, store.FeedItem{FeedID: f.ID, Key: store.ItemKey{Hash: "b"}, ArticleID: backfilled, Backfill: true, SeenAt: base}); err != nil {
		t.Fatal(err)
	}
	added := func(n int) time.Time { return recs[n].Article.AddedAt }
	tests := []struct {
		name         string
		scopes       []string
		since, until time.Time
		limit        int
		want         []int
	}{
		{"since is exclusive, until inclusive", []string{"shared"}, added(0), added(4), 100, []int{1, 3, 4}},
		{"a nanosecond either side", []string{"shared"}, added(0).Add(-time.Nanosecond), added(1).Add(-time.Nanosecond), 100, []int{0}},
		{"limit", []string{"shared", "guild:1"}, added(0).Add(-time.Hour), added(5), 2, []int{0, 1}},
		{"a server's scope alone holds none yet", []string{"guild:1"}, added(0).Add(-time.Hour), added(5), 100, nil},
	}
	for _, tt := range tests {
		got, err := s.NewArticles(ctx, tt.scopes, tt.since, tt.until, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, n := range tt.want {
			want = append(want, recs[n].Article.ID)
		}
		if fmt.Sprint(articleIDs(got)) != fmt.Sprint(want) {
			t.Errorf("%s: got %v, want %v", tt.name, articleIDs(got), want)
		}
	}
	f2, err := s.AddFeed(ctx, store.Feed{Scope: "shared", URL: "https://topic.example/rss", Topic: "water", AddedAt: base})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddFeedItem(ctx, store.FeedItem{FeedID: f2.ID, Key: store.ItemKey{Hash: "t"}, ArticleID: recs[3].Article.ID, SeenAt: base}); err != nil {
		t.Fatal(err)
	}
	topics, err := s.FeedTopics(ctx, []string{recs[2].Article.ID, recs[3].Article.ID})
	if err != nil || len(topics) != 1 || topics[recs[3].Article.ID] != "water" {
		t.Fatalf("feed topics = %v, %v", topics, err)
	}
}

func articleIDs(arts []corpus.Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.ID)
	}
	return out
}

func testClaimDigest(t *testing.T, s store.Store) {
	ctx := context.Background()
	slot := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	lease := 10 * time.Minute
	claim := func(owner string, now time.Time) store.DigestClaim {
		t.Helper()
		c, err := s.ClaimDigest(ctx, "1", slot, owner, now, lease)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := claim("A", slot); !c.Claimed || c.Sent != 0 {
		t.Fatalf("first claim = %+v", c)
	}
	if c := claim("B", slot.Add(time.Minute)); c.Claimed || c.Done {
		t.Fatalf("a claim held by a live owner was taken: %+v", c)
	}
	if err := s.DigestSent(ctx, "1", slot, "A", 2); err != nil {
		t.Fatal(err)
	}
	// A dies; after the lease B takes over where A stopped.
	if c := claim("B", slot.Add(lease)); !c.Claimed || c.Sent != 2 {
		t.Fatalf("taking over a dead owner's claim = %+v", c)
	}
	if err := s.DigestSent(ctx, "1", slot, "A", 3); err == nil {
		t.Fatal("the old owner still records progress")
	}
	// B's post fails: the slot may be claimed again, and then finished.
	if err := s.FinishDigest(ctx, "1", slot, "B", false, slot.Add(lease)); err != nil {
		t.Fatal(err)
	}
	if last, err := s.LastDigest(ctx, "1", slot.Add(time.Hour)); err != nil || !last.IsZero() {
		t.Fatalf("last digest after a failure = %v, %v", last, err)
	}
	if c := claim("A", slot.Add(lease+time.Minute)); !c.Claimed || c.Sent != 2 {
		t.Fatalf("claim after a failure = %+v", c)
	}
	if err := s.FinishDigest(ctx, "1", slot, "A", true, slot.Add(lease+2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	for _, owner := range []string{"A", "B"} {
		if c := claim(owner, slot.Add(48*time.Hour)); c.Claimed || !c.Done {
			t.Fatalf("a done slot was claimed by %s: %+v", owner, c)
		}
	}
	if last, err := s.LastDigest(ctx, "1", slot.Add(time.Hour)); err != nil || !last.Equal(slot) {
		t.Fatalf("last digest = %v, %v", last, err)
	}
	if last, err := s.LastDigest(ctx, "1", slot); err != nil || !last.IsZero() {
		t.Fatalf("last digest before the slot itself = %v, %v", last, err)
	}
	if last, err := s.LastDigest(ctx, "2", slot.Add(time.Hour)); err != nil || !last.IsZero() {
		t.Fatalf("another guild's last digest = %v, %v", last, err)
	}
}

// testConcurrentClaims has many owners claim one slot at once: one wins.
func testConcurrentClaims(t *testing.T, s store.Store) {
	slot := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := s.ClaimDigest(context.Background(), "1", slot, fmt.Sprintf("owner-%d", i), slot, time.Hour)
			if err != nil {
				errs <- err
				return
			}
			if c.Claimed {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if won != 1 {
		t.Fatalf("%d owners claimed the slot", won)
	}
}

func feedIDs(fs []store.Feed) []int64 {
	var out []int64
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

// testFeedLeases: a due feed is leased to one owner until its lease runs
// out or its poll is recorded; feeds not due are never leased.
func testFeedLeases(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := addFeed(t, s, "shared", "https://a.example/feed", base)
	b := addFeed(t, s, "guild:1", "https://b.example/feed", base.Add(time.Minute))
	later := addFeed(t, s, "shared", "https://c.example/feed", base)
	later.NextPoll = base.Add(time.Hour)
	if err := s.UpdateFeedPoll(ctx, later); err != nil {
		t.Fatal(err)
	}
	lease := 10 * time.Minute
	now := base.Add(2 * time.Minute)
	lease1 := func(owner string, at time.Time, limit int) []int64 {
		t.Helper()
		fs, err := s.LeaseDueFeeds(ctx, at, owner, lease, limit)
		if err != nil {
			t.Fatalf("lease for %s: %v", owner, err)
		}
		return feedIDs(fs)
	}
	if got := lease1("p1", now, 1); fmt.Sprint(got) != fmt.Sprint([]int64{a.ID}) {
		t.Fatalf("p1 leased %v, want the most overdue %d", got, a.ID)
	}
	if got := lease1("p2", now, 10); fmt.Sprint(got) != fmt.Sprint([]int64{b.ID}) {
		t.Fatalf("p2 leased %v, want only %d (a is p1's, c is not due)", got, b.ID)
	}
	if got := lease1("p2", now.Add(time.Minute), 10); len(got) != 0 {
		t.Fatalf("leased again while every lease holds: %v", got)
	}
	// p1 records its poll: a is due again in 15 minutes, free for anyone then.
	a.LastPoll, a.NextPoll = now, now.Add(15*time.Minute)
	if err := s.UpdateFeedPoll(ctx, a); err != nil {
		t.Fatal(err)
	}
	// p2 died holding b: once its lease runs out, b moves on, as do a
	// (due again) and c (due at last), most overdue first.
	got := lease1("p3", now.Add(time.Hour), 10)
	if want := []int64{b.ID, a.ID, later.ID}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after the leases ran out p3 leased %v, want %v", got, want)
	}
}

// testConcurrentFeedLeases has several processes lease at once: every due
// feed goes to exactly one of them.
func testConcurrentFeedLeases(t *testing.T, s store.Store) {
	ctx := context.Background()
	const feeds, owners = 12, 4
	for i := range feeds {
		addFeed(t, s, "shared", fmt.Sprintf("https://%d.example/feed", i), base)
	}
	var mu sync.Mutex
	leased := map[int64]string{}
	var wg sync.WaitGroup
	for o := range owners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprintf("p%d", o)
			for range 3 {
				fs, err := s.LeaseDueFeeds(ctx, base.Add(time.Minute), owner, time.Hour, 2)
				if err != nil {
					t.Errorf("lease: %v", err)
					return
				}
				mu.Lock()
				for _, f := range fs {
					if other, ok := leased[f.ID]; ok {
						t.Errorf("feed %d leased to %s and %s", f.ID, other, owner)
					}
					leased[f.ID] = owner
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(leased) != feeds {
		t.Errorf("%d of %d due feeds leased", len(leased), feeds)
	}
}
