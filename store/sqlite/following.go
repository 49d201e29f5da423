package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

// Following a story: digest settings, topics, feeds, feed items and digest
// runs (migration 0002).

// sortable writes times of these tables fixed-width, so text order is time
// order in SQL; the zero time is "".
const sortable = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(sortable)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(sortable, s)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// DigestSettings returns a server's settings; false when it has none.
func (s *Store) DigestSettings(ctx context.Context, guildID string) (store.DigestSettings, bool, error) {
	all, err := queryAll(ctx, s.db, "read digest settings", `SELECT `+settingsColumns+` FROM digest_settings WHERE guild_id = ?`,
		scanDigestSettings, guildID)
	if err != nil || len(all) == 0 {
		return store.DigestSettings{}, false, err
	}
	return all[0], true, nil
}

const settingsColumns = `guild_id, channel_id, schedule, timezone, enabled, post_empty, updated_by, updated_at`

func scanDigestSettings(row rowScanner) (store.DigestSettings, error) {
	var d store.DigestSettings
	var at string
	if err := row.Scan(&d.GuildID, &d.ChannelID, &d.Schedule, &d.Timezone, &d.Enabled, &d.PostEmpty, &d.UpdatedBy, &at); err != nil {
		return d, err
	}
	var err error
	if d.UpdatedAt, err = parseTime(at); err != nil {
		return d, fmt.Errorf("digest settings of %s: %w", d.GuildID, err)
	}
	return d, nil
}

// SetDigestSettings stores a server's settings, replacing any.
func (s *Store) SetDigestSettings(ctx context.Context, d store.DigestSettings) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO digest_settings (`+settingsColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, schedule = excluded.schedule,
		timezone = excluded.timezone, enabled = excluded.enabled, post_empty = excluded.post_empty,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		d.GuildID, d.ChannelID, d.Schedule, d.Timezone, boolInt(d.Enabled), boolInt(d.PostEmpty), d.UpdatedBy, fmtTime(d.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store digest settings of %s: %w", d.GuildID, err)
	}
	return nil
}

// AllDigestSettings returns every server's settings, by guild id.
func (s *Store) AllDigestSettings(ctx context.Context) ([]store.DigestSettings, error) {
	out, err := queryAll(ctx, s.db, "read digest settings", `SELECT `+settingsColumns+` FROM digest_settings ORDER BY guild_id`, scanDigestSettings)
	return nonNil(out), err
}

// AddTopic stores a topic (store.ErrExists when the scope tracks that query).
func (s *Store) AddTopic(ctx context.Context, t store.Topic) (store.Topic, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO topics (scope, query, added_by, added_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (scope, query) DO NOTHING`, t.Scope, t.Query, t.AddedBy, fmtTime(t.AddedAt))
	if err != nil {
		return t, fmt.Errorf("add topic %q: %w", t.Query, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return t, fmt.Errorf("topic %q: %w", t.Query, store.ErrExists)
	}
	t.ID, err = res.LastInsertId()
	return t, err
}

