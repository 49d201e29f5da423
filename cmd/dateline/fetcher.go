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

// webFetchers are the safe fetchers of /add: web pages by URL under
// [fetch], and Discord attachments (any format ingest reads, 10 MiB).
func webFetchers(cfg config.Fetch) (pages, files *fetch.Fetcher) {
	pages = fetch.New(fetch.Config{Timeout: cfg.Timeout.Duration, MaxBytes: cfg.MaxBytes, AllowPrivate: cfg.AllowPrivate})
	files = fetch.New(fetch.Config{Timeout: cfg.Timeout.Duration, MaxBytes: app.MaxAttachment, AllowPrivate: cfg.AllowPrivate,
		ContentTypes: append([]string{"application/octet-stream", "application/x-ndjson", "application/jsonl", "text/x-markdown"},
			fetch.DefaultContentTypes...)})
	return pages, files
}
