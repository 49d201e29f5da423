package parse

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParsePublished(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
	}{
		{"JAN 27, 2026", day(2026, 1, 27)},
		{"Jan 27, 2026", day(2026, 1, 27)},
		{"Jan. 27, 2026", day(2026, 1, 27)},
		{"January 27, 2026", day(2026, 1, 27)},
		{"January 27 2026", day(2026, 1, 27)},
		{"January 27th, 2026", day(2026, 1, 27)},
		{"December 16, 2009", day(2009, 12, 16)},
		{"Sept. 3, 2025", day(2025, 9, 3)},
		{"27 January 2026", day(2026, 1, 27)},
		{"27 Jan 2026", day(2026, 1, 27)},
		{"1st March, 2024", day(2024, 3, 1)},
		{"Tuesday, January 27, 2026", day(2026, 1, 27)},
		{"Tue 27 Jan 2026", day(2026, 1, 27)},
		{"  JAN\u00a027,\u00a02026 ", day(2026, 1, 27)},
		{"2026-01-27", day(2026, 1, 27)},
		{"2024-02-29", day(2024, 2, 29)},
		{"2026-01-27T09:30:00Z", time.Date(2026, 1, 27, 9, 30, 0, 0, time.UTC)},
		{"2026-01-27T09:30:00+03:00", time.Date(2026, 1, 27, 6, 30, 0, 0, time.UTC)},
		{"2026-01-27 23:30:00-02:00", time.Date(2026, 1, 28, 1, 30, 0, 0, time.UTC)},
		{"2026-01-27T09:30:00.123456Z", time.Date(2026, 1, 27, 9, 30, 0, 123456000, time.UTC)},
		{"2026-01-27T09:30:00+0300", time.Date(2026, 1, 27, 6, 30, 0, 0, time.UTC)},
		{"2026-01-27t09:30:00z", time.Date(2026, 1, 27, 9, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := ParsePublished(tt.in)
		if err != nil {
			t.Errorf("ParsePublished(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParsePublished(%q) = %v, want %v (UTC)", tt.in, got, tt.want)
		}
	}
}

func TestParsePublishedErrors(t *testing.T) {
	tests := []struct {
		in, wantInMessage string
	}{
		{"", "empty"},
		{"sometime in 2026", "write it like"},
		{"February 30, 2026", "February 2026 has no day 30"},
		{"2025-02-29", "day out of range"},
		{"2026-13-01", "month out of range"},
		{"2026-01-27T09:30:00", "time zone"},
		{"0999-01-01", "year 999 is out of range"},
		{"Jan 32, 2026", "write it like"},
		{"Jan 27, 26", "write it like"},
		{"27-FEB-1987", "write it like"},
		{"Jan 27, 2026 10:30", "write it like"},
		{"Foo 27, 2026", "write it like"},
		{"Monday", "write it like"},
	}
	for _, tt := range tests {
		_, err := ParsePublished(tt.in)
		if err == nil {
			t.Errorf("ParsePublished(%q): no error", tt.in)
			continue
		}
		if !errors.Is(err, ErrBadDate) || !strings.Contains(err.Error(), tt.wantInMessage) {
			t.Errorf("ParsePublished(%q) = %v; want ErrBadDate mentioning %q", tt.in, err, tt.wantInMessage)
		}
	}
}
