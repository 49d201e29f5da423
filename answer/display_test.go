package answer

import (
	"testing"
	"time"
)

func TestDisplay(t *testing.T) {
	tests := []struct {
		d    DateRef
		want string
	}{
		{DateRef{Date: "2026-01-23", Precision: "day", DateText: "23 January"}, "23 Jan 2026"},
		{DateRef{Date: "2024-12", Precision: "month"}, "Dec 2024"},
		{DateRef{Date: "2026-W04", Precision: "week"}, "week of 19 Jan 2026"},
		{DateRef{Date: "2026-W01", Precision: "week"}, "week of 29 Dec 2025"},
		{DateRef{Date: "2025-Q4", Precision: "quarter"}, "Q4 2025"},
		{DateRef{Date: "2025-SU", Precision: "season"}, "summer 2025"},
		{DateRef{Date: "199", Precision: "decade"}, "the 1990s"},
		{DateRef{Date: "18", Precision: "century"}, "the 19th century"},
		{DateRef{Date: "2025", Precision: "year", Approximate: true, DateText: "late 2025", Mod: "END"}, "late 2025"},
		{DateRef{Date: "2025", Precision: "year", Approximate: true, Mod: "APPROX"}, "about 2025"},
	}
	for _, tt := range tests {
		if got := tt.d.Display(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestDay(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC), "27 Jan 2026"},
		// A publication day is the UTC day, whatever zone the time is given in.
		{time.Date(2026, 1, 27, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)), "28 Jan 2026"},
	}
	for _, tt := range tests {
		if got := Day(tt.t); got != tt.want {
			t.Errorf("Day(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
	for _, tt := range []struct{ published, want string }{
		{"2026-01-27", "27 Jan 2026"}, {"2026-09-03", "3 Sep 2026"}, {"someday", "someday"}, {"", ""},
	} {
		if got := (ArticleRef{Published: tt.published}).PublishedDay(); got != tt.want {
			t.Errorf("PublishedDay(%q) = %q, want %q", tt.published, got, tt.want)
		}
	}
}

// TestLabel checks the one wording of where a date comes from (issue 11):
// the same in the CLI, the bot and for readers of the JSON's date_from.
func TestLabel(t *testing.T) {
	tests := []struct {
		d    DateRef
		want string
	}{
		{DateRef{Date: "1987-03-02", Precision: "day", DateText: "Monday", DateFrom: DateFromSentence}, "2 Mar 1987"},
		{DateRef{Date: "1987-03-02", Precision: "day", DateFrom: DateFromPublication}, "no date in the text — published 2 Mar 1987"},
		{DateRef{Date: "1987-03-02", Precision: "day", DateFrom: DateFromPublication, Planned: true}, "planned; no date in the text — published 2 Mar 1987"},
		{DateRef{Date: "1987-03-02", Precision: "day", DateText: "Monday", DateFrom: DateFromLead}, "2 Mar 1987 — date from the article's opening"},
		{DateRef{Date: "1987-03-17", Precision: "day", DateText: "Tuesday", DateFrom: DateFromSentence, Planned: true}, "expected 17 Mar 1987"},
		{DateRef{Date: "1987-06", Precision: "month", DateText: "June", Mod: "BEFORE", Approximate: true, DateFrom: DateFromSentence}, "before Jun 1987"},
		{DateRef{Date: "1987-06", Precision: "month", DateText: "June", Mod: "ON_OR_BEFORE", Approximate: true, DateFrom: DateFromSentence, Planned: true}, "expected by Jun 1987"},
	}
	for _, tt := range tests {
		if got := tt.d.Label(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.d, got, tt.want)
		}
	}
}
