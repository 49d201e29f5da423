package answer

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/timex"
)

func TestParseQuery(t *testing.T) {
	now := time.Date(2026, 1, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		raw     string
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
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			q, err := ParseQuery(tt.raw, now)
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

func TestParseQueryBadDate(t *testing.T) {
	if _, err := ParseQuery("troops since:blorp", time.Now()); err == nil || !strings.Contains(err.Error(), "blorp") {
		t.Errorf("err = %v", err)
	}
}

func TestParseQueryLongInput(t *testing.T) {
	q, err := ParseQuery(strings.Repeat("word ", 3000)+"\xff\xfe", time.Now())
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
		q, err := ParseQuery(raw, time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return
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

func TestIsReportDate(t *testing.T) {
	tests := []struct {
		before string
		want   bool
	}{
		{"the Kremlin announced on ", true},
		{"according to a security source cited by Shafaq News ", true},
		{"The source said the evacuation began on ", false},
		{"Putin is set to host Sharaa in Moscow ", false},
		{"officials said ", true},
		{"the ministry said in a statement on ", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := isReportDate(tt.before); got != tt.want {
			t.Errorf("isReportDate(%q) = %v", tt.before, got)
		}
	}
}

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

func TestSimilarity(t *testing.T) {
	a := shingles("Russian forces have carried out a limited redeployment from Qamishli Airport in northeast Syria.")
	b := shingles("Russian forces have carried out a limited redeployment from Qamishli airport in northeast Syria")
	c := shingles("Rain fell on the valley for three days and the river rose.")
	if s := similarity(a, b); s < syndicationThreshold {
		t.Errorf("copies: similarity %.2f", s)
	}
	if s := similarity(a, c); s > 0.1 {
		t.Errorf("different texts: similarity %.2f", s)
	}
}

func TestNamesAThing(t *testing.T) {
	tests := []struct {
		text, year string
		want       bool
	}{
		{"violated the 1991 agreement with its label", "1991", true},
		{"at the company's 2010 Worldwide Developers Conference", "2010", true},
		{"an agreement reached in 1991.", "1991", false},
		{"launched the store in 2003, and", "2003", false},
		{"the 2003 and 2004 seasons", "2003", false},
		{"since 2004 he has", "2004", false},
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.year)
		m := timex.Mention{Start: i, End: i + 4, Text: tt.year, Type: timex.Date, Value: tt.year}
		if got := namesAThing(tt.text, m); got != tt.want {
			t.Errorf("%q: %v", tt.text, got)
		}
	}
}
