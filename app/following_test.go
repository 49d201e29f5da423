package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/feeds"
	"github.com/dateline-bot/dateline/fetch"
	"github.com/dateline-bot/dateline/scheduler"
	"github.com/dateline-bot/dateline/store"
)

func openFollowing(t *testing.T, now time.Time) (*App, *scheduler.ManualClock) {
	t.Helper()
	a, err := OpenDir(context.Background(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	clock := scheduler.NewManualClock(now)
	a.now = clock.Now
	a.UseFetcher(plainFetcher{}, 15*time.Minute, 0)
	return a, clock
}

// plainFetcher is a conditional-GET client for feeds served on 127.0.0.1.
type plainFetcher struct{}

func (plainFetcher) Fetch(ctx context.Context, url string, v feeds.Validators) (feeds.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return feeds.Response{}, err
	}
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return feeds.Response{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return feeds.Response{URL: url, NotModified: true}, nil
	}
	if resp.StatusCode != http.StatusOK {
		return feeds.Response{}, fmt.Errorf("%s answered %s", resp.Request.URL.Host, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return feeds.Response{URL: resp.Request.URL.String(), ETag: resp.Header.Get("ETag"), Body: body}, err
}

// rssServer serves an RSS feed whose items tests add.
type rssServer struct {
	*httptest.Server
	mu    sync.Mutex
	items []string
}

func newRSSServer(t *testing.T) *rssServer {
	s := &rssServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Courier</title><link>https://courier.example/</link>%s</channel></rss>`,
			strings.Join(s.items, ""))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *rssServer) add(guid, title, pubDate, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	item := fmt.Sprintf(`<item><title>%s</title><link>https://courier.example/%s</link><guid>%s</guid><pubDate>%s</pubDate><description><![CDATA[%s]]></description></item>`,
		title, guid, guid, pubDate, text)
	s.items = append([]string{item}, s.items...)
}

var (
	plantText = "<p>Officials said on Tuesday that the water plant would reopen on 14 March after repairs to the two main pumps, " +
		"which were damaged during the floods in January. The works began on 3 February and employ about sixty people.</p>" +
		"<p>“We expect the first households to be reconnected within a week,” the city engineer, Marta Idrissi, told reporters. " +
		"Residents of the northern districts have relied on tanker trucks since the flooding began in January.</p>"
	marketText = "<p>The market hall will close for renovation from 1 April, the council said on Tuesday. Traders were told to move " +
		"to the square in front of the town hall for the duration of the works, which are expected to last six months.</p>" +
		"<p>The renovation was approved in 2025 after an inspection found damage to the roof and the heating system of the hall.</p>"
	oldText = "<p>An older story from the archive of the feed, about the bridge that was closed in 2024 for repairs to its pillars, " +
		"which engineers said had been weakened by years of heavy traffic and by the floods of that winter in the valley.</p>"
)

// TestFeedToDigest follows a feed from its first poll (back-fill) to a
// digest grouped by tracked topics.
func TestFeedToDigest(t *testing.T) {
	ctx := context.Background()
	a, clock := openFollowing(t, time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
	srv := newRSSServer(t)
	srv.add("old-1", "Bridge closed for repairs", "Mon, 02 Mar 2026 09:00:00 GMT", oldText)
	scope := ScopeOf("42")
	if _, err := a.AddTopic(ctx, scope, "water plant", "admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddTopic(ctx, scope, "since:2025", "admin"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a topic of filters alone: %v", err)
	}
	f, res, err := a.AddFeed(ctx, scope, srv.URL+"/rss", "", "admin")
	if err != nil || res.Backfilled != 1 || f.Title != "Valley Courier" {
		t.Fatalf("add feed: %+v %+v %v", f, res, err)
	}
	if _, _, err := a.AddFeed(ctx, scope, srv.URL+"/rss", "", "admin"); !errors.Is(err, ErrExists) {
		t.Fatalf("the same feed twice: %v", err)
	}
	since := clock.Now()
	clock.Advance(time.Hour)
	srv.add("new-1", "Water plant to reopen on 14 March", "Tue, 03 Mar 2026 06:30:00 GMT", plantText)
	srv.add("new-2", "Market hall closes for renovation", "Tue, 03 Mar 2026 06:40:00 GMT", marketText)
	clock.Advance(time.Hour) // past the feed's next poll
	if err := a.PollFeeds(ctx); err != nil {
		t.Fatal(err)
	}
	a.WaitFeeds()
	d, err := a.Digest(ctx, "42", since, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if d.Articles != 2 || len(d.Groups) != 2 || d.Groups[0].Topic != "water plant" || d.Groups[1].Topic != "Other reporting" {
		t.Fatalf("digest %+v", d)
	}
	story := d.Groups[0].Stories[0]
	if story.Article.Title != "Water plant to reopen on 14 March" || story.Quote == nil || story.Quote.Date != "2026-03-14" {
		t.Errorf("water story %+v quote %+v", story, story.Quote)
	}
	if len(d.Upcoming) == 0 || d.Upcoming[0].Date != "2026-03-14" {
		t.Errorf("upcoming %+v", d.Upcoming)
	}
	fs, err := a.Feeds(ctx, scope)
	if err != nil || len(fs) != 1 || fs[0].Items != 3 || fs[0].LastError != "" {
		t.Fatalf("feeds %+v %v", fs, err)
	}
	if err := a.RemoveFeed(ctx, scope, fs[0].URL); err != nil {
		t.Fatal(err)
	}
}

func TestAddFeedRefusesWhatIsNoFeed(t *testing.T) {
	ctx := context.Background()
	a, _ := openFollowing(t, time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "<html><p>hello</p></html>") }))
	defer page.Close()
	for _, u := range []string{page.URL, "ftp://x.example/feed", "not a url"} {
		if _, _, err := a.AddFeed(ctx, "shared", u, "", "op"); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v", u, err)
		}
	}
	if fs, _ := a.Feeds(ctx, "shared"); len(fs) != 0 {
		t.Errorf("a refused feed was kept: %+v", fs)
	}
}

