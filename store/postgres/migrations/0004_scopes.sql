-- Per-server archives: every article has a scope ('shared' or 'guild:<id>'); duplicates are per
-- scope. Removal is a soft delete kept until purged.
ALTER TABLE articles ADD COLUMN scope TEXT COLLATE "C" NOT NULL DEFAULT 'shared';
ALTER TABLE articles ADD COLUMN removed_at TIMESTAMPTZ;  -- NULL while live
ALTER TABLE articles ADD COLUMN removed_by TEXT NOT NULL DEFAULT '';
DROP INDEX articles_by_url;
DROP INDEX articles_by_body;
CREATE UNIQUE INDEX articles_by_scope_url ON articles(scope, url) WHERE url <> '';
CREATE UNIQUE INDEX articles_by_scope_body ON articles(scope, body_hash);
CREATE INDEX articles_removed ON articles(removed_at) WHERE removed_at IS NOT NULL;

-- The audit log says in which server and channel, and from where.
ALTER TABLE audit_log ADD COLUMN guild TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN origin TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_by_guild ON audit_log(guild, id);
