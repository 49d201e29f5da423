package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

// Following a story: digest settings, topics, feeds, feed items and digest
// runs (migration 0003). A zero time is stored as NULL.

// nullTime is t for a nullable column.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// fromNull is a nullable column's time, in UTC (zero for NULL).
func fromNull(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// collect runs a query and returns every row as scan reads it (never nil).
func collect[T any](ctx context.Context, s *Store, what, query string, scan func(pgx.Row) (T, error), args ...any) ([]T, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (T, error) { return scan(row) })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return nonNil(out), nil
}

const settingsColumns = `guild_id, channel_id, schedule, timezone, enabled, post_empty, updated_by, updated_at`

func scanDigestSettings(row pgx.Row) (store.DigestSettings, error) {
	var d store.DigestSettings
	var at *time.Time
	err := row.Scan(&d.GuildID, &d.ChannelID, &d.Schedule, &d.Timezone, &d.Enabled, &d.PostEmpty, &d.UpdatedBy, &at)
	d.UpdatedAt = fromNull(at)
	return d, err
}

// DigestSettings returns a server's settings; false when it has none.
func (s *Store) DigestSettings(ctx context.Context, guildID string) (store.DigestSettings, bool, error) {
	all, err := collect(ctx, s, "read digest settings", `SELECT `+settingsColumns+` FROM digest_settings WHERE guild_id = $1`,
		scanDigestSettings, guildID)
	if err != nil || len(all) == 0 {
		return store.DigestSettings{}, false, err
	}
	return all[0], true, nil
}

