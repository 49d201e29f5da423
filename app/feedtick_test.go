package app

import (
	"testing"
	"time"
)

// TestFeedTick: due feeds are looked for a quarter of the poll period
// apart, at least every 30 s and at most every second.
func TestFeedTick(t *testing.T) {
	tests := []struct {
		every, want time.Duration
	}{
		{15 * time.Minute, 30 * time.Second},
		{time.Minute, 15 * time.Second},
		{2 * time.Second, time.Second},
		{time.Second, time.Second},
	}
	for _, tt := range tests {
		if got := feedTick(tt.every); got != tt.want {
			t.Errorf("feedTick(%s) = %s, want %s", tt.every, got, tt.want)
		}
	}
}
