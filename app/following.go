package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/digest"
	"github.com/dateline-bot/dateline/feeds"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/store"
)

// Following a story: tracked topics, followed feeds and digests (issue 10).

// ErrExists is returned when a scope already tracks a topic or follows a feed.
var ErrExists = store.ErrExists

// SharedScope is the operator's archive.
const SharedScope = "shared"

// ScopeOf is the scope of a server's archive; "" is the shared archive.
func ScopeOf(guildID string) string {
	if guildID == "" {
		return SharedScope
	}
	return "guild:" + guildID
}

// Limits on what admins save.
const (
	maxTopicRunes   = 200
	maxTopics       = 25 // a digest groups by at most this many topics
	maxFeedURLBytes = 2000
	maxFeeds        = 50 // per scope
	maxDigestNew    = 500
)

// AddTopic tracks query (in the query language of /when) in scope.
func (a *App) AddTopic(ctx context.Context, scope, query, by string) (store.Topic, error) {
	query = strings.Join(strings.Fields(query), " ")
	if n := utf8.RuneCountInString(query); n == 0 || n > maxTopicRunes {
		return store.Topic{}, fmt.Errorf("%w: a topic is a query of 1 to %d characters", ErrInvalid, maxTopicRunes)
	}
	if _, err := answer.ParseQuery(query, answer.Filters{}, a.now()); err != nil {
		return store.Topic{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	have, err := a.store.Topics(ctx, scope)
	if err != nil {
		return store.Topic{}, err
	}
	if len(have) >= maxTopics {
		return store.Topic{}, fmt.Errorf("%w: at most %d topics are tracked; remove one first", ErrInvalid, maxTopics)
	}
	return a.store.AddTopic(ctx, store.Topic{Scope: scope, Query: query, AddedBy: by, AddedAt: a.now().UTC()})
}

// RemoveTopic stops tracking query in scope (ErrNotFound when it is not tracked).
func (a *App) RemoveTopic(ctx context.Context, scope, query string) error {
	return a.store.RemoveTopic(ctx, scope, strings.Join(strings.Fields(query), " "))
}

// Topics lists scope's tracked topics, oldest first.
func (a *App) Topics(ctx context.Context, scope string) ([]store.Topic, error) {
	return a.store.Topics(ctx, scope)
}

// ErrInvalid marks a request refused for what it asks (the message says why).
var ErrInvalid = errors.New("invalid")

// ErrNoFetcher is returned when feeds are used without a fetcher configured.
var ErrNoFetcher = errors.New("feeds need the fetcher: none is configured")

// UseFetcher lets the App follow feeds, fetching through f (dateline's
// safe fetcher), polling each feed every pollEvery.
func (a *App) UseFetcher(f feeds.Fetcher, pollEvery time.Duration) {
	a.poller = feeds.NewPoller(feeds.Config{Store: a.store, Archive: a, Fetcher: f, Extract: parse.MainText,
		Every: pollEvery, Now: a.now, Log: a.log, Observe: a.feedPolled})
}

// AddFeed follows rawURL in scope and reads it at once: its existing items
// are stored as back-fill. A URL that gives no feed is refused (and not
// kept), with the reason.
func (a *App) AddFeed(ctx context.Context, scope, rawURL, topic, by string) (store.Feed, feeds.Result, error) {
	if a.poller == nil {
		return store.Feed{}, feeds.Result{}, ErrNoFetcher
	}
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(rawURL) > maxFeedURLBytes {
		return store.Feed{}, feeds.Result{}, fmt.Errorf("%w: a feed is an http or https URL", ErrInvalid)
	}
	topic = strings.Join(strings.Fields(topic), " ")
	if utf8.RuneCountInString(topic) > maxTopicRunes {
		return store.Feed{}, feeds.Result{}, fmt.Errorf("%w: the topic is longer than %d characters", ErrInvalid, maxTopicRunes)
	}
	have, err := a.store.Feeds(ctx, scope)
	if err != nil {
		return store.Feed{}, feeds.Result{}, err
	}
	if len(have) >= maxFeeds {
		return store.Feed{}, feeds.Result{}, fmt.Errorf("%w: at most %d feeds are followed; remove one first", ErrInvalid, maxFeeds)
	}
	f, err := a.store.AddFeed(ctx, store.Feed{Scope: scope, URL: u.String(), Topic: topic, AddedBy: by, AddedAt: a.now().UTC()})
	if err != nil {
		return store.Feed{}, feeds.Result{}, err
	}
	f, res := a.poller.Poll(ctx, f)
	if res.Err != nil {
		if err := a.store.RemoveFeed(context.WithoutCancel(ctx), scope, f.URL); err != nil {
			return f, res, errors.Join(res.Err, err)
		}
		return f, res, fmt.Errorf("%w: could not read a feed at %s: %v", ErrInvalid, f.URL, res.Err)
	}
	return f, res, nil
}

// RemoveFeed stops following rawURL in scope (ErrNotFound when not followed);
// the articles it brought stay.
func (a *App) RemoveFeed(ctx context.Context, scope, rawURL string) error {
	return a.store.RemoveFeed(ctx, scope, strings.TrimSpace(rawURL))
}

// Feeds lists scope's feeds with where their polling stands.
func (a *App) Feeds(ctx context.Context, scope string) ([]store.Feed, error) {
	return a.store.Feeds(ctx, scope)
}

// PollFeeds starts the polls that are due (the scheduler's feeds job).
func (a *App) PollFeeds(ctx context.Context) error {
	if a.poller == nil {
		return nil
	}
	return a.poller.PollDue(ctx)
}

// WaitFeeds waits for the polls PollFeeds started.
func (a *App) WaitFeeds() {
	if a.poller != nil {
		a.poller.Wait()
	}
}

// AddFeedArticle stores a feed item's article in the feed's scope and
// indexes it (feeds.Archive): the store first, then the index.
func (a *App) AddFeedArticle(ctx context.Context, f store.Feed, art corpus.Article) (string, bool, error) {
	art.Source = corpus.SourceFeed
	art.SourceRef = f.URL
	art.Scope = corpus.Scope(f.Scope) // "shared" or "guild:<id>", as ScopeOf writes it
	art.AddedBy = f.AddedBy
	art.AddedAt = a.now().UTC()
	art.ID = corpus.ArticleID(art)
	rec := corpus.Record{Article: art, Passages: analysis.Analyze(art)}
	outs, err := a.store.Add(ctx, []corpus.Record{rec})
	if err != nil {
		return "", false, err
	}
	if !outs[0].Added {
		return outs[0].DuplicateOf, true, nil
	}
	if err := a.Sync(ctx); err != nil { // the index applies the change the store numbered
		return "", false, err
	}
	return art.ID, false, nil
}

// Digest composes the digest of a server ("" for the shared archive): what
// its archive gained in (since, until], grouped by its tracked topics.
func (a *App) Digest(ctx context.Context, guildID string, since, until time.Time) (digest.Digest, error) {
	scope := ScopeOf(guildID)
	scopes := []string{SharedScope}
	if scope != SharedScope {
		scopes = append(scopes, scope)
	}
	arts, err := a.store.NewArticles(ctx, scopes, since, until, maxDigestNew)
	if err != nil {
		return digest.Digest{}, err
	}
	topics, err := a.store.Topics(ctx, scope)
	if err != nil {
		return digest.Digest{}, err
	}
	in := digest.Input{Scope: scope, Since: since, Until: until}
	ids := make([]string, len(arts))
	for i, art := range arts {
		ids[i] = art.ID
	}
	feedTopics, err := a.store.FeedTopics(ctx, ids)
	if err != nil {
		return digest.Digest{}, err
	}
	matched := map[string][]string{}
	for _, t := range topics {
		in.Topics = append(in.Topics, t.Query)
		if len(ids) == 0 {
			continue
		}
		events, err := a.topicEvents(ctx, t.Query, ids, until, corpus.GuildScope(guildID).Visible())
		if err != nil {
			a.log.Warn("digest: a tracked topic could not be answered", "scope", scope, "topic", t.Query, "error", err)
			continue
		}
		for _, e := range events {
			for _, ref := range append([]answer.ArticleRef{e.Article}, e.AlsoIn...) {
				matched[ref.ID] = appendOnce(matched[ref.ID], t.Query)
			}
			in.Events = append(in.Events, e)
		}
	}
	for _, art := range arts {
		ps, err := a.store.Passages(ctx, art)
		if err != nil {
			return digest.Digest{}, err
		}
		in.Articles = append(in.Articles, digest.Article{Article: art, Passages: ps, Topics: matched[art.ID], Feed: feedTopics[art.ID]})
	}
	return digest.Compose(in), nil
}

// topicEvents is what the new articles say about a tracked topic, as timeline entries.
// scopes are the archives the server sees.
func (a *App) topicEvents(ctx context.Context, query string, ids []string, now time.Time, scopes []corpus.Scope) ([]answer.Entry, error) {
	q, err := answer.ParseQuery(query, answer.Filters{}, now)
	if err != nil {
		return nil, err
	}
	q.Articles, q.Limit, q.Scopes = ids, 200, scopes
	var tl answer.Timeline
	err = a.query(func(ix *index.Index) error {
		var qerr error
		tl, qerr = answer.When(ctx, ix, a.store, q)
		return qerr
	})
	if err != nil {
		return nil, err
	}
	return tl.Entries, nil
}

func appendOnce(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// newOwner names this process in digest claims.
func newOwner() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return fmt.Sprintf("pid-%d", time.Now().UnixNano())
	}
	return hex.EncodeToString(b)
}

// ParseSince reads where an on-demand digest starts: a duration back from
// now ("24h", "90m") or a date as queries take it ("2026-03-01", "last week").
func ParseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if d, err := time.ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, fmt.Errorf("%w: since %q: give a positive duration such as 24h", ErrInvalid, s)
		}
		return now.Add(-d), nil
	}
	q, err := answer.ParseQuery("digest", answer.Filters{Since: s}, now)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: since %q: %v (or give a duration such as 24h)", ErrInvalid, s, err)
	}
	return q.Since, nil
}
