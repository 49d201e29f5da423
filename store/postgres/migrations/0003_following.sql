-- Following a story (issue 10): per-server digest settings, tracked topics, followed feeds and
-- their items, and the digest runs that make each (server, slot) post once across processes.
-- A time that is not set is NULL.

CREATE TABLE digest_settings (
    guild_id   TEXT COLLATE "C" PRIMARY KEY,
    channel_id TEXT NOT NULL DEFAULT '',
    schedule   TEXT NOT NULL DEFAULT '',   -- '' = the configuration's [digest] schedule
    timezone   TEXT NOT NULL DEFAULT '',   -- '' = the configuration's [digest] timezone
    enabled    BOOLEAN NOT NULL DEFAULT true,
    post_empty BOOLEAN NOT NULL DEFAULT false,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ
);

CREATE TABLE topics (
    id       BIGSERIAL PRIMARY KEY,
    scope    TEXT COLLATE "C" NOT NULL,
    query    TEXT COLLATE "C" NOT NULL,
    added_by TEXT NOT NULL DEFAULT '',
    added_at TIMESTAMPTZ,
    UNIQUE (scope, query)
);

CREATE TABLE feeds (
    id            BIGSERIAL PRIMARY KEY,
    scope         TEXT COLLATE "C" NOT NULL,
    url           TEXT COLLATE "C" NOT NULL,
    topic         TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    added_by      TEXT NOT NULL DEFAULT '',
    added_at      TIMESTAMPTZ,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_poll     TIMESTAMPTZ,
    last_success  TIMESTAMPTZ,
    last_error    TEXT NOT NULL DEFAULT '',
    failures      INTEGER NOT NULL DEFAULT 0,
    next_poll     TIMESTAMPTZ,
    items         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (scope, url)
);
CREATE INDEX feeds_due ON feeds(next_poll);

CREATE TABLE feed_items (
    id         BIGSERIAL PRIMARY KEY,
    feed_id    BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    scope      TEXT COLLATE "C" NOT NULL,
    guid       TEXT COLLATE "C" NOT NULL DEFAULT '',
    link       TEXT COLLATE "C" NOT NULL DEFAULT '',
    hash       TEXT COLLATE "C" NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    backfill   BOOLEAN NOT NULL DEFAULT false,
    seen_at    TIMESTAMPTZ
);
CREATE INDEX feed_items_by_guid ON feed_items(feed_id, guid) WHERE guid <> '';
CREATE INDEX feed_items_by_link ON feed_items(scope, link) WHERE link <> '';
CREATE INDEX feed_items_by_hash ON feed_items(scope, hash);
CREATE INDEX feed_items_by_article ON feed_items(article_id) WHERE article_id <> '';

CREATE TABLE digest_runs (
    guild_id    TEXT COLLATE "C" NOT NULL,
    slot        TIMESTAMPTZ NOT NULL,
    state       TEXT NOT NULL,             -- claimed, done, failed
    owner       TEXT NOT NULL,
    claimed_at  TIMESTAMPTZ NOT NULL,
    sent        INTEGER NOT NULL DEFAULT 0, -- messages posted so far
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (guild_id, slot)
);

CREATE INDEX articles_by_added ON articles(added_at);