// RemoveTopic forgets a scope's topic (store.ErrNotFound when absent).
func (s *Store) RemoveTopic(ctx context.Context, scope, query string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM topics WHERE scope = ? AND query = ?`, scope, query)
	if err != nil {
		return fmt.Errorf("remove topic %q: %w", query, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("topic %q: %w", query, store.ErrNotFound)
	}
	return nil
}

// Topics returns a scope's topics in the order they were added.
func (s *Store) Topics(ctx context.Context, scope string) ([]store.Topic, error) {
	out, err := queryAll(ctx, s.db, "read topics", `SELECT id, scope, query, added_by, added_at FROM topics WHERE scope = ? ORDER BY id`,
		func(row rowScanner) (store.Topic, error) {
			var t store.Topic
			var at string
			if err := row.Scan(&t.ID, &t.Scope, &t.Query, &t.AddedBy, &at); err != nil {
				return t, err
			}
			var err error
			t.AddedAt, err = parseTime(at)
			return t, err
		}, scope)
	return nonNil(out), err
}

const feedColumns = `id, scope, url, topic, title, added_by, added_at, etag, last_modified, last_poll, last_success,
	last_error, failures, next_poll, items`

func scanFeed(row rowScanner) (store.Feed, error) {
	var f store.Feed
	var added, lastPoll, lastSuccess, next string
	if err := row.Scan(&f.ID, &f.Scope, &f.URL, &f.Topic, &f.Title, &f.AddedBy, &added, &f.ETag, &f.LastModified,
		&lastPoll, &lastSuccess, &f.LastError, &f.Failures, &next, &f.Items); err != nil {
		return f, err
	}
	for _, p := range []struct {
		dst *time.Time
		src string
	}{{&f.AddedAt, added}, {&f.LastPoll, lastPoll}, {&f.LastSuccess, lastSuccess}, {&f.NextPoll, next}} {
		t, err := parseTime(p.src)
		if err != nil {
			return f, fmt.Errorf("feed %d: %w", f.ID, err)
		}
		*p.dst = t
	}
	return f, nil
}

// AddFeed stores a feed, due at once (store.ErrExists when the scope follows that URL).
func (s *Store) AddFeed(ctx context.Context, f store.Feed) (store.Feed, error) {
	if f.NextPoll.IsZero() {
		f.NextPoll = f.AddedAt
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO feeds (scope, url, topic, title, added_by, added_at, next_poll)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, url) DO NOTHING`,
		f.Scope, f.URL, f.Topic, f.Title, f.AddedBy, fmtTime(f.AddedAt), fmtTime(f.NextPoll))
	if err != nil {
		return f, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return f, fmt.Errorf("feed %s: %w", f.URL, store.ErrExists)
	}
	f.ID, err = res.LastInsertId()
	return f, err
}

// RemoveFeed forgets a scope's feed and its items (store.ErrNotFound when absent).
func (s *Store) RemoveFeed(ctx context.Context, scope, url string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM feeds WHERE scope = ? AND url = ?`, scope, url)
	if err != nil {
		return fmt.Errorf("remove feed %s: %w", url, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("feed %s: %w", url, store.ErrNotFound)
	}
	return nil
}

// Feeds returns a scope's feeds ("" for all) in the order they were added.
func (s *Store) Feeds(ctx context.Context, scope string) ([]store.Feed, error) {
	out, err := queryAll(ctx, s.db, "read feeds", `SELECT `+feedColumns+` FROM feeds WHERE ? = '' OR scope = ? ORDER BY id`,
		scanFeed, scope, scope)
	return nonNil(out), err
}

// DueFeeds returns the feeds due at now, most overdue first.
func (s *Store) DueFeeds(ctx context.Context, now time.Time) ([]store.Feed, error) {
	out, err := queryAll(ctx, s.db, "read due feeds", `SELECT `+feedColumns+` FROM feeds WHERE next_poll <= ? ORDER BY next_poll, id`,
		scanFeed, fmtTime(now))
	return nonNil(out), err
}

// LeaseDueFeeds leases due feeds to owner; see store.Following. SQLite
// serves one writing transaction at a time, so two processes leasing
// together get different feeds.
func (s *Store) LeaseDueFeeds(ctx context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]store.Feed, error) {
	var out []store.Feed
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+feedColumns+` FROM feeds WHERE next_poll <= ? AND (lease_until = '' OR lease_until <= ?)
			ORDER BY next_poll, id LIMIT ?`, fmtTime(now), fmtTime(now), limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			f, err := scanFeed(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, f)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		for _, f := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE id = ?`,
				owner, fmtTime(now.Add(lease)), f.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lease due feeds: %w", err)
	}
	return nonNil(out), nil
}

