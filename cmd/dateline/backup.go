package main

import (
	"context"
	"fmt"
	"time"

	"github.com/dateline-bot/dateline/app"
)

// runBackup writes a consistent copy of the SQLite store while dateline
// (serve included) keeps running; a PostgreSQL store is backed up with
// pg_dump, as the error says.
func runBackup(ctx context.Context, c *cli, args []string) error {
	rest, err := parseInterspersed(newFlagSet("backup"), args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("%w: backup takes one PATH, the file to write", errUsage)
	}
	cfg, err := c.config()
	if err != nil {
		return err
	}
	start := time.Now()
	n, err := app.Backup(ctx, cfg, rest[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "backed up %d articles to %s in %s\n", n, rest[0], time.Since(start).Round(time.Millisecond))
	return nil
}
