package feeds

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/store"
)

// Defaults of Config.
const (
	DefaultEvery      = 15 * time.Minute
	DefaultMaxBackoff = 4 * time.Hour
	DefaultParallel   = 8
	// DefaultLease is how long a feed stays with the process that took it
	// for a poll; longer than any poll (the fetcher's timeout, then the
	// pages of summary-only items), so that a feed is polled once, and short
	// enough that a dead process's feeds soon move on.
	DefaultLease = 10 * time.Minute
)

// Config is what a Poller needs.
type Config struct {
	Store   Store
	Archive Archive
	Fetcher Fetcher
	Extract Extractor // nil: summary-only items are stored as their summary

	Every      time.Duration // how often a feed is polled; default 15 min
	MaxBackoff time.Duration // longest wait after failures; default 4 h
	Parallel   int           // polls at once; default 8
	Owner      string        // who leases feeds: this process; default host name, pid and a random part
	Lease      time.Duration // how long a leased feed stays this process's; default 10 min
	Now        func() time.Time
	Log        *slog.Logger
	// Observe, when set, is told the result of every poll once it is
	// recorded (/metrics counts them); it must be quick.
	Observe func(Result)
}

// Poller polls feeds. It is safe for concurrent use.
type Poller struct {
	cfg Config

	mu       sync.Mutex
	inFlight map[int64]bool
	wg       sync.WaitGroup
}

// NewPoller returns a poller for cfg (defaults filled in).
func NewPoller(cfg Config) *Poller {
	if cfg.Every <= 0 {
		cfg.Every = DefaultEvery
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = DefaultParallel
	}
	if cfg.Owner == "" {
		cfg.Owner = processName()
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Poller{cfg: cfg, inFlight: map[int64]bool{}}
}

// MaxPagesPerPoll bounds the pages one poll fetches for summary-only items
// (a new feed's back-fill can list hundreds): the others keep their summary.
const MaxPagesPerPoll = 25

// Result says what one poll did.
type Result struct {
	NotModified bool
	New         int // items stored and announced in the next digest
	Backfilled  int // a new feed's existing items: stored, not announced
	Repeats     int // items seen before (or already in the archive)
	Failed      int // items that could not be stored; tried again next poll
	Warnings    []string
	Err         error // the poll failed: nothing was stored
	pages       int   // pages fetched for summary-only items
}

// Outcomes of a poll, as Result.Outcome names them.
const (
	OutcomeFailed      = "failed"       // nothing stored; the feed backs off
	OutcomeNotModified = "not_modified" // the feed answered 304
	OutcomeItemErrors  = "item_errors"  // read, but some items could not be stored
	OutcomeNew         = "new"          // new items stored, for the next digest
	OutcomeBackfill    = "backfill"     // a new feed's first read
	OutcomeNoNew       = "no_new"       // read, nothing new in it
)

// Outcome names what the poll came to, in words an operator reads on a
// dashboard (one of the Outcome constants).
func (r Result) Outcome() string {
	switch {
	case r.Err != nil:
		return OutcomeFailed
	case r.NotModified:
		return OutcomeNotModified
	case r.Failed > 0:
		return OutcomeItemErrors
	case r.New > 0:
		return OutcomeNew
	case r.Backfilled > 0:
		return OutcomeBackfill
	}
	return OutcomeNoNew
}

// ErrBusy is returned by Poll when the feed is being polled already.
var ErrBusy = errors.New("this feed is being polled right now")

// PollDue leases the feeds that are due and not leased by another
// process, up to Config.Parallel polls at once, starts a poll of each and
// returns without waiting: a slow feed never delays the others, feeds left
// over start on the next call, and a feed is polled by one process only.
func (p *Poller) PollDue(ctx context.Context) error {
	p.mu.Lock()
	room := p.cfg.Parallel - len(p.inFlight)
	p.mu.Unlock()
	if room <= 0 {
		return nil
	}
	due, err := p.cfg.Store.LeaseDueFeeds(ctx, p.cfg.Now(), p.cfg.Owner, p.cfg.Lease, room)
	if err != nil {
		return fmt.Errorf("feeds due: %w", err)
	}
	for _, f := range due {
		if !p.claim(f.ID, true) {
			continue
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer p.release(f.ID)
			if _, r := p.poll(ctx, f); r.Err != nil {
				p.cfg.Log.Warn("feed poll failed", "feed", f.URL, "scope", f.Scope, "error", r.Err)
			}
		}()
	}
	return nil
}

// Wait waits for the polls PollDue started.
func (p *Poller) Wait() { p.wg.Wait() }

// Poll polls f now and waits for the result (/feed add reads a new feed at
// once). It returns f as updated and stored.
func (p *Poller) Poll(ctx context.Context, f store.Feed) (store.Feed, Result) {
	if !p.claim(f.ID, false) {
		return f, Result{Err: ErrBusy}
	}
	defer p.release(f.ID)
	return p.poll(ctx, f)
}

// claim marks id in flight; limited makes it fail when Parallel polls run.
func (p *Poller) claim(id int64, limited bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.inFlight[id] || limited && len(p.inFlight) >= p.cfg.Parallel {
		return false
	}
	p.inFlight[id] = true
	return true
}

func (p *Poller) release(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.inFlight, id)
}