// poster records the messages posted, and fails when told.
type poster struct {
	mu    sync.Mutex
	posts []string
	fail  atomic.Int32 // fail the next n posts
	sent  chan string
}

func newPoster() *poster { return &poster{sent: make(chan string, 100)} }

func (p *poster) PostMessage(_ context.Context, channelID, content string) error {
	if p.fail.Load() > 0 {
		p.fail.Add(-1)
		return errors.New("discord answered 503")
	}
	p.mu.Lock()
	p.posts = append(p.posts, channelID+": "+content)
	p.mu.Unlock()
	p.sent <- content
	return nil
}

func (p *poster) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.posts)
}

// seedDigest gives guild 42 settings and two new articles.
func seedDigest(t *testing.T, a *App, schedule string) {
	t.Helper()
	ctx := context.Background()
	if err := a.SetDigestSettings(ctx, store.DigestSettings{GuildID: "42", ChannelID: "c42", Schedule: schedule, Timezone: "Europe/Berlin", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	srv := newRSSServer(t)
	if _, _, err := a.AddFeed(ctx, "shared", srv.URL, "", "op"); err != nil {
		t.Fatal(err)
	}
	srv.add("n1", "Water plant to reopen on 14 March", "Tue, 03 Mar 2026 06:30:00 GMT", plantText)
	srv.add("n2", "Market hall closes for renovation", "Tue, 03 Mar 2026 06:40:00 GMT", marketText)
	fs, err := a.Feeds(ctx, "shared")
	if err != nil {
		t.Fatal(err)
	}
	if _, res := a.poller.Poll(ctx, fs[0]); res.Err != nil || res.New != 2 {
		t.Fatalf("poll: %+v", res)
	}
}

func TestPostDigestOnceThroughCrashes(t *testing.T) {
	ctx := context.Background()
	a, clock := openFollowing(t, time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
	seedDigest(t, a, "08:00")
	slot := time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC) // 08:00 in Berlin
	clock.Set(slot)
	p := newPoster()

	// A process claimed the slot and died before posting.
	if c, err := a.store.ClaimDigest(ctx, "42", slot, "dead", slot, digestLease); err != nil || !c.Claimed {
		t.Fatal(c, err)
	}
	if err := a.PostDigest(ctx, "42", slot, "me", p); !errors.Is(err, ErrClaimedElsewhere) {
		t.Fatalf("while the dead claim's lease runs: %v", err)
	}
	// After its lease, the slot is taken over; the first post fails half way.
	clock.Advance(digestLease)
	p.fail.Store(1)
	if err := a.PostDigest(ctx, "42", slot, "me", p); err == nil {
		t.Fatal("a failed post reported success")
	}
	if err := a.PostDigest(ctx, "42", slot, "me", p); err != nil {
		t.Fatal(err)
	}
	posted := p.count()
	if posted == 0 || !strings.Contains(p.posts[0], "c42: **Digest\\: 2 new articles") {
		t.Fatalf("posts %q", p.posts)
	}
	// Once done, nobody posts the slot again: not a retry, not a restart, not another process.
	for _, owner := range []string{"me", "other"} {
		if err := a.PostDigest(ctx, "42", slot, owner, p); err != nil || p.count() != posted {
			t.Fatalf("%s posted again: %v, %d posts", owner, err, p.count())
		}
	}
	// The next slot covers only what came after this one.
	next := slot.Add(24 * time.Hour)
	clock.Set(next)
	since, err := a.DigestSince(ctx, "42", next)
	if err != nil || !since.Equal(slot) {
		t.Fatalf("since = %v, %v", since, err)
	}
}

// TestTakenOverClaimCoveredByALaterDigest: a process died holding
// yesterday's slot; today's digest (covering yesterday's news too) was
// posted meanwhile. When the dead claim's lease runs out, yesterday's slot
// is finished without a post: nothing is announced twice.
func TestTakenOverClaimCoveredByALaterDigest(t *testing.T) {
	ctx := context.Background()
	a, clock := openFollowing(t, time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
	seedDigest(t, a, "08:00")
	first := time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC) // 08:00 in Berlin
	second := first.Add(24 * time.Hour)
	// The day before was posted: both digests below start from it.
	before := first.Add(-24 * time.Hour)
	if _, err := a.store.ClaimDigest(ctx, "42", before, "old", before, digestLease); err != nil {
		t.Fatal(err)
	}
	if err := a.store.FinishDigest(ctx, "42", before, "old", true, before); err != nil {
		t.Fatal(err)
	}
	clock.Set(first)
	if c, err := a.store.ClaimDigest(ctx, "42", first, "dead", first, digestLease); err != nil || !c.Claimed {
		t.Fatal(c, err)
	}
	clock.Set(second)
	p := newPoster()
	if err := a.PostDigest(ctx, "42", second, "me", p); err != nil || p.count() == 0 || !strings.Contains(p.posts[0], "2 new articles") {
		t.Fatalf("the later digest: %v, %q", err, p.posts)
	}
	posted := p.count()
	if err := a.PostDigest(ctx, "42", first, "me", p); err != nil || p.count() != posted {
		t.Fatalf("the taken-over slot: %v, posts %q", err, p.posts[posted:])
	}
	if c, err := a.store.ClaimDigest(ctx, "42", first, "other", second, digestLease); err != nil || !c.Done {
		t.Fatalf("the taken-over slot is not done: %+v %v", c, err)
	}
}

func TestEmptyDayPostsOneLineOrNothing(t *testing.T) {
	ctx := context.Background()
	for _, postEmpty := range []bool{false, true} {
		a, clock := openFollowing(t, time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC)) // the default 08:00 UTC
		if err := a.SetDigestSettings(ctx, store.DigestSettings{GuildID: "7", ChannelID: "c7", Enabled: true, PostEmpty: postEmpty}); err != nil {
			t.Fatal(err)
		}
		p := newPoster()
		if err := a.PostDigest(ctx, "7", clock.Now(), "me", p); err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{false: 0, true: 1}[postEmpty]; p.count() != want {
			t.Errorf("post_empty %v: %d posts %q", postEmpty, p.count(), p.posts)
		}
	}
}

// TestSlotOffTheStoredScheduleIsNotPosted: another process moved the
// server's digest from 08:00 to 09:00 (in the store, which this process's
// scheduler never heard of): the 08:00 slot it still runs posts nothing, the
// 09:00 slot posts.
func TestSlotOffTheStoredScheduleIsNotPosted(t *testing.T) {
	ctx := context.Background()
	a, clock := openFollowing(t, time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC))
	s := store.DigestSettings{GuildID: "7", ChannelID: "c7", Schedule: "08:00", Timezone: "UTC", Enabled: true, PostEmpty: true}
	if err := a.SetDigestSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	s.Schedule = "09:00"
	if err := a.store.SetDigestSettings(ctx, s); err != nil { // as another process would
		t.Fatal(err)
	}
	p := newPoster()
	for _, tt := range []struct {
		slot  time.Time
		posts int
	}{
		{time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC), 0},
		{time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC), 1},
	} {
		clock.Set(tt.slot)
		if err := a.PostDigest(ctx, "7", tt.slot, "me", p); err != nil || p.count() != tt.posts {
			t.Fatalf("slot %s: %v, %d posts %q; want %d", tt.slot.Format(time.Kitchen), err, p.count(), p.posts, tt.posts)
		}
	}
}

