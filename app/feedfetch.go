package app

import (
	"context"

	"github.com/dateline-bot/dateline/feeds"
	"github.com/dateline-bot/dateline/fetch"
)

// FeedFetcher reads feeds, and the pages of their summary-only items,
// through dateline's safe fetcher (conditional GET included).
func FeedFetcher(f *fetch.Fetcher) feeds.Fetcher { return feedFetcher{f} }

type feedFetcher struct{ f *fetch.Fetcher }

func (ff feedFetcher) Fetch(ctx context.Context, url string, v feeds.Validators) (feeds.Response, error) {
	p, err := ff.f.GetIfChanged(ctx, url, fetch.Validators{ETag: v.ETag, LastModified: v.LastModified})
	if err != nil {
		return feeds.Response{}, err
	}
	return feeds.Response{URL: p.URL, NotModified: p.NotModified, ETag: p.ETag, LastModified: p.LastModified,
		ContentType: p.ContentType, Body: p.Body}, nil
}
