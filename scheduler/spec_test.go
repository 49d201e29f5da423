package scheduler

import (
	"strings"
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("zone %s: %v", name, err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestNextAcrossMidnightAndDST lists the runs each spec makes after a start,
// in UTC, so every daylight-saving change is visible in the offsets.
func TestNextAcrossMidnightAndDST(t *testing.T) {
	tests := []struct {
		name  string
		zone  string
		spec  string
		after string
		want  []string
	}{
		{"a time of day crosses midnight in UTC", "UTC", "00:00", "2026-01-30T23:59:59Z",
			[]string{"2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z"}},
		{"a cron spec crosses midnight and the month", "UTC", "30 23 * * *", "2026-01-31T23:31:00Z",
			[]string{"2026-02-01T23:30:00Z", "2026-02-02T23:30:00Z"}},
		{"Berlin 08:00 keeps 08:00 as clocks go forward", "Europe/Berlin", "08:00", "2026-03-28T06:00:00Z",
			[]string{"2026-03-28T07:00:00Z", "2026-03-29T06:00:00Z", "2026-03-30T06:00:00Z"}},
		{"Berlin 08:00 keeps 08:00 as clocks go back", "Europe/Berlin", "0 8 * * *", "2026-10-24T07:00:00Z",
			[]string{"2026-10-25T07:00:00Z", "2026-10-26T07:00:00Z"}},
		{"Berlin 02:30 in the skipped hour runs at 03:30, not never", "Europe/Berlin", "02:30", "2026-03-28T02:00:00Z",
			[]string{"2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"}},
		{"Berlin 02:30 in the doubled hour runs once", "Europe/Berlin", "02:30", "2026-10-24T02:00:00Z",
			[]string{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}},
		{"Berlin midnight across the change", "Europe/Berlin", "0 0 * * *", "2026-03-28T12:00:00Z",
			[]string{"2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"}},
		{"New York 02:30 in the skipped hour runs at 03:30", "America/New_York", "02:30", "2026-03-07T12:00:00Z",
			[]string{"2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"}},
		{"New York 01:30 in the doubled hour runs once", "America/New_York", "01:30", "2026-10-31T12:00:00Z",
			[]string{"2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"}},
		{"New York 08:00 across both changes keeps local time", "America/New_York", "0 8 * * 0", "2026-03-01T14:00:00Z",
			[]string{"2026-03-08T12:00:00Z", "2026-03-15T12:00:00Z"}},
		{"a doubled-hour start inside the repeat does not rerun", "Europe/Berlin", "02:30", "2026-10-25T01:10:00Z",
			[]string{"2026-10-26T01:30:00Z"}},
		{"seconds-level spec", "UTC", "*/20 * * * * *", "2026-01-01T00:00:00Z",
			[]string{"2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01:00Z"}},
		{"an interval ignores the zone", "Europe/Berlin", "@every 15m", "2026-03-29T00:50:00Z",
			[]string{"2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z"}},
		// Processes that start at different moments name the same slots:
		// a slot is claimed once in a shared store, not once per process.
		{"an interval runs on its multiples, not from the start", "UTC", "@every 15m", "2026-03-29T00:50:07.3Z",
			[]string{"2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z"}},
		{"an interval on a slot moves to the next", "UTC", "@every 2s", "2026-03-29T00:50:08Z",
			[]string{"2026-03-29T00:50:10Z", "2026-03-29T00:50:12Z"}},
		{"a descriptor", "America/New_York", "@daily", "2026-11-01T03:00:00Z",
			[]string{"2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.spec, mustZone(t, tt.zone))
			if err != nil {
				t.Fatal(err)
			}
			at := utc(tt.after)
			for i, w := range tt.want {
				at = s.Next(at)
				if !at.Equal(utc(w)) {
					t.Fatalf("run %d = %s, want %s", i, at.UTC().Format(time.RFC3339), w)
				}
			}
		})
	}
}

func TestPrev(t *testing.T) {
	s, err := Parse("08:00", mustZone(t, "Europe/Berlin"))
	if err != nil {
		t.Fatal(err)
	}
	now := utc("2026-03-29T10:00:00Z") // 12:00 CEST
	if got := s.Prev(now, 6*time.Hour); !got.Equal(utc("2026-03-29T06:00:00Z")) {
		t.Errorf("Prev within 6h = %v", got)
	}
	if got := s.Prev(now, 3*time.Hour); !got.IsZero() {
		t.Errorf("Prev within 3h = %v, want none", got)
	}
	if got := s.Prev(utc("2026-03-29T06:00:00Z"), time.Hour); !got.Equal(utc("2026-03-29T06:00:00Z")) {
		t.Errorf("Prev at the slot itself = %v", got)
	}
}

func TestParseRefusesBadSpecs(t *testing.T) {
	tests := []struct{ spec, want string }{
		{"", "empty"},
		{"25:00", "HH:MM"},
		{"8:0", "HH:MM"},
		{"08:60", "HH:MM"},
		{"0 8 * *", "neither a time"},
		{"every day", "neither a time"},
		{"0 8 * * * * *", "neither a time"},
		{"TZ=Europe/Berlin 0 8 * * *", "time zone apart"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.spec, time.UTC)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tt.spec, err, tt.want)
		}
	}
	if _, err := Parse("08:00", nil); err == nil {
		t.Error("Parse without a zone succeeded")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"08:00", "0 8 * * *", "*/5 * * * * *", "@every 1h", "@daily", "23:59", "0 0 30 2 *"} {
		f.Add(s)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	start := utc("2026-03-29T00:00:00Z")
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := Parse(spec, berlin)
		if err != nil {
			return
		}
		if next := s.Next(start); !next.IsZero() && !next.After(start) {
			t.Fatalf("Next(%s) = %s, not after", start, next)
		}
	})
}
