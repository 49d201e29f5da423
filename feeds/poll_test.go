package feeds

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
	"github.com/dateline-bot/dateline/store/sqlite"
)

// memStore is the poller's store in these tests: the real SQLite store of
// record for feeds and their items, and an archive of articles in memory
// (dateline's is the app: store, then index).
type memStore struct {
	*sqlite.Store
	t        *testing.T
	mu       sync.Mutex
	items    []store.FeedItem          // every item recorded, in order
	articles map[string]corpus.Article // by id
	scopes   map[string]string         // article id → scope
	updates  chan store.Feed           // when set, every UpdateFeedPoll is sent here
}

func newMemStore(t *testing.T) *memStore {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "dateline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &memStore{Store: db, t: t, articles: map[string]corpus.Article{}, scopes: map[string]string{}}
}

func (m *memStore) add(f store.Feed) store.Feed {
	f, err := m.AddFeed(context.Background(), f)
	if err != nil {
		m.t.Fatal(err)
	}
	return f
}

func (m *memStore) feed(id int64) store.Feed {
	all, err := m.Feeds(context.Background(), "")
	if err != nil {
		m.t.Fatal(err)
	}
	for _, f := range all {
		if f.ID == id {
			return f
		}
	}
	m.t.Fatalf("no feed %d", id)
	return store.Feed{}
}

func (m *memStore) UpdateFeedPoll(ctx context.Context, f store.Feed) error {
	if err := m.Store.UpdateFeedPoll(ctx, f); err != nil {
		return err
	}
	m.mu.Lock()
	updates := m.updates
	m.mu.Unlock()
	if updates != nil {
		updates <- f
	}
	return nil
}

func (m *memStore) AddFeedItem(ctx context.Context, it store.FeedItem) error {
	if err := m.Store.AddFeedItem(ctx, it); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items = append(m.items, it)
	return nil
}

func (m *memStore) AddFeedArticle(_ context.Context, f store.Feed, a corpus.Article) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, b := range m.articles {
		if m.scopes[id] == f.Scope && (corpus.BodyHash(a.Body) == corpus.BodyHash(b.Body) || a.URL != "" && corpus.CanonicalURL(a.URL) == corpus.CanonicalURL(b.URL)) {
			return id, true, nil
		}
	}
	id := fmt.Sprintf("a%d", len(m.articles)+1)
	m.articles[id] = a
	m.scopes[id] = f.Scope
	return id, false, nil
}

func (m *memStore) article(t *testing.T, title string) corpus.Article {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.articles {
		if a.Title == title {
			return a
		}
	}
	t.Fatalf("no article %q", title)
	return corpus.Article{}
}

// httpFetcher is a plain conditional-GET client for these tests; dateline
// wires its safe fetcher (package fetch) in its place.
type httpFetcher struct{}

func (httpFetcher) Fetch(ctx context.Context, url string, v Validators) (Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Response{}, err
	}
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return Response{URL: resp.Request.URL.String(), NotModified: true}, nil
	}
	if resp.StatusCode != http.StatusOK {
		return Response{}, fmt.Errorf("%s answered %s", resp.Request.URL.Host, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxFeedBytes+1))
	if err != nil {
		return Response{}, err
	}
	return Response{URL: resp.Request.URL.String(), ETag: resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"), ContentType: resp.Header.Get("Content-Type"), Body: body}, nil
}

// tagText is the test's page reader: the text of the <article> element.
func tagText(page []byte, _ string) (string, error) {
	s := string(page)
	start, end := strings.Index(s, "<article>"), strings.Index(s, "</article>")
	if start < 0 || end < start {
		return "", fmt.Errorf("no <article>")
	}
	return htmlText(s[start:end]), nil
}

