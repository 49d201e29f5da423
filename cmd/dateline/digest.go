package main

import (
	"context"
	"fmt"
	"time"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/digest"
)

// runDigest prints the digest so far: what the archive (a server's with
// --guild, which includes the shared archive) gained since the last posted
// digest, or since --since.
func runDigest(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("digest")
	since := fs.String("since", "", "from `WHEN`: a duration back from now (24h) or a date (2026-03-01, \"last week\"); default: the last posted digest, else 24h")
	guild := fs.String("guild", "", "the digest of the server `ID` (its archive and the shared one, its tracked topics); default: the shared archive")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: digest takes no arguments", errUsage)
	}
	now := time.Now()
	var from time.Time
	if *since != "" {
		if from, err = app.ParseSince(*since, now); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	a, done, err := c.openApp(ctx)
	if err != nil {
		return err
	}
	defer done()
	if from.IsZero() {
		if from, err = a.DigestSince(ctx, *guild, now); err != nil {
			return err
		}
	}
	d, err := a.Digest(ctx, *guild, from, now)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c.stdout, d)
	}
	loc := time.Local
	if s, ok, err := a.DigestSettings(ctx, *guild); err == nil && ok {
		if sched, err := a.DigestSchedule(s); err == nil {
			loc = sched.Location()
		}
	}
	fmt.Fprint(c.stdout, digest.Text(d, loc))
	return nil
}