// poll fetches, reads and stores one feed, then records how it went.
func (p *Poller) poll(ctx context.Context, f store.Feed) (store.Feed, Result) {
	now := p.cfg.Now()
	f.LastPoll = now
	r := p.fetchItems(ctx, &f)
	switch {
	case r.Err != nil:
		f.Failures++
		f.LastError = r.Err.Error()
		f.NextPoll = now.Add(p.backoff(f.Failures))
	default:
		f.Failures = 0
		f.LastSuccess = now
		f.LastError = ""
		if r.Failed > 0 {
			f.LastError = fmt.Sprintf("%d items could not be stored (tried again next poll): %s", r.Failed, r.Warnings[0])
		}
		f.NextPoll = NextPoll(f, now, p.cfg.Every)
	}
	if err := p.cfg.Store.UpdateFeedPoll(ctx, f); err != nil {
		r.Err = errors.Join(r.Err, fmt.Errorf("record the poll of %s: %w", f.URL, err))
	}
	if p.cfg.Observe != nil {
		p.cfg.Observe(r)
	}
	return f, r
}

// fetchItems does the work of a poll; f gets the new validators and counts.
func (p *Poller) fetchItems(ctx context.Context, f *store.Feed) Result {
	resp, err := p.cfg.Fetcher.Fetch(ctx, f.URL, Validators{ETag: f.ETag, LastModified: f.LastModified})
	if err != nil {
		return Result{Err: err}
	}
	if resp.NotModified {
		return Result{NotModified: true}
	}
	doc, err := Parse(resp.Body, resp.URL)
	if err != nil {
		return Result{Err: fmt.Errorf("%s: %w", host(f.URL), err)}
	}
	if f.Title == "" {
		f.Title = doc.Title
	}
	backfill := f.LastSuccess.IsZero()
	var r Result
	// Oldest first, so articles enter the archive in the order they were published.
	for i := len(doc.Items) - 1; i >= 0; i-- {
		if err := p.storeItem(ctx, *f, doc, doc.Items[i], backfill, &r); err != nil {
			if ctx.Err() != nil {
				return Result{Err: ctx.Err()}
			}
			r.Failed++
			r.Warnings = append(r.Warnings, err.Error())
		}
	}
	f.Items += r.New + r.Backfilled
	if r.Failed == 0 {
		// Keep the validators only when every item is in: a 304 next time
		// must not hide an item that failed.
		f.ETag, f.LastModified = resp.ETag, resp.LastModified
	}
	return r
}