func TestSettingsValidated(t *testing.T) {
	a, _ := openFollowing(t, time.Now())
	for _, s := range []store.DigestSettings{
		{GuildID: "1", Timezone: "Mars/Olympus"},
		{GuildID: "1", Schedule: "25:00"},
		{GuildID: "1", Schedule: "0 8 * *"},
	} {
		if err := a.SetDigestSettings(context.Background(), s); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v", s, err)
		}
	}
}

// runFollowing runs f until the test ends.
func runFollowing(t *testing.T, f *Following) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("following: %v", err)
		}
	})
}

func waitDeadline(t *testing.T, c *scheduler.ManualClock, at time.Time) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := c.WaitDeadline(ctx, at); err != nil {
		t.Fatal(err)
	}
}

func waitPost(t *testing.T, p *poster) string {
	t.Helper()
	select {
	case m := <-p.sent:
		return m
	case <-time.After(20 * time.Second):
		t.Fatal("nothing was posted")
		return ""
	}
}

// TestTwoSchedulersShareOneStore runs two runners (two processes' worth of
// schedules) over one store: the slot is posted once.
func TestTwoSchedulersShareOneStore(t *testing.T) {
	a, clock := openFollowing(t, time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
	seedDigest(t, a, "08:00")
	a.poller = nil // digests only: the feeds tick would come first
	p := newPoster()
	one, two := a.Following(clock, p, 0), a.Following(clock, p, 0)
	runFollowing(t, one)
	runFollowing(t, two)
	slot := time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)
	// Both runners are up: each has armed its timer for the slot.
	wait, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := clock.WaitTimers(wait, 2); err != nil {
		t.Fatal(err)
	}
	waitDeadline(t, clock, slot)
	clock.Set(slot)
	waitPost(t, p)
	// The runner that lost the claim may retry a minute later: it finds
	// the slot done. Both settle on tomorrow's slot.
	clock.Set(slot.Add(2 * time.Minute))
	waitDeadline(t, clock, slot.Add(24*time.Hour))
	if p.count() != 1 {
		t.Fatalf("posted %d messages: %q", p.count(), p.posts)
	}
}

