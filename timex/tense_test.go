package timex

import (
	"testing"
	"time"
)

// clauseCases are issue 11's tense classes: the verb group a relative
// expression attaches to decides its direction, not the sentence's
// reporting verb. 12 March 2026 is a Thursday; 10 March a Tuesday.
var clauseCases = []findCase{
	// Future references resolve forward.
	{text: "The council will meet in October.", dct: day(2026, 3, 12), expr: "October", typ: Date, value: "2026-10"},
	{text: "The minister said the council would meet in October.", dct: day(2026, 3, 12), expr: "October", typ: Date, value: "2026-10"},
	{text: "The minister said on Wednesday that the council will meet in October.", dct: day(2026, 3, 12), expr: "October", typ: Date, value: "2026-10"},
	{text: "The minister said on Wednesday that the council will meet in October.", dct: day(2026, 3, 12), expr: "Wednesday", typ: Date, value: "2026-03-11"},
	{text: "The minister is due to leave on Sunday.", dct: day(2026, 3, 12), expr: "Sunday", typ: Date, value: "2026-03-15"},
	{text: "The minister, who arrived on Monday, is due to leave on Sunday.", dct: day(2026, 3, 12), expr: "Sunday", typ: Date, value: "2026-03-15"},
	{text: "The minister, who arrived on Monday, is due to leave on Sunday.", dct: day(2026, 3, 12), expr: "Monday", typ: Date, value: "2026-03-09"},
	{text: "A deal is expected by June, officials said.", dct: day(2026, 9, 10), expr: "June", typ: Date, value: "2027-06", mod: "ON_OR_BEFORE"},
	{text: "Ministers met on Wednesday ahead of the summit on Tuesday.", dct: day(2026, 3, 12), expr: "Tuesday", typ: Date, value: "2026-03-17"},
	{text: "Ministers met on Wednesday ahead of the summit on Tuesday.", dct: day(2026, 3, 12), expr: "Wednesday", typ: Date, value: "2026-03-11"},
	{text: "The envoy met the president on Wednesday before leaving for Paris on Sunday.", dct: day(2026, 3, 12), expr: "Sunday", typ: Date, value: "2026-03-15"},
	{text: "Officials postponed the vote until Tuesday.", dct: day(2026, 3, 12), expr: "Tuesday", typ: Date, value: "2026-03-17"},
	{text: "The company said it had until June to respond.", dct: day(2026, 9, 10), expr: "June", typ: Date, value: "2027-06"},
	{text: "The exchange said trading in the shares was halted until Monday.", dct: day(2026, 3, 12), expr: "Monday", typ: Date, value: "2026-03-16"},
	{text: "The talks were adjourned until March.", dct: day(2026, 1, 20), expr: "March", typ: Date, value: "2026-03"},
	{text: "The deadline for bids is Friday, the agency said.", dct: day(2026, 3, 12), expr: "Friday", typ: Date, value: "2026-03-13"},
	{text: "Voting is on Monday in most provinces.", dct: day(2026, 3, 12), expr: "Monday", typ: Date, value: "2026-03-16"},
	{text: "The deadline was Monday.", dct: day(2026, 3, 12), expr: "Monday", typ: Date, value: "2026-03-09"},
	// Days counted from the day the story is about, not from publication.
	{text: "The ship sank on March 3 and the crew was found the next day.", dct: day(2026, 3, 12), expr: "the next day", typ: Date, value: "2026-03-04"},
	{text: "Rebels took the town Monday and lost it the next morning.", dct: day(2026, 3, 12), expr: "the next morning", typ: Time, value: "2026-03-10TMO"},
	{text: "Talks broke down on March 3; the envoy left the following evening.", dct: day(2026, 3, 12), expr: "the following evening", typ: Time, value: "2026-03-04TEV"},
	{text: "The vote was held on March 3 and the results came that night.", dct: day(2026, 3, 12), expr: "that night", typ: Time, value: "2026-03-03TNI"},

	// The reverse: a date in the main clause keeps the main verb's past.
	{text: "On Sunday, the minister said in an interview that prices would rise.", dct: day(2026, 3, 12), expr: "Sunday", typ: Date, value: "2026-03-08"},
	{text: "On Sunday the minister told reporters the bank would raise rates.", dct: day(2026, 3, 12), expr: "Sunday", typ: Date, value: "2026-03-08"},
	{text: "Tuesday's ruling angered the opposition.", dct: day(2026, 3, 12), expr: "Tuesday", typ: Date, value: "2026-03-10"},
	{text: "Tuesday's session saw prices fall.", dct: day(2026, 3, 10), expr: "Tuesday", typ: Date, value: "2026-03-10"}, // a wire tells the same day's news so
	{text: "Tuesday's vote will decide the matter.", dct: day(2026, 3, 10), expr: "Tuesday", typ: Date, value: "2026-03-10"},
	{text: "The strikers stayed out until Friday, when the union settled.", dct: day(2026, 3, 16), expr: "Friday", typ: Date, value: "2026-03-13"},
}

