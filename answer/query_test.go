package answer

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseQuery(t *testing.T) {
	now := time.Date(2026, 1, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		raw     string
		filters Filters // given apart: flags, slash-command options
		terms   []string
		phrases []string
		outlet  string
		since   string // YYYY-MM-DD or ""
		until   string
	}{
		{raw: "russia qamishli", terms: []string{"russia", "qamishli"}},
		{raw: "When did Russia leave Qamishli?", terms: []string{"Russia", "leave", "Qamishli"}},
		{raw: "what happened at Hmeimim", terms: []string{"at", "Hmeimim"}},
		{raw: `"Russian forces" withdrawal`, terms: []string{"withdrawal"}, phrases: []string{"Russian forces"}},
		{raw: `“elite team” airport`, terms: []string{"airport"}, phrases: []string{"elite team"}},
		{raw: `"unclosed phrase`, phrases: []string{"unclosed phrase"}},
		{raw: "+russia -qamishli", terms: []string{"russia", "qamishli"}},
		{raw: "title:russia OR russ*", terms: []string{"title:russia", "OR", "russ"}},
		{raw: "WHO vaccine", terms: []string{"WHO", "vaccine"}},
		{raw: "U.S. troops", terms: []string{"U.S.", "troops"}},
		{raw: "al-Sharaa visit since:2025-12", terms: []string{"al-Sharaa", "visit"}, since: "2025-12-01"},
		{raw: "troops until:2025", terms: []string{"troops"}, until: "2026-01-01"},
		{raw: `troops since:"23 January 2026"`, terms: []string{"troops"}, since: "2026-01-23"},
		{raw: "troops outlet:Reuters", terms: []string{"troops"}, outlet: "Reuters"},
		{raw: "(a AND b) c~2 d^3", terms: []string{"AND", "b", "c", "2", "d", "3"}},
		{raw: "troops", filters: Filters{Since: "2025-12", Until: "2025", Outlet: "AP"}, terms: []string{"troops"},
			since: "2025-12-01", until: "2026-01-01", outlet: "AP"},
		{raw: "troops since:2024 outlet:Reuters", filters: Filters{Since: "last week", Outlet: "AP"}, terms: []string{"troops"},
			since: "2026-01-19", outlet: "AP"},
		{raw: "troops since:2024", filters: Filters{Until: "2025-06"}, terms: []string{"troops"}, since: "2024-01-01", until: "2025-07-01"},
		{raw: `"Russian forces"`, filters: Filters{Outlet: "AP"}, phrases: []string{"Russian forces"}, outlet: "AP"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			q, err := ParseQuery(tt.raw, tt.filters, now)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(q.Terms, tt.terms) || !reflect.DeepEqual(q.Phrase, tt.phrases) || q.Outlet != tt.outlet {
				t.Errorf("terms %q phrases %q outlet %q", q.Terms, q.Phrase, q.Outlet)
			}
			if got := dateOrEmpty(q.Since); got != tt.since {
				t.Errorf("since %s, want %s", got, tt.since)
			}
			if got := dateOrEmpty(q.Until); got != tt.until {
				t.Errorf("until %s, want %s", got, tt.until)
			}
		})
	}
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// TestParseQueryErrors: what ParseQuery refuses, and that its reason names
// what to fix. Both front-ends show this reason (CLI exit 2, bot privately).
func TestParseQueryErrors(t *testing.T) {
	now := time.Date(2026, 1, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		raw     string
		filters Filters
		noWords bool   // errors.Is(err, ErrNoWords)
		says    string // the message holds this
	}{
		{"outlet only", "outlet:Reuters", Filters{}, true, "no words to look for"},
		{"date only", "since:2025-12", Filters{}, true, "only narrow a search"},
		{"both bounds only", `since:2025-12 until:"last week"`, Filters{}, true, "no words"},
		{"outlet only, given apart", "", Filters{Outlet: "Reuters"}, true, "no words"},
		{"date only, given apart", "  ", Filters{Since: "2025-12"}, true, "no words"},
		{"question words only", "when did what happen?", Filters{}, true, "no words"},
		{"empty", "", Filters{}, true, "no words"},
		{"unreadable date in the words", "troops since:blorp", Filters{}, false, `since: cannot read "blorp" as a date (try`},
		{"unreadable date given apart", "troops", Filters{Until: "blorp"}, false, `until: cannot read "blorp"`},
		{"empty date", "troops since:", Filters{}, false, "since: no date given"},
		{"overlong date", "troops", Filters{Since: strings.Repeat("x", 101)}, false, "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.raw, tt.filters, now)
			if err == nil {
				t.Fatalf("no error; query %+v", q)
			}
			if errors.Is(err, ErrNoWords) != tt.noWords || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q, want one saying %q (no words: %v)", err, tt.says, tt.noWords)
			}
		})
	}
}

func TestParseQueryLongInput(t *testing.T) {
	q, err := ParseQuery(strings.Repeat("word ", 3000)+"\xff\xfe", Filters{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Raw) > MaxQueryBytes {
		t.Errorf("raw query kept %d bytes", len(q.Raw))
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"russia qamishli", `"a b" since:2025`, "since:", `since:"`, "\xff", "outlet:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := ParseQuery(raw, Filters{}, time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return
		}
		if len(q.Terms) == 0 && len(q.Phrase) == 0 {
			t.Errorf("a query with nothing to look for was accepted: %+v", q)
		}
		for _, w := range append(q.Terms, q.Phrase...) {
			if w == "" || strings.ContainsAny(w, " \t\n") && !contains(q.Phrase, w) {
				t.Errorf("bad word %q", w)
			}
		}
	})
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestReadAs checks issue 11's query understanding: "us" in a keyword
// query is the country, and the answer says how it read the query.
func TestReadAs(t *testing.T) {
	now := time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		raw, readAs string
		terms       []string
	}{
		{"us dollar Louvre accord", "U.S. dollar Louvre accord", []string{"US", "dollar", "Louvre", "accord"}},
		{"u.s dollar", "U.S. dollar", []string{"US", "dollar"}},
		{"US dollar", "", []string{"US", "dollar"}},
		{"tell us about the dollar", "", []string{"us", "dollar"}},
		{"dollar against us currency", "", []string{"dollar", "against", "us", "currency"}},
		{"russia qamishli", "", []string{"russia", "qamishli"}},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.raw, Filters{}, now)
		if err != nil {
			t.Fatal(err)
		}
		if q.ReadAs != tt.readAs || !reflect.DeepEqual(q.Terms, tt.terms) {
			t.Errorf("%q: read as %q, terms %q; want %q, %q", tt.raw, q.ReadAs, q.Terms, tt.readAs, tt.terms)
		}
	}
}
