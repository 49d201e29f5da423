package main

import "testing"

// TestCountLine checks the terminal says a total as Discord's footer does
// (answer.CountText): exact with its articles, or "about N".
func TestCountLine(t *testing.T) {
	tests := []struct {
		shown, total int
		approx       bool
		articles     int
		want         string
	}{
		{10, 37, false, 12, "10 of 37 entries from 12 articles"},
		{10, 2345, true, 212, "10 of about 2345 entries (the 400 most relevant passages weighed)"},
	}
	for _, tt := range tests {
		if got := countLine(tt.shown, tt.total, tt.approx, tt.articles, "entries"); got != tt.want {
			t.Errorf("countLine(%d, %d, %v, %d) = %q, want %q", tt.shown, tt.total, tt.approx, tt.articles, got, tt.want)
		}
	}
}
