package main

import (
	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/feeds"
)

// newFeedFetcher is the fetcher feeds are read through: dateline's safe
// fetcher (package fetch, issue 9) under [fetch]. Until it is on this
// branch there is none, and feed add answers that feeds need it.
func newFeedFetcher(config.Config) feeds.Fetcher { return nil }