// storeItem stores one item unless it is a repeat.
func (p *Poller) storeItem(ctx context.Context, f store.Feed, doc Document, it Item, backfill bool, r *Result) error {
	key := it.Key()
	seen, err := p.cfg.Store.SeenItem(ctx, f.Scope, f.ID, key)
	if err != nil {
		return fmt.Errorf("item %q: %w", it.Title, err)
	}
	if seen {
		r.Repeats++
		return nil
	}
	stored := store.FeedItem{FeedID: f.ID, Key: key, Backfill: backfill, SeenAt: p.cfg.Now()}
	a, warn := p.article(ctx, f, doc, it, r)
	if warn != "" {
		r.Warnings = append(r.Warnings, warn)
	}
	if a.Body != "" {
		id, duplicate, err := p.cfg.Archive.AddFeedArticle(ctx, f, a)
		if err != nil {
			return fmt.Errorf("item %q: %w", it.Title, err)
		}
		stored.ArticleID = id
		switch {
		case duplicate:
			r.Repeats++
		case backfill:
			r.Backfilled++
		default:
			r.New++
		}
	}
	if err := p.cfg.Store.AddFeedItem(ctx, stored); err != nil {
		return fmt.Errorf("item %q: %w", it.Title, err)
	}
	return nil
}

// article turns an item into an article, fetching its page when the feed
// gives only a summary. The warning says why the summary had to do.
func (p *Poller) article(ctx context.Context, f store.Feed, doc Document, it Item, r *Result) (corpus.Article, string) {
	a := corpus.Article{
		Title:     it.Title,
		Outlet:    doc.Title,
		URL:       it.Link,
		Author:    it.Author,
		Published: it.Published,
		Body:      it.Text,
		Source:    corpus.SourceFeed,
		SourceRef: f.URL,
		AddedBy:   f.AddedBy,
	}
	if a.Outlet == "" {
		a.Outlet = host(f.URL)
	}
	if a.Published.IsZero() {
		a.Published = p.cfg.Now().UTC()
	}
	var warn string
	if it.SummaryOnly() && p.cfg.Extract != nil {
		if r.pages >= MaxPagesPerPoll {
			return a, fmt.Sprintf("%q: kept the feed's summary: %d pages already fetched in this poll", it.Title, MaxPagesPerPoll)
		}
		r.pages++
		text, err := p.fullText(ctx, it.Link)
		switch {
		case err != nil:
			warn = fmt.Sprintf("%q: kept the feed's summary: %v", it.Title, err)
		case utf8.RuneCountInString(text) > utf8.RuneCountInString(a.Body):
			a.Body = text
		}
	}
	return a, warn
}

func (p *Poller) fullText(ctx context.Context, link string) (string, error) {
	resp, err := p.cfg.Fetcher.Fetch(ctx, link, Validators{})
	if err != nil {
		return "", err
	}
	text, err := p.cfg.Extract(resp.Body, resp.URL)
	if err != nil {
		return "", fmt.Errorf("no article text in %s: %w", resp.URL, err)
	}
	return parse.NormalizeBody(text), nil
}

// backoff is the wait after n consecutive failures: the poll period,
// doubled each time, at most MaxBackoff.
func (p *Poller) backoff(n int) time.Duration {
	d := p.cfg.Every
	for i := 1; i < n && d < p.cfg.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, p.cfg.MaxBackoff)
}

// NextPoll is the next regular poll of f after now: every feed keeps its own
// phase within the period (from a hash of its scope and URL), so feeds are
// spread over the period instead of all fetched in the same second.
func NextPoll(f store.Feed, now time.Time, every time.Duration) time.Time {
	h := fnv.New64a()
	h.Write([]byte(f.Scope + " " + f.URL))
	phase := time.Duration(h.Sum64() % uint64(every))
	t := now.Truncate(every).Add(phase)
	for !t.After(now) {
		t = t.Add(every)
	}
	return t
}

// host is the URL's host, for messages.
func host(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// processName names this process for feed leases: host, pid and a random
// part (a restarted process with the same pid is another owner).
func processName() string {
	host, _ := os.Hostname() // "" names no host: the pid and random part still do
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}
