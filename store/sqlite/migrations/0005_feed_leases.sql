-- Feeds are leased to one process at a time (several dateline processes may share a store): a
-- feed due for a poll is taken with a lease that runs out, so a dead process's feeds move on.
ALTER TABLE feeds ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE feeds ADD COLUMN lease_until TEXT NOT NULL DEFAULT ''; -- sortable UTC; '' when not leased