// feedServer serves documents by path on 127.0.0.1 and counts requests.
type feedServer struct {
	*httptest.Server
	mu       sync.Mutex
	docs     map[string]string
	requests map[string]int
	headers  map[string]http.Header // last request's headers, by path
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{docs: map[string]string{}, requests: map[string]int{}, headers: map[string]http.Header{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedServer) set(path, doc string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.docs[path] = strings.ReplaceAll(doc, "BASE", fs.URL)
}

func (fs *feedServer) count(path string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.requests[path]
}

func (fs *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.mu.Lock()
	fs.requests[r.URL.Path]++
	fs.headers[r.URL.Path] = r.Header.Clone()
	doc, ok := fs.docs[r.URL.Path]
	fs.mu.Unlock()
	switch {
	case r.URL.Path == "/broken":
		http.Error(w, "upstream exploded", http.StatusInternalServerError)
	case !ok:
		http.NotFound(w, r)
	default:
		etag := fmt.Sprintf("%q", corpus.BodyHash(doc))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, doc)
	}
}

// clock is a settable time for the poller.
type clock struct{ now atomic.Int64 }

func newClock(s string) *clock {
	c := &clock{}
	c.now.Store(mustTime(s).UnixNano())
	return c
}
func (c *clock) Now() time.Time          { return time.Unix(0, c.now.Load()).UTC() }
func (c *clock) Advance(d time.Duration) { c.now.Add(int64(d)) }
func newPoller(st *memStore, c *clock) *Poller {
	return NewPoller(Config{Store: st, Archive: st, Fetcher: httpFetcher{}, Extract: tagText, Now: c.Now})
}

func TestBackfillThenNewItems(t *testing.T) {
	srv := newFeedServer(t)
	rss := string(readFixture(t, "rss_full_content.xml"))
	srv.set("/rss", rss)
	st := newMemStore(t)
	c := newClock("2026-03-05T10:00:00Z")
	p := newPoller(st, c)
	f := st.add(store.Feed{Scope: "guild:1", URL: srv.URL + "/rss"})

	f, r := p.Poll(context.Background(), f)
	if r.Err != nil || r.Backfilled != 2 || r.New != 0 {
		t.Fatalf("first poll: %+v", r)
	}
	if f.Title != "Valley Courier" || f.Items != 2 || f.LastSuccess.IsZero() || f.LastError != "" {
		t.Fatalf("feed after first poll: %+v", f)
	}
	for _, it := range st.items {
		if !it.Backfill {
			t.Errorf("item %+v not marked back-fill", it)
		}
	}
	a := st.article(t, "Water plant to reopen on 14 March")
	if a.Outlet != "Valley Courier" || a.Source != corpus.SourceFeed || a.SourceRef != f.URL ||
		!a.Published.Equal(mustTime("2026-03-03T09:30:00Z")) || strings.Count(a.Body, "\n\n") != 2 {
		t.Errorf("article = %+v", a)
	}

	// A new item arrives: it is announced; the old ones are repeats.
	item := `<item><title>Tankers withdrawn</title><link>https://courier.example/tankers</link><guid>courier-1002</guid>
<description><![CDATA[<p>` + strings.Repeat("The last tanker trucks were withdrawn on Thursday as the plant reached full capacity. ", 6) + `</p>]]></description></item>`
	srv.set("/rss", strings.Replace(rss, "<item>", item+"\n<item>", 1))
	c.Advance(20 * time.Minute)
	f, r = p.Poll(context.Background(), f)
	if r.Err != nil || r.New != 1 || r.Repeats != 2 || r.Backfilled != 0 || f.Items != 3 {
		t.Fatalf("second poll: %+v, feed %+v", r, f)
	}
	if last := st.items[len(st.items)-1]; last.Backfill || last.Key.GUID != "courier-1002" {
		t.Errorf("new item stored as %+v", last)
	}
}

func TestConditionalGetStoresNothingOn304(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/atom", string(readFixture(t, "atom_html_content.xml")))
	st := newMemStore(t)
	c := newClock("2026-03-05T10:00:00Z")
	p := newPoller(st, c)
	f := st.add(store.Feed{Scope: "shared", URL: srv.URL + "/atom"})
	f, r := p.Poll(context.Background(), f)
	if r.Err != nil || r.Backfilled != 1 || f.ETag == "" {
		t.Fatalf("first poll %+v, feed %+v", r, f)
	}
	items := len(st.items)
	c.Advance(15 * time.Minute)
	f, r = p.Poll(context.Background(), f)
	if r.Err != nil || !r.NotModified || len(st.items) != items || f.Items != 1 {
		t.Fatalf("second poll %+v, %d items stored", r, len(st.items))
	}
	if got := srv.headers["/atom"].Get("If-None-Match"); got != f.ETag {
		t.Errorf("If-None-Match = %q, want %q", got, f.ETag)
	}
	if !f.LastSuccess.Equal(c.Now()) {
		t.Errorf("a 304 is a success: %+v", f)
	}
}

// TestRewrittenTimesAreNoDuplicates serves a feed without GUIDs whose items
// get a new pubDate on every request.
func TestRewrittenTimesAreNoDuplicates(t *testing.T) {
	srv := newFeedServer(t)
	doc := string(readFixture(t, "rss_no_guid_restamped.xml"))
	st := newMemStore(t)
	c := newClock("2026-03-05T10:00:00Z")
	p := newPoller(st, c)
	f := st.add(store.Feed{Scope: "shared", URL: srv.URL + "/g"})
	for i := range 3 {
		srv.set("/g", strings.ReplaceAll(doc, "PUBDATE", c.Now().Format(time.RFC1123Z)))
		var r Result
		f, r = p.Poll(context.Background(), f)
		if r.Err != nil || r.New != 0 || (i == 0) != (r.Backfilled == 2) || (i > 0) != (r.Repeats == 2) {
			t.Fatalf("poll %d: %+v", i, r)
		}
		c.Advance(time.Hour)
	}
	if len(st.articles) != 2 {
		t.Fatalf("%d articles, want 2", len(st.articles))
	}
}

func TestSummaryOnlyItemFetchesThePage(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/briefs", string(readFixture(t, "rss_summary_only.xml")))
	srv.set("/article/pumps", string(readFixture(t, "page_pumps.html")))
	st := newMemStore(t)
	p := newPoller(st, newClock("2026-03-05T10:00:00Z"))
	f := st.add(store.Feed{Scope: "shared", URL: srv.URL + "/briefs"})
	if _, r := p.Poll(context.Background(), f); r.Err != nil || r.Backfilled != 1 || len(r.Warnings) != 0 {
		t.Fatalf("poll: %+v", r)
	}
	a := st.article(t, "Pump repairs finished early")
	if !strings.HasPrefix(a.Body, "Pump repairs finished early\n\nOfficials in the provincial capital") || strings.Contains(a.Body, "Home ·") {
		t.Errorf("body = %q", a.Body)
	}
	if srv.count("/article/pumps") != 1 {
		t.Errorf("page fetched %d times", srv.count("/article/pumps"))
	}

	// A page that cannot be read leaves the summary, with a warning.
	srv.set("/briefs", strings.ReplaceAll(string(readFixture(t, "rss_summary_only.xml")), "article/pumps", "article/gone"))
	f2 := st.add(store.Feed{Scope: "guild:2", URL: srv.URL + "/briefs"})
	_, r := p.Poll(context.Background(), f2)
	if r.Err != nil || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "kept the feed's summary") {
		t.Fatalf("poll: %+v", r)
	}
}

