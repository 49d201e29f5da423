package answer_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
)

// totalsArchive is 450 recent reports of convoys, each on its own day in
// its own words (nothing folds), 5 old ones, and 20 old ones that name Qamishli too.
func totalsArchive() []testArticle {
	var arts []testArticle
	first := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 450 {
		day := first.AddDate(0, 0, i)
		arts = append(arts, testArticle{title: fmt.Sprintf("Report %d", i), outlet: "Wire",
			published: day.AddDate(0, 0, 1).Format(time.DateOnly),
			body:      fmt.Sprintf("A convoy of %d trucks crossed the border on %s, officials said.", 10+i, day.Format("2 January 2006"))})
	}
	towns := []string{"Aleppo", "Homs", "Hama", "Idlib", "Raqqa"}
	for i, town := range towns {
		arts = append(arts, testArticle{title: fmt.Sprintf("Old report %d", i), outlet: "Archive", published: "2020-03-10",
			body: fmt.Sprintf("Witnesses in %s saw a convoy pass on %d March.", town, i+1)})
	}
	for i := range 20 {
		day := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 3*i)
		arts = append(arts, testArticle{title: fmt.Sprintf("Qamishli %d", i), outlet: "Desk", published: day.AddDate(0, 0, 1).Format(time.DateOnly),
			body: fmt.Sprintf("Guards at Qamishli stopped a convoy of %d tankers on %s.", 5+i, day.Format("2 January 2006"))})
	}
	return arts
}

// TestTrueTotals checks issue 11's totals: the filter is part of the
// index's query, and the total counts every match, not only the 400 most
// relevant passages an answer weighs; the CLI and Discord say it alike.
func TestTrueTotals(t *testing.T) {
	a := openWith(t, totalsArchive()...)
	tests := []struct {
		query    string
		total    int
		approx   bool
		pageable int
	}{
		// The filter in the query: every match is weighed, the count is exact.
		{"convoy until:2021", 25, false, 25},
		// 475 matching passages, 400 weighed: each of the 75 others counts once.
		{"convoy", 475, true, 400},
		// 475 passages hold a word, but those that name only one of the two
		// words do not count: 20, exact.
		{"qamishli convoy", 20, false, 20},
		{"convoy since:2025-03-01", 25, false, 25},
		{"convoy since:2026", 0, false, 0},
	}
	for _, tt := range tests {
		tl := when(t, a, tt.query)
		if tl.Total != tt.total || tl.TotalApprox != tt.approx || tl.Weighed != tt.pageable {
			t.Errorf("when %s: total %d (approximate %v), %d pageable; want %d (%v), %d",
				tt.query, tl.Total, tl.TotalApprox, tl.Weighed, tt.total, tt.approx, tt.pageable)
		}
		if !tt.approx && len(tl.Entries) != min(tt.total, 50) {
			t.Errorf("when %s: %d entries shown of an exact %d", tt.query, len(tl.Entries), tl.Total)
		}
		rs := search(t, a, tt.query)
		if tt.query == "convoy" && (rs.Total != tt.total || !rs.TotalApprox) {
			t.Errorf("search %s: total %d (approximate %v), want %d (true)", tt.query, rs.Total, rs.TotalApprox, tt.total)
		}
	}
	// The first page is the same with the count as without it: the most
	// relevant entries weighed, oldest first.
	tl := when(t, a, "convoy")
	for i := 1; i < len(tl.Entries); i++ {
		if tl.Entries[i].Date < tl.Entries[i-1].Date {
			t.Errorf("entries out of order: %s after %s", tl.Entries[i].Date, tl.Entries[i-1].Date)
		}
	}
}

func TestCountText(t *testing.T) {
	tests := []struct {
		total  int
		approx bool
		want   string
	}{
		{0, false, "0"}, {23, false, "23"}, {2345, true, "about 2345"},
	}
	for _, tt := range tests {
		if got := answer.CountText(tt.total, tt.approx); got != tt.want {
			t.Errorf("CountText(%d, %v) = %q, want %q", tt.total, tt.approx, got, tt.want)
		}
	}
}