// TestCatchUpAfterDowntime starts the runner two hours after a slot it
// missed: the slot is posted once; a restart posts nothing more.
func TestCatchUpAfterDowntime(t *testing.T) {
	a, clock := openFollowing(t, time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
	seedDigest(t, a, "08:00")
	clock.Set(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)) // 10:00 in Berlin
	p := newPoster()
	ctx, cancel := context.WithCancel(context.Background())
	f := a.Following(clock, p, 6*time.Hour)
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	first := waitPost(t, p)
	if !strings.Contains(first, "2 new articles") {
		t.Fatalf("caught-up digest %q", first)
	}
	waitDeadline(t, clock, clock.Now().Add(30*time.Second)) // settled: the next timer is the feeds tick
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	posted := p.count()
	restarted := a.Following(clock, p, 6*time.Hour)
	runFollowing(t, restarted)
	waitDeadline(t, clock, clock.Now().Add(30*time.Second))
	if p.count() != posted {
		t.Fatalf("a restart posted again: %d then %d", posted, p.count())
	}
}

// TestSettingsApplyWithoutRestart changes a server's time while the runner runs.
func TestSettingsApplyWithoutRestart(t *testing.T) {
	ctx := context.Background()
	a, clock := openFollowing(t, time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
	seedDigest(t, a, "08:00")
	f := a.Following(clock, newPoster(), 0)
	runFollowing(t, f)
	waitDeadline(t, clock, time.Date(2026, 3, 3, 6, 0, 30, 0, time.UTC)) // running: the feeds tick is armed
	if next, ok := f.Scheduler().Next("digest 42"); !ok || !next.Equal(time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)) {
		t.Fatalf("next %v %v", next, ok)
	}
	if err := a.SetDigestSettings(ctx, store.DigestSettings{GuildID: "42", ChannelID: "c42", Schedule: "09:30", Timezone: "America/New_York", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if next, _ := f.Scheduler().Next("digest 42"); !next.Equal(time.Date(2026, 3, 3, 14, 30, 0, 0, time.UTC)) {
		t.Fatalf("next after the change %v", next)
	}
	if err := a.SetDigestSettings(ctx, store.DigestSettings{GuildID: "42", ChannelID: "c42", Enabled: false}); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Scheduler().Next("digest 42"); ok {
		t.Fatal("a disabled digest is still scheduled")
	}
}

// TestSettingsChangedElsewhereReachTheSchedule: with a shared store,
// another process turns a server's digest on and later moves it (in the
// store only); the runner that re-reads settings every minute schedules
// it, then moves it, at its next reload.
func TestSettingsChangedElsewhereReachTheSchedule(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC)
	a, clock := openFollowing(t, start)
	a.poller = nil // digests only
	f := a.Following(clock, newPoster(), 0)
	f.ReloadSettings(time.Minute)
	runFollowing(t, f)
	for i, tt := range []struct {
		schedule string
		next     time.Time
	}{
		{"08:00", time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC)},
		{"09:30", time.Date(2026, 3, 3, 9, 30, 0, 0, time.UTC)},
	} {
		s := store.DigestSettings{GuildID: "9", ChannelID: "c9", Schedule: tt.schedule, Timezone: "UTC", Enabled: true}
		if err := a.store.SetDigestSettings(ctx, s); err != nil { // as another process would
			t.Fatal(err)
		}
		reload := start.Add(time.Duration(i+1) * time.Minute)
		waitDeadline(t, clock, reload)
		clock.Set(reload)
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if next, ok := f.Scheduler().Next("digest 9"); ok && next.Equal(tt.next) {
				break
			}
			if time.Now().After(deadline) {
				next, ok := f.Scheduler().Next("digest 9")
				t.Fatalf("after the reload at %s: digest 9 next %v (%v), want %s", reload.Format(time.Kitchen), next, ok, tt.next)
			}
		}
	}
}