func TestBrokenFeedBesideAGoodOneBacksOff(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/good", string(readFixture(t, "jsonfeed_two_items.json")))
	srv.set("/html", string(readFixture(t, "not_a_feed.html")))
	st := newMemStore(t)
	c := newClock("2026-03-05T10:00:00Z")
	p := newPoller(st, c)
	broken := st.add(store.Feed{Scope: "shared", URL: srv.URL + "/broken"})
	good := st.add(store.Feed{Scope: "shared", URL: srv.URL + "/good"})
	notFeed := st.add(store.Feed{Scope: "shared", URL: srv.URL + "/html"})
	if err := p.PollDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.Wait()
	if g := st.feed(good.ID); g.Items != 2 || g.LastError != "" || g.Failures != 0 {
		t.Errorf("good feed: %+v", g)
	}
	b := st.feed(broken.ID)
	if b.Failures != 1 || !strings.Contains(b.LastError, "500 Internal Server Error") || !b.NextPoll.Equal(c.Now().Add(15*time.Minute)) {
		t.Errorf("broken feed: %+v", b)
	}
	if n := st.feed(notFeed.ID); !strings.Contains(n.LastError, "not an RSS, Atom or JSON feed") {
		t.Errorf("html page as feed: %+v", n)
	}
	// Consecutive failures double the wait, up to four hours.
	var waits []time.Duration
	for range 6 {
		c.Set(st.feed(broken.ID).NextPoll)
		if err := p.PollDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		p.Wait()
		waits = append(waits, st.feed(broken.ID).NextPoll.Sub(c.Now()))
	}
	want := []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 4 * time.Hour, 4 * time.Hour}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Errorf("back-off waits %v, want %v", waits, want)
	}
	if g := st.feed(good.ID); !g.NextPoll.After(c.Now().Add(-15*time.Minute)) && g.Failures != 0 {
		t.Errorf("the good feed was held back: %+v", g)
	}
}