func TestClauseTense(t *testing.T) {
	for _, tc := range clauseCases {
		t.Run(tc.expr+" in "+tc.text, func(t *testing.T) {
			ms := Find(tc.text, tc.dct)
			m, ok := mentionWithText(ms, tc.expr)
			if !ok {
				t.Fatalf("Find(%q) = %v, want a mention %q", tc.text, summary(ms), tc.expr)
			}
			if m.Type != tc.typ || m.Value != tc.value || m.Mod != tc.mod {
				t.Errorf("%q (published %s): got %s %s mod=%q, want %s %s mod=%q", tc.expr,
					tc.dct.Format(time.DateOnly), m.Type, m.Value, m.Mod, tc.typ, tc.value, tc.mod)
			}
		})
	}
}

// modifierCases are issue 11's modifiers and compositions.
var modifierCases = []findCase{
	{text: "A deal must be signed before June.", dct: day(1987, 3, 2), expr: "June", typ: Date, value: "1987-06", mod: "BEFORE"},
	{text: "Prices rose after 1990.", expr: "1990", typ: Date, value: "1990", mod: "AFTER"},
	{text: "Shares were frozen prior to Monday.", dct: day(2026, 3, 12), expr: "Monday", typ: Date, value: "2026-03-09", mod: "BEFORE"},
	{text: "The plan ran up to 1989.", expr: "1989", typ: Date, value: "1989", mod: "ON_OR_BEFORE"},
	{text: "It must report by Friday.", dct: day(2026, 3, 12), expr: "Friday", typ: Date, value: "2026-03-13", mod: "ON_OR_BEFORE"},
	{text: "He has been ill since 2004.", expr: "2004", typ: Date, value: "2004", mod: "ON_OR_AFTER"},
	{text: "Profit fell in the first quarter of last year.", expr: "the first quarter of last year", typ: Date, value: "2025-Q1"},
	{text: "Profit fell in the final quarter of 2009.", expr: "the final quarter of 2009", typ: Date, value: "2009-Q4"},
	{text: "Profit fell in the last quarter of 2008.", expr: "the last quarter of 2008", typ: Date, value: "2008-Q4"},
	{text: "Profit rose in the first half of 2009.", expr: "the first half of 2009", typ: Date, value: "2009-H1"},
	{text: "Profit fell in the second half of last year.", expr: "the second half of last year", typ: Date, value: "2025-H2"},
	{text: "Growth slowed in the second half of the year.", dct: day(2026, 3, 27), expr: "the second half of the year", typ: Date, value: "2025-H2"},
	{text: "Growth will slow in the second half of the year.", dct: day(2026, 3, 27), expr: "the second half of the year", typ: Date, value: "2026-H2"},
	{text: "First-half profit fell.", dct: day(2026, 3, 27), expr: "First-half", typ: Date, value: "2026-H1"},
	{text: "First-half profit rose.", dct: day(2026, 8, 1), expr: "First-half", typ: Date, value: "2026-H1"},
	{text: "Sales in H2 2025 fell.", expr: "H2 2025", typ: Date, value: "2025-H2"},
	// A part of the period after "of", not a week counted from publication.
	{text: "Rain fell in the last week of September.", dct: day(2031, 10, 23), expr: "the last week of September", typ: Date, value: "2031-09", mod: "END"},
	{text: "Stores open in the first week of December.", dct: day(2031, 10, 23), expr: "the first week of December", typ: Date, value: "2031-12", mod: "START"},
	{text: "The strike spread in the final days of 2030.", dct: day(2031, 10, 23), expr: "the final days of 2030", typ: Date, value: "2030", mod: "END"},
	{text: "Talks stalled in the first months of last year.", dct: day(2031, 10, 23), expr: "the first months of last year", typ: Date, value: "2030", mod: "START"},
	{text: "The talks open on March six.", dct: day(2026, 3, 1), expr: "March six", typ: Date, value: "2026-03-06"},
	{text: "The warrant runs to September one, 1989.", expr: "September one, 1989", typ: Date, value: "1989-09-01"},
	{text: "The quake struck at 16:08 UTC.", expr: "16:08 UTC", typ: Time, value: "2026-01-27T16:08Z"},
	{text: "It landed at 6:40 p.m. (GMT+8) on Friday.", expr: "6:40 p.m. (GMT+8)", typ: Time, value: "2026-01-27T18:40+08"},
	{text: "Trading opens at 9:30 a.m. EDT.", expr: "9:30 a.m. EDT", typ: Time, value: "2026-01-27T09:30-04"},
	{text: "The call was at 10 a.m. GMT-05:00.", expr: "10 a.m. GMT-05:00", typ: Time, value: "2026-01-27T10:00-05"},
}

