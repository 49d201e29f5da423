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
	{text: "A deal is expected by June, officials said.", dct: day(2026, 9, 10), expr: "June", typ: Date, value: "2027-06"},
	{text: "Ministers met on Wednesday ahead of the summit on Tuesday.", dct: day(2026, 3, 12), expr: "Tuesday", typ: Date, value: "2026-03-17"},
	{text: "Ministers met on Wednesday ahead of the summit on Tuesday.", dct: day(2026, 3, 12), expr: "Wednesday", typ: Date, value: "2026-03-11"},
	{text: "The envoy met the president on Wednesday before leaving for Paris on Sunday.", dct: day(2026, 3, 12), expr: "Sunday", typ: Date, value: "2026-03-15"},
	{text: "Officials postponed the vote until Tuesday.", dct: day(2026, 3, 12), expr: "Tuesday", typ: Date, value: "2026-03-17"},
	{text: "The company said it had until June to respond.", dct: day(2026, 9, 10), expr: "June", typ: Date, value: "2027-06"},
	{text: "The exchange said trading in the shares was halted until Monday.", dct: day(2026, 3, 12), expr: "Monday", typ: Date, value: "2026-03-16"},
	{text: "The talks were adjourned until March.", dct: day(2026, 1, 20), expr: "March", typ: Date, value: "2026-03"},

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