func (c *clock) Set(t time.Time) { c.now.Store(t.UnixNano()) }

// TestSlowFeedDoesNotDelayOthers holds one feed's answer until the other
// feed has been polled.
func TestSlowFeedDoesNotDelayOthers(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		http.Error(w, "late", http.StatusGatewayTimeout)
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
	})
	srv := newFeedServer(t)
	srv.set("/good", string(readFixture(t, "atom_html_content.xml")))
	st := newMemStore(t)
	st.updates = make(chan store.Feed, 2)
	p := newPoller(st, newClock("2026-03-05T10:00:00Z"))
	st.add(store.Feed{Scope: "shared", URL: slow.URL + "/slow"})
	good := st.add(store.Feed{Scope: "shared", URL: srv.URL + "/good"})
	if err := p.PollDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case f := <-st.updates:
		if f.ID != good.ID || f.LastSuccess.IsZero() {
			t.Fatalf("first poll finished: %+v", f)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the good feed waited for the slow one")
	}
	close(release)
	p.Wait()
}

func TestNextPollSpreadsFeeds(t *testing.T) {
	now := mustTime("2026-03-05T10:00:00Z")
	every := 15 * time.Minute
	seconds := map[int64]bool{}
	for i := range 100 {
		f := store.Feed{Scope: "shared", URL: fmt.Sprintf("https://site%d.example/feed", i)}
		next := NextPoll(f, now, every)
		if !next.After(now) || next.After(now.Add(every)) {
			t.Fatalf("next poll %s outside (now, now+15m]", next)
		}
		if again := NextPoll(f, next, every); again.Sub(next) != every {
			t.Fatalf("a feed's polls are %s apart", again.Sub(next))
		}
		seconds[next.Unix()] = true
	}
	if len(seconds) < 90 {
		t.Errorf("100 feeds polled in only %d distinct seconds", len(seconds))
	}
}

func TestDuplicateAcrossFeedsOfOneScope(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/a", string(readFixture(t, "rss_full_content.xml")))
	srv.set("/b", strings.ReplaceAll(string(readFixture(t, "rss_full_content.xml")), "courier-10", "mirror-10"))
	st := newMemStore(t)
	c := newClock("2026-03-05T10:00:00Z")
	p := newPoller(st, c)
	a := st.add(store.Feed{Scope: "shared", URL: srv.URL + "/a"})
	b := st.add(store.Feed{Scope: "shared", URL: srv.URL + "/b"})
	other := st.add(store.Feed{Scope: "guild:9", URL: srv.URL + "/b"})
	if _, r := p.Poll(context.Background(), a); r.Backfilled != 2 {
		t.Fatalf("a: %+v", r)
	}
	if _, r := p.Poll(context.Background(), b); r.Repeats != 2 || r.Backfilled != 0 {
		t.Fatalf("b (same links and text, other GUIDs): %+v", r)
	}
	if _, r := p.Poll(context.Background(), other); r.Backfilled != 2 {
		t.Fatalf("another server's feed: %+v", r)
	}
}

