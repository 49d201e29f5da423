package answer_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
)

// TestDateFiltersInsideTheQuery checks issue 11's filters: since and until
// are part of the index's query, so an archive of many recent matching
// articles and a few old ones answers `when --until 2021 convoy` with the
// old ones, and the totals count what the filter keeps.
func TestDateFiltersInsideTheQuery(t *testing.T) {
	var arts []testArticle
	// 450 recent reports, each the most relevant (the query's word three
	// times), dated in their own words.
	for i := range 450 {
		pub := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%200)
		arts = append(arts, testArticle{
			title: fmt.Sprintf("Convoy report %d", i), outlet: "Wire", published: pub.Format(time.DateOnly),
			body: fmt.Sprintf("The convoy of %d trucks reached the border crossing on Monday; convoy drivers said the convoy would return.", 10+i),
		})
	}
	old := []string{"2019-03-04", "2019-07-15", "2020-01-20", "2020-05-11", "2020-11-30"}
	for i, p := range old {
		arts = append(arts, testArticle{
			title: fmt.Sprintf("Old convoy %d", i), outlet: "Archive", published: p,
			body: fmt.Sprintf("A convoy of %d aid lorries left the capital on Friday.", 3+i),
		})
	}
	// An old event told by a recent article is found by its date.
	arts = append(arts, testArticle{title: "Anniversary", outlet: "Wire", published: "2025-09-01",
		body: "The first convoy crossed the border on 2 August 2018, officials recalled."})
	a := openWith(t, arts...)
	now := time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC)
	ask := func(f answer.Filters) answer.Timeline {
		t.Helper()
		q, err := answer.ParseQuery("convoy", f, now)
		if err != nil {
			t.Fatal(err)
		}
		tl, err := a.When(context.Background(), app.Caller{}, q)
		if err != nil {
			t.Fatal(err)
		}
		return tl
	}

	tl := ask(answer.Filters{Until: "2021"})
	if tl.Total != len(old)+1 || tl.Articles != len(old)+1 || len(tl.Entries) != len(old)+1 {
		t.Fatalf("until 2021: %d entries of %d from %d articles, want all %d old events", len(tl.Entries), tl.Total, tl.Articles, len(old)+1)
	}
	for _, e := range tl.Entries {
		if e.Date >= "2021" {
			t.Errorf("until 2021 shows %s %q", e.Date, e.Quote)
		}
	}
	if tl.Entries[0].Date != "2018-08-02" {
		t.Errorf("first entry %s %q, want the 2018 crossing told in 2025", tl.Entries[0].Date, tl.Entries[0].Quote)
	}

	tl = ask(answer.Filters{Since: "2019-07", Until: "2020-06"})
	if tl.Total != 3 {
		t.Errorf("since 2019-07 until 2020-06: total %d, want 3", tl.Total)
	}
	tl = ask(answer.Filters{Since: "2025-12-01"})
	for _, e := range tl.Entries {
		if e.Date < "2025-12-01" {
			t.Errorf("since Dec 2025 shows %s %q", e.Date, e.Quote)
		}
	}
	if tl.Total == 0 {
		t.Errorf("since Dec 2025: nothing, want the reports of December")
	}
}