// TestFeedBehindARedirectToAPrivateAddress reads feeds through the real
// safe fetcher with private addresses refused: a feed whose (stand-in
// public) site redirects to a loopback address is refused with the reason,
// and nothing connects to the private address.
func TestFeedBehindARedirectToAPrivateAddress(t *testing.T) {
	ctx := context.Background()
	a, _ := openFollowing(t, time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
	var insideHits atomic.Int32
	inside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		insideHits.Add(1)
		io.WriteString(w, `<rss version="2.0"><channel><title>Intranet</title></channel></rss>`)
	}))
	defer inside.Close()
	outside := httptest.NewServer(http.RedirectHandler(inside.URL+"/feed", http.StatusFound))
	defer outside.Close()
	public, err := netip.ParseAddrPort(outside.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	a.UseFetcher(FeedFetcher(fetch.New(fetch.Config{Exempt: public})), 15*time.Minute, 0)
	_, _, err = a.AddFeed(ctx, "shared", outside.URL+"/rss", "", "op")
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "refused: 127.0.0.1 is a loopback address") {
		t.Fatalf("err = %v", err)
	}
	if insideHits.Load() != 0 {
		t.Fatal("the private address was connected to")
	}
	// The same fetcher reads a feed on the stand-in public site, with conditional GET.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Courier</title><item><title>Plant</title><guid>p1</guid><description><![CDATA[%s]]></description></item></channel></rss>`, plantText)
	}))
	defer srv.Close()
	public, _ = netip.ParseAddrPort(srv.Listener.Addr().String())
	a.UseFetcher(FeedFetcher(fetch.New(fetch.Config{Exempt: public})), 15*time.Minute, 0)
	f, res, err := a.AddFeed(ctx, "shared", srv.URL, "", "op")
	if err != nil || res.Backfilled != 1 || f.ETag != `"v1"` {
		t.Fatalf("add: %+v %+v %v", f, res, err)
	}
	if _, res := a.poller.Poll(ctx, f); res.Err != nil || !res.NotModified {
		t.Fatalf("second poll: %+v", res)
	}
}

