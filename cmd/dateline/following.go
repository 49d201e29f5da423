package main

import (
	"fmt"
	"time"

	"github.com/dateline-bot/dateline/config"
)

// testPollEveryEnv shortens the feed poll period below the 1 m floor of
// [feeds] poll_every. It exists for the process tests (several serve
// processes polling a feed every few seconds on 127.0.0.1); the floor stays
// for every real configuration, which polls feeds on other people's servers.
const testPollEveryEnv = "DATELINE_TEST_FEEDS_POLL_EVERY"

// feedPollEvery is how often serve polls each feed: [feeds] poll_every, or
// DATELINE_TEST_FEEDS_POLL_EVERY when set.
func feedPollEvery(cfg config.Config, getenv func(string) string) (time.Duration, error) {
	v := getenv(testPollEveryEnv)
	if v == "" {
		return cfg.Feeds.PollEvery.Duration, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second {
		return 0, fmt.Errorf("%s=%q: want a duration of at least 1s", testPollEveryEnv, v)
	}
	return d, nil
}
