-- Articles: the store of record. The Bleve index is derived from these rows.
CREATE TABLE articles (
    id         TEXT PRIMARY KEY,
    url        TEXT NOT NULL DEFAULT '',  -- canonical URL, '' when none
    body_hash  TEXT NOT NULL,
    title      TEXT NOT NULL,
    outlet     TEXT NOT NULL DEFAULT '',
    author     TEXT NOT NULL DEFAULT '',
    published  TEXT NOT NULL,             -- RFC 3339, UTC
    body       TEXT NOT NULL,
    tags       TEXT NOT NULL DEFAULT '[]', -- JSON array
    source     TEXT NOT NULL,
    source_ref TEXT NOT NULL DEFAULT '',
    added_by   TEXT NOT NULL DEFAULT '',
    added_at   TEXT NOT NULL,
    indexed    INTEGER NOT NULL DEFAULT 0  -- 1 once the index has confirmed every passage
) STRICT;
CREATE UNIQUE INDEX articles_by_url ON articles(url) WHERE url <> '';
CREATE UNIQUE INDEX articles_by_body ON articles(body_hash);
CREATE INDEX articles_unindexed ON articles(indexed) WHERE indexed = 0;
CREATE INDEX articles_by_published ON articles(published);

-- Passages: computed at ingest (splitting, dates, credits) so answers need no re-analysis.
CREATE TABLE passages (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    mentions   TEXT NOT NULL DEFAULT '[]', -- JSON []timex.Mention, offsets into the body
    credits    TEXT NOT NULL DEFAULT '[]', -- JSON []Credit, offsets into the body
    PRIMARY KEY (article_id, seq)
) STRICT, WITHOUT ROWID;

-- Removals the index has not yet confirmed: applied again on start.
CREATE TABLE pending_removals (
    article_id TEXT PRIMARY KEY,
    passages   INTEGER NOT NULL
) STRICT;

-- Who did what: admin actions and ingests.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
) STRICT;

-- Small named values (e.g. the hash of the registered slash commands).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