func TestModifiers(t *testing.T) {
	for _, tc := range modifierCases {
		t.Run(tc.text, func(t *testing.T) {
			dct := tc.dct
			if dct.IsZero() {
				dct = seedDCT
			}
			ms := Find(tc.text, dct)
			m, ok := mentionWithText(ms, tc.expr)
			if !ok {
				t.Fatalf("Find(%q) = %v, want a mention %q", tc.text, summary(ms), tc.expr)
			}
			if m.Type != tc.typ || m.Value != tc.value || m.Mod != tc.mod {
				t.Errorf("%q: got %s %s mod=%q, want %s %s mod=%q", tc.expr, m.Type, m.Value, m.Mod, tc.typ, tc.value, tc.mod)
			}
		})
	}
}

// TestNotInsideWords checks that codes and names holding letters and
// digits are not read as dates.
func TestNotInsideWords(t *testing.T) {
	for _, text := range []string{
		"The model x2q7 sold well.",
		"MAY7 284 1/2 UP 1",
		"The A320s were grounded.",
		"Its code is 3Q2X.",
		"He scored in the first half of the match.",
		"Growth slowed in the second half.", // half of what the text does not say
	} {
		for _, m := range Find(text, seedDCT) {
			t.Errorf("Find(%q) found %q (%s %s), want nothing", text, m.Text, m.Type, m.Value)
		}
	}
}

func TestIntervalOfModsAndZones(t *testing.T) {
	tests := []struct {
		value, mod string
		start, end time.Time
	}{
		{"1987-06", "BEFORE", day(1987, 5, 1), day(1987, 6, 1)},
		{"1987-06", "AFTER", day(1987, 7, 1), day(1987, 8, 1)},
		{"1987-06", "ON_OR_BEFORE", day(1987, 5, 1), day(1987, 7, 1)},
		{"1987-06", "ON_OR_AFTER", day(1987, 6, 1), day(1987, 8, 1)},
		{"2026-01-27T18:40+08", "", time.Date(2026, 1, 27, 10, 40, 0, 0, time.UTC), time.Date(2026, 1, 27, 10, 41, 0, 0, time.UTC)},
		{"2026-01-27T16:08Z", "", time.Date(2026, 1, 27, 16, 8, 0, 0, time.UTC), time.Date(2026, 1, 27, 16, 9, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		start, end, ok := Interval(tc.value, tc.mod)
		if !ok || !start.Equal(tc.start) || !end.Equal(tc.end) {
			t.Errorf("Interval(%s, %s) = %v, %v, %v; want %v, %v", tc.value, tc.mod, start, end, ok, tc.start, tc.end)
		}
	}
	for _, v := range []string{"2026-01-27T16:08Z", "2026-01-27T18:40+08", "2026-01-27T09:00-05:30"} {
		if !ValidValue(v) {
			t.Errorf("ValidValue(%s) = false", v)
		}
	}
	for _, v := range []string{"2026-01-27T16:08+", "2026-01-27T16:08+99", "2026-01-27T16:08Q"} {
		if ValidValue(v) {
			t.Errorf("ValidValue(%s) = true", v)
		}
	}
	if got := Display("2026-01-27T18:40+08", ""); got != "27 Jan 2026 18:40 UTC+8" {
		t.Errorf("Display of a zoned time = %q", got)
	}
	if got := Display("2009-H1", ""); got != "H1 2009" {
		t.Errorf("Display of a half = %q", got)
	}
	if start, end, ok := Interval("2009-H2", ""); !ok || !start.Equal(day(2009, 7, 1)) || !end.Equal(day(2010, 1, 1)) {
		t.Errorf("Interval(2009-H2) = %v, %v, %v", start, end, ok)
	}
	if got := Display("1987-06", "BEFORE"); got != "before Jun 1987" {
		t.Errorf("Display of BEFORE = %q", got)
	}
}

func TestBackground(t *testing.T) {
	tests := []struct {
		sentence string
		want     bool
	}{
		{"The board had approved the plan in private.", true},
		{"Talks had already been broken off.", true},
		{"The company was the largest in the region.", true},
		{"The plant was closed by the strike.", false}, // a passive: an event
		{"The minister resigned after the vote.", false},
		{"He said the company had no comment.", false},
		{"Prices rose sharply.", false},
	}
	for _, tt := range tests {
		if got := Background(tt.sentence); got != tt.want {
			t.Errorf("Background(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
}
