-- Following a story (issue 10): per-server digest settings, tracked topics,
-- followed feeds and their items, and the digest runs that make each
-- (server, slot) post once. Times are UTC in the fixed-width layout
-- 2006-01-02T15:04:05.000000000Z so that text order is time order.

CREATE TABLE digest_settings (
    guild_id   TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL DEFAULT '',
    schedule   TEXT NOT NULL DEFAULT '',   -- '' = the configuration's [digest] schedule
    timezone   TEXT NOT NULL DEFAULT '',   -- '' = the configuration's [digest] timezone
    enabled    INTEGER NOT NULL DEFAULT 1,
    post_empty INTEGER NOT NULL DEFAULT 0, -- 1: a day with nothing new posts one line
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE topics (
    id       INTEGER PRIMARY KEY,
    scope    TEXT NOT NULL,
    query    TEXT NOT NULL,
    added_by TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    UNIQUE (scope, query)
) STRICT;

CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    scope         TEXT NOT NULL,
    url           TEXT NOT NULL,
    topic         TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    added_by      TEXT NOT NULL DEFAULT '',
    added_at      TEXT NOT NULL,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_poll     TEXT NOT NULL DEFAULT '',
    last_success  TEXT NOT NULL DEFAULT '',
    last_error    TEXT NOT NULL DEFAULT '',
    failures      INTEGER NOT NULL DEFAULT 0,
    next_poll     TEXT NOT NULL DEFAULT '',
    items         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (scope, url)
) STRICT;
CREATE INDEX feeds_due ON feeds(next_poll);

CREATE TABLE feed_items (
    id         INTEGER PRIMARY KEY,
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    scope      TEXT NOT NULL,
    guid       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    hash       TEXT NOT NULL,
    article_id TEXT NOT NULL DEFAULT '',
    backfill   INTEGER NOT NULL DEFAULT 0,
    seen_at    TEXT NOT NULL
) STRICT;
CREATE INDEX feed_items_by_guid ON feed_items(feed_id, guid) WHERE guid <> '';
CREATE INDEX feed_items_by_link ON feed_items(scope, link) WHERE link <> '';
CREATE INDEX feed_items_by_hash ON feed_items(scope, hash);
CREATE INDEX feed_items_by_article ON feed_items(article_id) WHERE article_id <> '';

CREATE TABLE digest_runs (
    guild_id    TEXT NOT NULL,
    slot        TEXT NOT NULL,
    state       TEXT NOT NULL,             -- claimed, done, failed
    owner       TEXT NOT NULL,
    claimed_at  TEXT NOT NULL,
    sent        INTEGER NOT NULL DEFAULT 0, -- messages posted so far
    finished_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (guild_id, slot)
) STRICT, WITHOUT ROWID;

CREATE INDEX articles_by_added ON articles(added_at);
