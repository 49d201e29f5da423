package main

import (
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/feeds"
	"github.com/dateline-bot/dateline/fetch"
)

// newFeedFetcher is the fetcher feeds are read through: dateline's safe
// fetcher under [fetch].
func newFeedFetcher(cfg config.Config) feeds.Fetcher {
	return app.FeedFetcher(fetch.New(fetch.Config{
		Timeout:      cfg.Fetch.Timeout.Duration,
		MaxBytes:     cfg.Fetch.MaxBytes,
		AllowPrivate: cfg.Fetch.AllowPrivate,
	}))
}
