package app

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dateline-bot/dateline/feeds"
	"github.com/dateline-bot/dateline/fetch"
)

// TestFeedFetcher: feeds get the safe fetcher's bytes, validators and 304s.
func TestFeedFetcher(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"e"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"e"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	ff := FeedFetcher(fetch.New(fetch.Config{AllowPrivate: true}))
	got, err := ff.Fetch(context.Background(), srv.URL, feeds.Validators{})
	if err != nil || got.ETag != `"e"` || string(got.Body) != "<rss/>" || got.ContentType != "application/rss+xml" || got.NotModified {
		t.Fatalf("first: %+v, %v", got, err)
	}
	if again, err := ff.Fetch(context.Background(), srv.URL, feeds.Validators{ETag: got.ETag}); err != nil || !again.NotModified {
		t.Errorf("again: %+v, %v", again, err)
	}
	// Without allow_private the fetcher refuses the loopback address.
	if _, err := FeedFetcher(fetch.New(fetch.Config{})).Fetch(context.Background(), srv.URL, feeds.Validators{}); err == nil {
		t.Error("a loopback feed was fetched")
	}
}
