-- Feeds are leased to one process at a time: a feed due for a poll is taken with a lease that runs
-- out (FOR UPDATE SKIP LOCKED), so a feed is polled once per period and a dead process's feeds move on.
ALTER TABLE feeds ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE feeds ADD COLUMN lease_until TIMESTAMPTZ;
