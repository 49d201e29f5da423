-- Paged answers (Previous/Next) keep their state here, not in a process's memory, so any process
-- answers a button and buttons keep working across restarts.
CREATE TABLE pages (
    seq     BIGSERIAL PRIMARY KEY, -- order of creation, for dropping an owner's oldest
    id      TEXT NOT NULL UNIQUE,
    command TEXT NOT NULL,
    query   TEXT NOT NULL,
    guild   TEXT NOT NULL,
    owner   TEXT NOT NULL,
    created TIMESTAMPTZ NOT NULL,
    expires TIMESTAMPTZ NOT NULL
);
CREATE INDEX pages_owner ON pages (owner, seq);
CREATE INDEX pages_expires ON pages (expires);
