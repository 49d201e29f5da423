-- The PostgreSQL store of record, shared by every dateline process. Text
-- that is compared or ordered uses the "C" collation, so ids and names sort
-- byte by byte as in the SQLite engine, whatever the database's locale.

-- Articles: the store of record. Each process's Bleve index is derived from these rows.
CREATE TABLE articles (
    id         TEXT COLLATE "C" PRIMARY KEY,
    url        TEXT COLLATE "C" NOT NULL DEFAULT '',  -- canonical URL, '' when none
    body_hash  TEXT COLLATE "C" NOT NULL,
    title      TEXT NOT NULL,
    outlet     TEXT COLLATE "C" NOT NULL DEFAULT '',
    author     TEXT NOT NULL DEFAULT '',
    published  TIMESTAMPTZ NOT NULL,
    body       TEXT NOT NULL,
    tags       TEXT NOT NULL DEFAULT '[]',            -- JSON array
    source     TEXT NOT NULL,
    source_ref TEXT NOT NULL DEFAULT '',
    added_by   TEXT NOT NULL DEFAULT '',
    added_at   TIMESTAMPTZ NOT NULL,
    added_seq  BIGSERIAL NOT NULL,                    -- the order articles were added in
    indexed    BOOLEAN NOT NULL DEFAULT false         -- true once the index has confirmed every passage
);
CREATE UNIQUE INDEX articles_by_url ON articles(url) WHERE url <> '';
CREATE UNIQUE INDEX articles_by_body ON articles(body_hash);
CREATE INDEX articles_unindexed ON articles(added_seq) WHERE NOT indexed;
CREATE INDEX articles_by_published ON articles(published);

-- Passages: computed at ingest (splitting, dates, credits) so answers need no re-analysis.
CREATE TABLE passages (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    start_at   INTEGER NOT NULL,                     -- byte offsets into the body
    end_at     INTEGER NOT NULL,
    mentions   TEXT NOT NULL DEFAULT '[]',           -- JSON []timex.Mention, offsets into the body
    credits    TEXT NOT NULL DEFAULT '[]',           -- JSON []Credit, offsets into the body
    PRIMARY KEY (article_id, seq)
);

-- Removals the index has not yet confirmed: applied again on start.
CREATE TABLE pending_removals (
    article_id TEXT COLLATE "C" PRIMARY KEY,
    passages   INTEGER NOT NULL
);

-- Who did what: admin actions and ingests.
CREATE TABLE audit_log (
    id     BIGSERIAL PRIMARY KEY,
    at     TIMESTAMPTZ NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);

-- Small named values (e.g. the hash of the registered slash commands).
CREATE TABLE settings (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
);