// UpdateFeedPoll records a poll and ends the feed's lease.
func (s *Store) UpdateFeedPoll(ctx context.Context, f store.Feed) error {
	_, err := s.db.ExecContext(ctx, `UPDATE feeds SET title = ?, etag = ?, last_modified = ?, last_poll = ?, last_success = ?,
		last_error = ?, failures = ?, next_poll = ?, items = ?, lease_owner = '', lease_until = '' WHERE id = ?`,
		f.Title, f.ETag, f.LastModified, fmtTime(f.LastPoll), fmtTime(f.LastSuccess), f.LastError, f.Failures,
		fmtTime(f.NextPoll), f.Items, f.ID)
	if err != nil {
		return fmt.Errorf("record poll of feed %s: %w", f.URL, err)
	}
	return nil
}

// SeenItem reports whether an item matching key is recorded in scope.
func (s *Store) SeenItem(ctx context.Context, scope string, feedID int64, key store.ItemKey) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM feed_items WHERE
		(? <> '' AND feed_id = ? AND guid = ?) OR (? <> '' AND scope = ? AND link = ?) OR (scope = ? AND hash = ?) LIMIT 1`,
		key.GUID, feedID, key.GUID, key.Link, scope, key.Link, scope, key.Hash).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("look up feed item: %w", err)
	}
	return true, nil
}

// AddFeedItem records an item, in its feed's scope.
func (s *Store) AddFeedItem(ctx context.Context, it store.FeedItem) error {
	res, err := s.db.ExecContext(ctx, `INSERT INTO feed_items (feed_id, scope, guid, link, hash, article_id, backfill, seen_at)
		SELECT id, scope, ?, ?, ?, ?, ?, ? FROM feeds WHERE id = ?`,
		it.Key.GUID, it.Key.Link, it.Key.Hash, it.ArticleID, boolInt(it.Backfill), fmtTime(it.SeenAt), it.FeedID)
	if err != nil {
		return fmt.Errorf("record feed item: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("record feed item of feed %d: %w", it.FeedID, store.ErrNotFound)
	}
	return nil
}

// NewArticles returns the articles of scopes added in (since, until],
// back-fill and removed articles left out, oldest added first, at most limit.
func (s *Store) NewArticles(ctx context.Context, scopes []string, since, until time.Time, limit int) ([]corpus.Article, error) {
	if len(scopes) == 0 || limit <= 0 {
		return []corpus.Article{}, nil
	}
	// added_at is RFC 3339 of varying width: compare whole seconds in SQL,
	// the exact bounds below.
	lo := since.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05")
	hi := until.UTC().Truncate(time.Second).Add(time.Second).Format("2006-01-02T15:04:05")
	arts, err := s.queryArticles(ctx, "read new articles", `SELECT `+articleColumns+` FROM articles
		WHERE added_at >= ? AND added_at < ? AND `+live+` AND scope IN (`+placeholders(len(scopes))+`)
		AND NOT EXISTS (SELECT 1 FROM feed_items WHERE feed_items.article_id = articles.id AND feed_items.backfill = 1)
		ORDER BY added_at, id LIMIT ?`, append(append([]any{lo, hi}, anySlice(scopes)...), limit+1000)...)
	if err != nil {
		return nil, err
	}
	out := []corpus.Article{}
	for _, a := range arts {
		if a.AddedAt.After(since) && !a.AddedAt.After(until) && len(out) < limit {
			out = append(out, a)
		}
	}
	return out, nil
}

// FeedTopics returns the topic of the feed each article came from, when it has one.
func (s *Store) FeedTopics(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		pairs, err := queryAll(ctx, s.db, "read feed topics", `SELECT feed_items.article_id, feeds.topic FROM feed_items
			JOIN feeds ON feeds.id = feed_items.feed_id
			WHERE feeds.topic <> '' AND feed_items.article_id IN (`+placeholders(len(chunk))+`) ORDER BY feed_items.id`,
			func(row rowScanner) ([2]string, error) {
				var p [2]string
				err := row.Scan(&p[0], &p[1])
				return p, err
			}, anySlice(chunk)...)
		if err != nil {
			return nil, err
		}
		for _, p := range pairs {
			if _, ok := out[p[0]]; !ok {
				out[p[0]] = p[1]
			}
		}
	}
	return out, nil
}

// ClaimDigest claims (guild, slot) for owner; see store.Following. The
// transaction takes SQLite's write lock at once (_txlock=immediate), so two
// processes claiming together are served one after the other.
func (s *Store) ClaimDigest(ctx context.Context, guildID string, slot time.Time, owner string, now time.Time, lease time.Duration) (store.DigestClaim, error) {
	var claim store.DigestClaim
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var state, holder, claimedAt string
		var sent int
		err := tx.QueryRowContext(ctx, `SELECT state, owner, claimed_at, sent FROM digest_runs WHERE guild_id = ? AND slot = ?`,
			guildID, fmtTime(slot)).Scan(&state, &holder, &claimedAt, &sent)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO digest_runs (guild_id, slot, state, owner, claimed_at) VALUES (?, ?, 'claimed', ?, ?)`,
				guildID, fmtTime(slot), owner, fmtTime(now))
			claim = store.DigestClaim{Claimed: err == nil}
			return err
		case err != nil:
			return err
		case state == "done":
			claim = store.DigestClaim{Done: true, Sent: sent}
			return nil
		}
		at, err := parseTime(claimedAt)
		if err != nil {
			return err
		}
		if state == "claimed" && holder != owner && now.Before(at.Add(lease)) {
			claim = store.DigestClaim{Sent: sent} // someone else is posting it
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE digest_runs SET state = 'claimed', owner = ?, claimed_at = ? WHERE guild_id = ? AND slot = ?`,
			owner, fmtTime(now), guildID, fmtTime(slot))
		claim = store.DigestClaim{Claimed: err == nil, Sent: sent}
		return err
	})
	if err != nil {
		return store.DigestClaim{}, fmt.Errorf("claim digest %s %s: %w", guildID, fmtTime(slot), err)
	}
	return claim, nil
}

// DigestSent records how many messages owner's claim has posted.
func (s *Store) DigestSent(ctx context.Context, guildID string, slot time.Time, owner string, sent int) error {
	return s.updateRun(ctx, "record digest progress", `UPDATE digest_runs SET sent = ? WHERE guild_id = ? AND slot = ? AND owner = ? AND state = 'claimed'`,
		sent, guildID, fmtTime(slot), owner)
}

// FinishDigest marks owner's claim done or failed.
func (s *Store) FinishDigest(ctx context.Context, guildID string, slot time.Time, owner string, ok bool, now time.Time) error {
	state := "failed"
	if ok {
		state = "done"
	}
	return s.updateRun(ctx, "finish digest", `UPDATE digest_runs SET state = ?, finished_at = ? WHERE guild_id = ? AND slot = ? AND owner = ? AND state = 'claimed'`,
		state, fmtTime(now), guildID, fmtTime(slot), owner)
}

// updateRun changes a claim; it fails when owner no longer holds it (its
// lease ran out and another process took the slot over).
func (s *Store) updateRun(ctx context.Context, what, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s: the claim is no longer held", what)
	}
	return nil
}

// LastDigest is the latest done slot of a guild before before.
func (s *Store) LastDigest(ctx context.Context, guildID string, before time.Time) (time.Time, error) {
	slots, err := s.strings(ctx, "read last digest", `SELECT slot FROM digest_runs WHERE guild_id = ? AND state = 'done' AND slot < ?
		ORDER BY slot DESC LIMIT 1`, guildID, fmtTime(before))
	if err != nil || len(slots) == 0 {
		return time.Time{}, err
	}
	return parseTime(strings.TrimSpace(slots[0]))
}
