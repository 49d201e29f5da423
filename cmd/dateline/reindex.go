package main

import (
	"context"
	"fmt"
	"time"
)

func runReindex(ctx context.Context, c *cli, args []string) error {
	rest, err := parseInterspersed(newFlagSet("reindex"), args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: reindex takes no arguments", errUsage)
	}
	start := time.Now()
	a, done, err := c.openApp(ctx)
	if err != nil {
		return err
	}
	defer done()
	if err := a.Reindex(ctx); err != nil {
		return err
	}
	n, err := a.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "reindexed %d articles in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
