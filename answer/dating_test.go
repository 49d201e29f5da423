package answer_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEventDating checks which date an entry gets, one article per case.
func TestEventDating(t *testing.T) {
	tests := []struct {
		name, published, body, query string
		want                         []string // entry dates, chronological
	}{
		{"date in the sentence", "2026-01-27", "The convoy reached Raqqa on 23 January.", "convoy", []string{"2026-01-23"}},
		{"nearest date to the match", "2026-01-27",
			"In 2019 the old treaty lapsed, and the convoy reached Raqqa on 23 January.", "convoy raqqa", []string{"2026-01-23"}},
		{"event date beats report date", "2026-01-27",
			"The ministry announced on 26 January that the convoy left in December 2025.", "convoy", []string{"2025-12"}},
		{"report date when it is the only one", "2026-01-27",
			"The convoy left the base, officials said on Monday.", "convoy", []string{"2026-01-26"}},
		{"duration does not date", "2026-01-27", "The convoy spent three days at the border.", "convoy", []string{"2026-01-27"}},
		{"two dated statements, two entries", "2026-01-27",
			"The convoy left on 20 January. The convoy returned on 25 January.", "convoy", []string{"2026-01-20", "2026-01-25"}},
		{"week as a week", "2026-01-27", "The convoy moved last week.", "convoy", []string{"2026-W04"}},
		{"late 2025 as a year", "2026-01-27", "The convoy was planned in late 2025.", "convoy", []string{"2025"}},
		{"adjectival year skipped", "2026-01-27", "The convoy followed the 2019 agreement.", "convoy", []string{"2026-01-27"}},
		{"apposition skipped", "2026-01-27",
			"The convoy, formed in March 2020, reached the border on 25 January.", "convoy", []string{"2026-01-25"}},
		{"apposition alone dates nothing", "2026-01-27",
			"Jobs, born in San Francisco on February 24, 1955, built the convoy company.", "convoy", []string{"2026-01-27"}},
		{"participle phrase of an object skipped", "2026-01-27",
			"The convoy violates an agreement reached between the two sides in 1991.", "convoy", []string{"2026-01-27"}},
		{"participle phrase after a preposition skipped", "2026-01-27",
			"The convoy waits under the deal signed in March 2020.", "convoy", []string{"2026-01-27"}},
		{"a subject's verb keeps its date", "2026-01-27",
			"Officials said the convoy reached the border in December 2025.", "convoy", []string{"2025-12"}},
		{"a reported subject keeps its date", "2026-01-27",
			"Officials said the company reached a convoy deal in 1991.", "convoy", []string{"1991"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := openWith(t, testArticle{"Convoy", "Wire", "", tt.published, tt.body})
			var got []string
			for _, e := range when(t, a, tt.query).Entries {
				got = append(got, e.Date)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("dates %v, want %v", got, tt.want)
			}
		})
	}
}

// TestQuotesAreSubstringsProperty generates articles and queries and checks
// that every quote an answer gives is the stored body's own text and every
// highlight lies inside its quote.
func TestQuotesAreSubstringsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	words := []string{"convoy", "airport", "Russian", "forces", "withdrew", "the", "base", "said", "officials",
		"on", "Monday", "in", "2025", "late", "Qamishli", "U.S.", "Mr.", "Smith", "“elite”", "team", "3.5", "percent",
		"according", "to", "Reuters", "last", "week", "é", "—", "(SDF)", "January", "23"}
	sentence := func() string {
		n := 4 + rng.IntN(14)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[rng.IntN(len(words))]
		}
		return strings.ToUpper(ws[0][:1]) + ws[0][1:] + " " + strings.Join(ws[1:], " ") + "."
	}
	var arts []testArticle
	for i := 0; i < 30; i++ {
		var paras []string
		for p := 0; p < 1+rng.IntN(5); p++ {
			var ss []string
			for s := 0; s < 1+rng.IntN(12); s++ {
				ss = append(ss, sentence())
			}
			paras = append(paras, strings.Join(ss, " "))
		}
		arts = append(arts, testArticle{fmt.Sprintf("Story %d", i), "Wire", "", fmt.Sprintf("2026-01-%02d", 1+i%28), strings.Join(paras, "\n\n")})
	}
	a := openWith(t, arts...)
	checked := 0
	for _, q := range []string{"convoy", "russia qamishli", "airport base", `"elite team"`, "smith", "percent"} {
		tl := when(t, a, q)
		checked += len(tl.Entries)
		for _, e := range tl.Entries {
			checkQuote(t, arts, e.Article.Title, e.Quote, len(e.Highlights), func(i int) (int, int) { return e.Highlights[i].Start, e.Highlights[i].End })
		}
		for _, h := range search(t, a, q).Hits {
			checkQuote(t, arts, h.Article.Title, h.Quote, len(h.Highlights), func(i int) (int, int) { return h.Highlights[i].Start, h.Highlights[i].End })
		}
	}
	if checked < 30 {
		t.Errorf("only %d entries checked: the property was hardly exercised", checked)
	}
}

func checkQuote(t *testing.T, arts []testArticle, title, quote string, n int, hl func(int) (int, int)) {
	t.Helper()
	for _, a := range arts {
		if a.title != title {
			continue
		}
		if quote == "" || !strings.Contains(a.body, quote) {
			t.Errorf("%s: quote is not the body's text: %q", title, quote)
		}
	}
	for i := 0; i < n; i++ {
		if s, e := hl(i); s < 0 || e > len(quote) || s >= e {
			t.Errorf("%s: highlight %d-%d outside %q", title, s, e, quote)
		}
	}
}
