package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/store"
)

// feedJSON is one feed in `feed list --json`.
type feedJSON struct {
	URL         string `json:"url"`
	Scope       string `json:"scope"`
	Title       string `json:"title"`
	Topic       string `json:"topic,omitempty"`
	Items       int    `json:"items"`
	LastSuccess string `json:"last_success,omitempty"`
	LastError   string `json:"last_error,omitempty"`
	Failures    int    `json:"failures"`
	NextPoll    string `json:"next_poll,omitempty"`
}

// runFeed is `dateline feed add|remove|list [--guild ID] [URL]`: the feeds
// of the shared archive (or of a server's with --guild), as /feed in Discord.
func runFeed(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("feed")
	guild := fs.String("guild", "", "the feeds of the server `ID` (default: the shared archive's)")
	topic := fs.String("topic", "", "add: the heading `TOPIC` its stories go under in the digest")
	asJSON := fs.Bool("json", false, "list: print one JSON array instead of text")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return fmt.Errorf("%w: say add, remove or list", errUsage)
	}
	action, rest := rest[0], rest[1:]
	wantURL := action == "add" || action == "remove"
	switch {
	case action != "add" && action != "remove" && action != "list":
		return fmt.Errorf("%w: unknown action %q (add, remove or list)", errUsage, action)
	case wantURL && len(rest) != 1:
		return fmt.Errorf("%w: feed %s takes one URL", errUsage, action)
	case !wantURL && len(rest) != 0:
		return fmt.Errorf("%w: feed list takes no URL", errUsage)
	}
	cfg, err := c.config()
	if err != nil {
		return err
	}
	a, done, err := c.openApp(ctx)
	if err != nil {
		return err
	}
	defer done()
	if c.engine == nil { // inside serve, the server's engine follows feeds already
		a.UseFetcher(newFeedFetcher(cfg), cfg.Feeds.PollEvery.Duration, cfg.Feeds.Lease.Duration)
	}
	scope := app.ScopeOf(*guild)
	switch action {
	case "add":
		f, res, err := a.AddFeed(ctx, scope, rest[0], *topic, "cli")
		if err != nil {
			return feedError(err)
		}
		fmt.Fprintf(c.stdout, "following %s (%s): %d items stored as back-fill\n", f.Title, f.URL, res.Backfilled)
		for _, w := range res.Warnings {
			fmt.Fprintf(c.stderr, "warning: %s\n", w)
		}
		return nil
	case "remove":
		if err := a.RemoveFeed(ctx, scope, rest[0]); err != nil {
			return feedError(err)
		}
		fmt.Fprintf(c.stdout, "no longer following %s\n", rest[0])
		return nil
	}
	list, err := a.Feeds(ctx, scope)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]feedJSON, len(list))
		for i, f := range list {
			out[i] = feedJSON{URL: f.URL, Scope: f.Scope, Title: f.Title, Topic: f.Topic, Items: f.Items,
				LastSuccess: stamp(f.LastSuccess), LastError: f.LastError, Failures: f.Failures, NextPoll: stamp(f.NextPoll)}
		}
		return writeJSON(c.stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(c.stdout, "no feed is followed")
	}
	for _, f := range list {
		printFeed(c, f)
	}
	return nil
}

func printFeed(c *cli, f store.Feed) {
	fmt.Fprintf(c.stdout, "%s\n  %s", f.URL, f.Title)
	if f.Topic != "" {
		fmt.Fprintf(c.stdout, " (topic: %s)", f.Topic)
	}
	fmt.Fprintf(c.stdout, "\n  last success %s · %d items · next poll %s\n", orNever(f.LastSuccess), f.Items, orNever(f.NextPoll))
	if f.LastError != "" {
		fmt.Fprintf(c.stdout, "  last error (%d in a row): %s\n", f.Failures, f.LastError)
	}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func orNever(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format("2 Jan 2006 15:04 MST")
}

// feedError makes a refusal a usage-free error: the reason alone.
func feedError(err error) error {
	switch {
	case errors.Is(err, app.ErrExists):
		return errors.New("that feed is already followed")
	case errors.Is(err, app.ErrNotFound):
		return errors.New("that feed is not followed (see dateline feed list)")
	}
	return err
}