// TestDigestOfOneServerNeverShowsAnothers: a server's digest draws on the
// shared archive and its own, never on another server's.
func TestDigestOfOneServerNeverShowsAnothers(t *testing.T) {
	ctx := context.Background()
	a, clock := openFollowing(t, time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
	since := clock.Now()
	srv := newRSSServer(t)
	srv.add("s1", "Water plant to reopen on 14 March", "Tue, 03 Mar 2026 05:30:00 GMT", plantText)
	other := newRSSServer(t)
	other.add("o1", "Market hall closes for renovation", "Tue, 03 Mar 2026 05:40:00 GMT", marketText)
	clock.Advance(time.Minute)
	for _, f := range []struct{ scope, url string }{{ScopeOf("1"), srv.URL}, {ScopeOf("2"), other.URL}} {
		feed, err := a.store.AddFeed(ctx, store.Feed{Scope: f.scope, URL: f.url, AddedAt: since})
		if err != nil {
			t.Fatal(err)
		}
		feed.LastSuccess = since // not new: its items are announced, not back-filled
		if _, res := a.poller.Poll(ctx, feed); res.Err != nil || res.New != 1 {
			t.Fatalf("poll %s: %+v", f.scope, res)
		}
	}
	clock.Advance(time.Hour)
	for guild, want := range map[string]string{"1": "Water plant", "2": "Market hall", "": ""} {
		d, err := a.Digest(ctx, guild, since, clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, g := range d.Groups {
			for _, s := range g.Stories {
				titles = append(titles, s.Article.Title)
			}
		}
		if got := strings.Join(titles, "|"); (want == "" && got != "") || (want != "" && (len(titles) != 1 || !strings.HasPrefix(got, want))) {
			t.Errorf("digest of %q: %q", guild, got)
		}
	}
}
