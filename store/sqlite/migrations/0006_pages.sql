-- Paged answers (Previous/Next) keep their state here, not in a process's memory, so buttons keep
-- working across restarts and, on a shared store, in any process. Times are sortable UTC text.
CREATE TABLE pages (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT, -- order of creation, for dropping an owner's oldest
    id      TEXT NOT NULL UNIQUE,
    command TEXT NOT NULL,
    query   TEXT NOT NULL,
    guild   TEXT NOT NULL,
    owner   TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL
);
CREATE INDEX pages_owner ON pages (owner, seq);
CREATE INDEX pages_expires ON pages (expires);
