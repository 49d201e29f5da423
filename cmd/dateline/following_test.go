package main

import (
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/config"
)

func TestFeedPollEvery(t *testing.T) {
	cfg := config.Default()
	tests := []struct {
		env     string
		want    time.Duration
		wantErr string
	}{
		{"", 15 * time.Minute, ""},
		{"2s", 2 * time.Second, ""},
		{"500ms", 0, "at least 1s"},
		{"soon", 0, "at least 1s"},
	}
	for _, tt := range tests {
		got, err := feedPollEvery(cfg, func(k string) string {
			if k == testPollEveryEnv {
				return tt.env
			}
			return ""
		})
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.env, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: %s, %v; want %s", tt.env, got, err, tt.want)
		}
	}
}