// SetDigestSettings stores a server's settings, replacing any.
func (s *Store) SetDigestSettings(ctx context.Context, d store.DigestSettings) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO digest_settings (`+settingsColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, schedule = excluded.schedule,
		timezone = excluded.timezone, enabled = excluded.enabled, post_empty = excluded.post_empty,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		d.GuildID, d.ChannelID, d.Schedule, d.Timezone, d.Enabled, d.PostEmpty, d.UpdatedBy, nullTime(d.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store digest settings of %s: %w", d.GuildID, err)
	}
	return nil
}

// AllDigestSettings returns every server's settings, by guild id.
func (s *Store) AllDigestSettings(ctx context.Context) ([]store.DigestSettings, error) {
	return collect(ctx, s, "read digest settings", `SELECT `+settingsColumns+` FROM digest_settings ORDER BY guild_id`, scanDigestSettings)
}

// AddTopic stores a topic (store.ErrExists when the scope tracks that query).
func (s *Store) AddTopic(ctx context.Context, t store.Topic) (store.Topic, error) {
	err := s.pool.QueryRow(ctx, `INSERT INTO topics (scope, query, added_by, added_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (scope, query) DO NOTHING RETURNING id`, t.Scope, t.Query, t.AddedBy, nullTime(t.AddedAt)).Scan(&t.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, fmt.Errorf("topic %q: %w", t.Query, store.ErrExists)
	}
	if err != nil {
		return t, fmt.Errorf("add topic %q: %w", t.Query, err)
	}
	return t, nil
}

// deleteOne runs a DELETE and says store.ErrNotFound when it deleted nothing.
func (s *Store) deleteOne(ctx context.Context, what, query string, args ...any) error {
	tag, err := s.pool.Exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("remove %s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return nil
}

// RemoveTopic forgets a scope's topic (store.ErrNotFound when absent).
func (s *Store) RemoveTopic(ctx context.Context, scope, query string) error {
	return s.deleteOne(ctx, fmt.Sprintf("topic %q", query), `DELETE FROM topics WHERE scope = $1 AND query = $2`, scope, query)
}

// Topics returns a scope's topics in the order they were added.
func (s *Store) Topics(ctx context.Context, scope string) ([]store.Topic, error) {
	return collect(ctx, s, "read topics", `SELECT id, scope, query, added_by, added_at FROM topics WHERE scope = $1 ORDER BY id`,
		func(row pgx.Row) (store.Topic, error) {
			var t store.Topic
			var at *time.Time
			err := row.Scan(&t.ID, &t.Scope, &t.Query, &t.AddedBy, &at)
			t.AddedAt = fromNull(at)
			return t, err
		}, scope)
}

const feedColumns = `id, scope, url, topic, title, added_by, added_at, etag, last_modified, last_poll, last_success,
	last_error, failures, next_poll, items`

func scanFeed(row pgx.Row) (store.Feed, error) {
	var f store.Feed
	var added, lastPoll, lastSuccess, next *time.Time
	err := row.Scan(&f.ID, &f.Scope, &f.URL, &f.Topic, &f.Title, &f.AddedBy, &added, &f.ETag, &f.LastModified,
		&lastPoll, &lastSuccess, &f.LastError, &f.Failures, &next, &f.Items)
	f.AddedAt, f.LastPoll, f.LastSuccess, f.NextPoll = fromNull(added), fromNull(lastPoll), fromNull(lastSuccess), fromNull(next)
	return f, err
}

// AddFeed stores a feed, due at once (store.ErrExists when the scope follows that URL).
func (s *Store) AddFeed(ctx context.Context, f store.Feed) (store.Feed, error) {
	if f.NextPoll.IsZero() {
		f.NextPoll = f.AddedAt
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO feeds (scope, url, topic, title, added_by, added_at, next_poll)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (scope, url) DO NOTHING RETURNING id`,
		f.Scope, f.URL, f.Topic, f.Title, f.AddedBy, nullTime(f.AddedAt), nullTime(f.NextPoll)).Scan(&f.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("feed %s: %w", f.URL, store.ErrExists)
	}
	if err != nil {
		return f, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	return f, nil
}

// RemoveFeed forgets a scope's feed and its items (store.ErrNotFound when absent).
func (s *Store) RemoveFeed(ctx context.Context, scope, url string) error {
	return s.deleteOne(ctx, "feed "+url, `DELETE FROM feeds WHERE scope = $1 AND url = $2`, scope, url)
}

// Feeds returns a scope's feeds ("" for all) in the order they were added.
func (s *Store) Feeds(ctx context.Context, scope string) ([]store.Feed, error) {
	return collect(ctx, s, "read feeds", `SELECT `+feedColumns+` FROM feeds WHERE $1 = '' OR scope = $1 ORDER BY id`, scanFeed, scope)
}

// DueFeeds returns the feeds due at now, most overdue first.
func (s *Store) DueFeeds(ctx context.Context, now time.Time) ([]store.Feed, error) {
	return collect(ctx, s, "read due feeds", `SELECT `+feedColumns+` FROM feeds WHERE next_poll <= $1 ORDER BY next_poll, id`,
		scanFeed, now.UTC())
}

// LeaseDueFeeds leases due feeds to owner; see store.Following. Rows
// another process is leasing at this moment are skipped, not waited for.
func (s *Store) LeaseDueFeeds(ctx context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]store.Feed, error) {
	out, err := collect(ctx, s, "lease due feeds", `UPDATE feeds SET lease_owner = $1, lease_until = $2
		WHERE id IN (SELECT id FROM feeds WHERE next_poll <= $3 AND (lease_until IS NULL OR lease_until <= $3)
			ORDER BY next_poll, id LIMIT $4 FOR UPDATE SKIP LOCKED)
		RETURNING `+feedColumns, scanFeed, owner, now.Add(lease).UTC(), now.UTC(), limit)
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].NextPoll.Equal(out[j].NextPoll) {
			return out[i].NextPoll.Before(out[j].NextPoll)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// UpdateFeedPoll records a poll and ends the feed's lease.
func (s *Store) UpdateFeedPoll(ctx context.Context, f store.Feed) error {
	_, err := s.pool.Exec(ctx, `UPDATE feeds SET title = $1, etag = $2, last_modified = $3, last_poll = $4, last_success = $5,
		last_error = $6, failures = $7, next_poll = $8, items = $9, lease_owner = '', lease_until = NULL WHERE id = $10`,
		f.Title, f.ETag, f.LastModified, nullTime(f.LastPoll), nullTime(f.LastSuccess), f.LastError, f.Failures,
		nullTime(f.NextPoll), f.Items, f.ID)
	if err != nil {
		return fmt.Errorf("record poll of feed %s: %w", f.URL, err)
	}
	return nil
}

// SeenItem reports whether an item matching key is recorded in scope.
func (s *Store) SeenItem(ctx context.Context, scope string, feedID int64, key store.ItemKey) (bool, error) {
	var seen bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM feed_items WHERE
		($1 <> '' AND feed_id = $2 AND guid = $1) OR ($3 <> '' AND scope = $4 AND link = $3) OR (scope = $4 AND hash = $5))`,
		key.GUID, feedID, key.Link, scope, key.Hash).Scan(&seen)
	if err != nil {
		return false, fmt.Errorf("look up feed item: %w", err)
	}
	return seen, nil
}

// AddFeedItem records an item, in its feed's scope.
func (s *Store) AddFeedItem(ctx context.Context, it store.FeedItem) error {
	tag, err := s.pool.Exec(ctx, `INSERT INTO feed_items (feed_id, scope, guid, link, hash, article_id, backfill, seen_at)
		SELECT id, scope, $1, $2, $3, $4, $5, $6 FROM feeds WHERE id = $7`,
		it.Key.GUID, it.Key.Link, it.Key.Hash, it.ArticleID, it.Backfill, nullTime(it.SeenAt), it.FeedID)
	if err != nil {
		return fmt.Errorf("record feed item: %w", err)
	}
	if tag.RowsAffected() == 0 {
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
	arts, err := s.queryArticles(ctx, "read new articles", `SELECT `+articleColumns+` FROM articles
		WHERE added_at > $1 AND added_at <= $2 AND `+live+` AND scope = ANY($3)
		AND NOT EXISTS (SELECT 1 FROM feed_items WHERE feed_items.article_id = articles.id AND feed_items.backfill)
		ORDER BY added_at, id LIMIT $4`, since.UTC(), until.UTC(), scopes, limit)
	return nonNil(arts), err
}

// FeedTopics returns the topic of the feed each article came from, when it has one.
func (s *Store) FeedTopics(ctx context.Context, ids []string) (map[string]string, error) {
	pairs, err := collect(ctx, s, "read feed topics", `SELECT feed_items.article_id, feeds.topic FROM feed_items
		JOIN feeds ON feeds.id = feed_items.feed_id
		WHERE feeds.topic <> '' AND feed_items.article_id = ANY($1) ORDER BY feed_items.id`,
		func(row pgx.Row) ([2]string, error) {
			var p [2]string
			err := row.Scan(&p[0], &p[1])
			return p, err
		}, ids)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, p := range pairs {
		if _, ok := out[p[0]]; !ok {
			out[p[0]] = p[1]
		}
	}
	return out, nil
}

// ClaimDigest claims (guild, slot) for owner; see store.Following. The
// slot's row is locked (or, for a new slot, the insert conflicts) so two
// processes claiming together are served one after the other.
func (s *Store) ClaimDigest(ctx context.Context, guildID string, slot time.Time, owner string, now time.Time, lease time.Duration) (store.DigestClaim, error) {
	var claim store.DigestClaim
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO digest_runs (guild_id, slot, state, owner, claimed_at) VALUES ($1, $2, 'claimed', $3, $4)
			ON CONFLICT (guild_id, slot) DO NOTHING`, guildID, slot.UTC(), owner, now.UTC())
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 1 {
			claim = store.DigestClaim{Claimed: true}
			return nil
		}
		var state, holder string
		var claimedAt time.Time
		var sent int
		if err := tx.QueryRow(ctx, `SELECT state, owner, claimed_at, sent FROM digest_runs WHERE guild_id = $1 AND slot = $2 FOR UPDATE`,
			guildID, slot.UTC()).Scan(&state, &holder, &claimedAt, &sent); err != nil {
			return err
		}
		switch {
		case state == "done":
			claim = store.DigestClaim{Done: true, Sent: sent}
			return nil
		case state == "claimed" && holder != owner && now.Before(claimedAt.Add(lease)):
			claim = store.DigestClaim{Sent: sent} // someone else is posting it
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE digest_runs SET state = 'claimed', owner = $1, claimed_at = $2 WHERE guild_id = $3 AND slot = $4`,
			owner, now.UTC(), guildID, slot.UTC())
		claim = store.DigestClaim{Claimed: err == nil, Sent: sent}
		return err
	})
	if err != nil {
		return store.DigestClaim{}, fmt.Errorf("claim digest %s %s: %w", guildID, slot.UTC().Format(time.RFC3339), err)
	}
	return claim, nil
}

// DigestSent records how many messages owner's claim has posted.
func (s *Store) DigestSent(ctx context.Context, guildID string, slot time.Time, owner string, sent int) error {
	return s.updateRun(ctx, "record digest progress", `UPDATE digest_runs SET sent = $1
		WHERE guild_id = $2 AND slot = $3 AND owner = $4 AND state = 'claimed'`, sent, guildID, slot.UTC(), owner)
}

// FinishDigest marks owner's claim done or failed.
func (s *Store) FinishDigest(ctx context.Context, guildID string, slot time.Time, owner string, ok bool, now time.Time) error {
	state := "failed"
	if ok {
		state = "done"
	}
	return s.updateRun(ctx, "finish digest", `UPDATE digest_runs SET state = $1, finished_at = $2
		WHERE guild_id = $3 AND slot = $4 AND owner = $5 AND state = 'claimed'`, state, now.UTC(), guildID, slot.UTC(), owner)
}

// updateRun changes a claim; it fails when owner no longer holds it.
func (s *Store) updateRun(ctx context.Context, what, query string, args ...any) error {
	tag, err := s.pool.Exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s: the claim is no longer held", what)
	}
	return nil
}

// LastDigest is the latest done slot of a guild before before.
func (s *Store) LastDigest(ctx context.Context, guildID string, before time.Time) (time.Time, error) {
	var last *time.Time
	err := s.pool.QueryRow(ctx, `SELECT max(slot) FROM digest_runs WHERE guild_id = $1 AND state = 'done' AND slot < $2`,
		guildID, before.UTC()).Scan(&last)
	if err != nil {
		return time.Time{}, fmt.Errorf("read last digest: %w", err)
	}
	return fromNull(last), nil
}
