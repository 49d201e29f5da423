package answer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
)

// TestFirstPageDatesEvents checks issue 11's first page: entries whose own
// words date the event come first, then those dated by the article's
// opening, and entries dated only by publication fill what is left;
// passages too short to state anything come last.
func TestFirstPageDatesEvents(t *testing.T) {
	var arts []testArticle
	// Twelve reports on the pipeline that give no date of their own, the
	// most relevant (the query's words several times over).
	for i := range 12 {
		arts = append(arts, testArticle{
			title: fmt.Sprintf("Pipeline report %d", i), outlet: "Wire", published: "1987-03-20",
			body: fmt.Sprintf("Analysts expect the Ecuador pipeline repairs to cost %d million dlrs, the Ecuador pipeline operator said in a statement.", 10+7*i),
		})
	}
	arts = append(arts,
		testArticle{title: "Quake", outlet: "Wire", published: "1987-03-09",
			body: "The earthquake on March 5 destroyed a section of the Ecuador pipeline, officials said."},
		testArticle{title: "Repairs", outlet: "Wire", published: "1987-03-10",
			body: "Repairs to the Ecuador pipeline will begin on March 20, the oil ministry said."},
		testArticle{title: "Signature", outlet: "Wire", published: "1987-03-11",
			body: "Ecuador pipeline desk"},
	)
	a := openWith(t, arts...)
	q := query(t, "ecuador pipeline")
	q.Limit = 10
	tl, err := a.When(context.Background(), app.Caller{}, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Entries) != 10 {
		t.Fatalf("%d entries, want a full page of 10", len(tl.Entries))
	}
	var dated, reported int
	for _, e := range tl.Entries {
		switch e.DateFrom {
		case answer.DateFromSentence:
			dated++
		case answer.DateFromPublication:
			reported++
		}
		if e.Quote == "Ecuador pipeline desk" {
			t.Errorf("a signature line is on the first page while statements fill it")
		}
	}
	if dated != 2 || reported != 8 {
		t.Errorf("first page: %d dated by their words, %d reported; want both dated entries and 8 reported to fill", dated, reported)
	}
	// Pages are told in chronological order.
	if tl.Entries[0].Date != "1987-03-05" {
		t.Errorf("first entry %s %q, want the earthquake of 5 March", tl.Entries[0].Date, tl.Entries[0].Quote)
	}
}

// TestPlannedStatements checks that statements about the future are marked:
// dated after publication, or undated and told in the future tense.
func TestPlannedStatements(t *testing.T) {
	a := openWith(t,
		testArticle{title: "Repairs", outlet: "Wire", published: "1987-03-10",
			body: "Repairs to the Ecuador pipeline will begin on March 20, the oil ministry said.\n\n" +
				"The Ecuador pipeline was destroyed on March 5 by the earthquake.\n\n" +
				"The Ecuador pipeline operator will need foreign loans to pay for it."},
	)
	tl := when(t, a, "ecuador pipeline")
	want := map[string]bool{"1987-03-20": true, "1987-03-05": false, "1987-03-10": true}
	if len(tl.Entries) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(tl.Entries), len(want), tl.Entries)
	}
	for _, e := range tl.Entries {
		if e.Planned != want[e.Date] {
			t.Errorf("%s %q: planned %v, want %v", e.Date, e.Quote, e.Planned, want[e.Date])
		}
	}
	for _, e := range tl.Entries {
		if e.Date == "1987-03-20" && e.Label() != "expected 20 Mar 1987" {
			t.Errorf("label %q, want \"expected 20 Mar 1987\"", e.Label())
		}
	}
}

// TestSameEventFolds checks that two articles telling the same dated event
// in other words give one entry crediting both.
func TestSameEventFolds(t *testing.T) {
	a := openWith(t,
		testArticle{title: "Quake hits pipeline", outlet: "Wire A", published: "1987-03-06",
			body: "The earthquake on March 5 destroyed a section of the Ecuador pipeline, officials said."},
		testArticle{title: "Ecuador oil halted", outlet: "Wire B", published: "1987-03-07",
			body: "Officials said the earthquake on March 5 destroyed a long section of the Ecuador pipeline near Lago Agrio."},
		testArticle{title: "Other event", outlet: "Wire C", published: "1987-03-07",
			body: "Ecuador pipeline workers went on strike on March 5 over pay."},
	)
	tl := when(t, a, "ecuador pipeline")
	if len(tl.Entries) != 2 {
		var qs []string
		for _, e := range tl.Entries {
			qs = append(qs, e.Quote)
		}
		t.Fatalf("%d entries, want 2 (the earthquake once, the strike): %s", len(tl.Entries), strings.Join(qs, " | "))
	}
	for _, e := range tl.Entries {
		if strings.Contains(e.Quote, "earthquake") && len(e.AlsoIn) != 1 {
			t.Errorf("the earthquake entry credits %d other articles, want 1", len(e.AlsoIn))
		}
	}
}

// TestDateFilterInsideTheQuery is issue 11's case: 450 recent articles
// and 5 old ones match; `until 2021` must find the old ones (the index
// filters before it keeps its best 400) and count them truly.
func TestDateFilterInsideTheQuery(t *testing.T) {
	var arts []testArticle
	for i := range 450 {
		arts = append(arts, testArticle{title: fmt.Sprintf("Convoy %d", i), outlet: "Wire", published: "2025-11-20",
			body: fmt.Sprintf("The convoy of %d trucks and more convoy trucks crossed the border on 18 November, convoy officials said.", i+10)})
	}
	towns := []string{"Aleppo", "Homs", "Hama", "Idlib", "Raqqa"}
	for i, town := range towns {
		arts = append(arts, testArticle{title: fmt.Sprintf("Old convoy %d", i), outlet: "Wire", published: "2020-03-10",
			body: fmt.Sprintf("Witnesses in %s saw a convoy pass on %d March.", town, i+1)})
	}
	a := openWith(t, arts...)
	tl := when(t, a, "convoy until:2021")
	if tl.Total != 5 || len(tl.Entries) != 5 {
		t.Fatalf("until 2021: total %d, %d entries; want the 5 old convoys", tl.Total, len(tl.Entries))
	}
	for _, e := range tl.Entries {
		if !strings.HasPrefix(e.Date, "2020-03-0") {
			t.Errorf("entry dated %s: %q", e.Date, e.Quote)
		}
	}
	for _, e := range when(t, a, "convoy since:2025-11").Entries {
		if e.Date != "2025-11-18" {
			t.Errorf("since Nov 2025: an entry dated %s", e.Date)
		}
	}
}