func TestPagesFetchedPerPollAreBounded(t *testing.T) {
	srv := newFeedServer(t)
	var items strings.Builder
	for i := range MaxPagesPerPoll + 3 {
		fmt.Fprintf(&items, `<item><title>Brief %d</title><link>BASE/article/p%d</link><guid>b%d</guid><description>Short summary %d.</description></item>`, i, i, i, i)
		srv.set(fmt.Sprintf("/article/p%d", i), strings.Replace(string(readFixture(t, "page_pumps.html")), "<p>", fmt.Sprintf("<p>Page %d. ", i), 1))
	}
	srv.set("/briefs", `<rss version="2.0"><channel><title>Wire Briefs</title>`+items.String()+`</channel></rss>`)
	st := newMemStore(t)
	p := newPoller(st, newClock("2026-03-05T10:00:00Z"))
	_, r := p.Poll(context.Background(), st.add(store.Feed{Scope: "shared", URL: srv.URL + "/briefs"}))
	fetched := 0
	for i := range MaxPagesPerPoll + 3 {
		fetched += srv.count(fmt.Sprintf("/article/p%d", i))
	}
	if r.Err != nil || r.Backfilled != MaxPagesPerPoll+3 || len(r.Warnings) != 3 || fetched != MaxPagesPerPoll {
		t.Fatalf("poll: %+v, %d pages fetched", r, fetched)
	}
}

// TestProcessesSharingAStorePollEachFeedOnce runs three pollers (three
// processes) on one store: each due feed is fetched once in the period,
// whichever process leased it; when one process dies holding its leases,
// its feeds move on to the others once the leases run out.
func TestProcessesSharingAStorePollEachFeedOnce(t *testing.T) {
	srv := newFeedServer(t)
	st := newMemStore(t)
	c := newClock("2026-03-05T10:00:00Z")
	var paths []string
	for i := range 6 {
		path := fmt.Sprintf("/feed%d", i)
		srv.set(path, string(readFixture(t, "jsonfeed_two_items.json")))
		st.add(store.Feed{Scope: "shared", URL: srv.URL + path})
		paths = append(paths, path)
	}
	pollers := make([]*Poller, 3)
	for i := range pollers {
		pollers[i] = NewPoller(Config{Store: st, Archive: st, Fetcher: httpFetcher{}, Extract: tagText, Now: c.Now,
			Owner: fmt.Sprintf("p%d", i), Parallel: 2})
	}
	var wg sync.WaitGroup
	for _, p := range pollers {
		wg.Add(1)
		go func() { defer wg.Done(); _ = p.PollDue(context.Background()) }()
	}
	wg.Wait()
	for _, p := range pollers {
		p.Wait()
	}
	for _, path := range paths {
		if n := srv.count(path); n != 1 {
			t.Errorf("%s fetched %d times in one period, want once", path, n)
		}
	}
	// A process leases a feed and dies before polling it: no one else
	// takes it while the lease holds; after, another does.
	c.Advance(time.Hour)
	dead, err := st.LeaseDueFeeds(context.Background(), c.Now(), "dead", DefaultLease, 1)
	if err != nil || len(dead) != 1 {
		t.Fatalf("lease for the process that dies: %v %v", dead, err)
	}
	before := srv.count(strings.TrimPrefix(dead[0].URL, srv.URL))
	_ = pollers[0].PollDue(context.Background())
	pollers[0].Wait()
	if n := srv.count(strings.TrimPrefix(dead[0].URL, srv.URL)); n != before {
		t.Errorf("a feed leased by a live lease was polled by another process")
	}
	c.Advance(DefaultLease)
	_ = pollers[1].PollDue(context.Background())
	pollers[1].Wait()
	if n := srv.count(strings.TrimPrefix(dead[0].URL, srv.URL)); n != before+1 {
		t.Errorf("the dead process's feed was polled %d times after its lease ran out, want once", n-before)
	}
}
