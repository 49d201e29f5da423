package answer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
)

// testArticle is an article written for these tests.
type testArticle struct {
	title, outlet, url, published, body string
}

// openWith opens a real data directory (SQLite + Bleve) holding articles.
func openWith(t *testing.T, arts ...testArticle) *app.App {
	t.Helper()
	ctx := context.Background()
	a, err := app.OpenDir(ctx, filepath.Join(t.TempDir(), "data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	in := a.NewIngester(app.Origin{Source: corpus.SourceFile, By: "test"})
	for i, ta := range arts {
		pub, err := time.Parse(time.DateOnly, ta.published)
		if err != nil {
			t.Fatal(err)
		}
		item := parse.Item{Article: corpus.Article{Title: ta.title, Outlet: ta.outlet, URL: ta.url, Published: pub, Body: ta.body}}
		if err := in.Add(ctx, fmt.Sprintf("test-%d", i), []parse.Item{item}); err != nil {
			t.Fatal(err)
		}
	}
	if err := in.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rep := in.Report(); rep.Added != len(arts) {
		t.Fatalf("ingest: %+v", rep)
	}
	return a
}

func query(t *testing.T, raw string) answer.Query {
	t.Helper()
	q, err := answer.ParseQuery(raw, answer.Filters{}, time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	q.Limit = 50
	return q
}

func search(t *testing.T, a *app.App, raw string) answer.Results {
	t.Helper()
	res, err := a.Search(context.Background(), app.Caller{}, query(t, raw))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func when(t *testing.T, a *app.App, raw string) answer.Timeline {
	t.Helper()
	tl, err := a.When(context.Background(), app.Caller{}, query(t, raw))
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func TestPlacesMatchDemonyms(t *testing.T) {
	a := openWith(t,
		testArticle{"Troops move", "Wire", "", "2026-01-10", "Russian forces left the airport on Monday."},
		testArticle{"Talks", "Wire", "", "2026-01-11", "American and Iranian envoys met in Oman."},
		testArticle{"Aid", "Wire", "", "2026-01-12", "The U.S. sent aid to Syrians in the north."},
		testArticle{"Letters", "Wire", "", "2026-01-13", "Tell us what you think of the plan."},
		testArticle{"Border", "Wire", "", "2026-01-14", "Canadian forces crossed into the United Arab Emirates zone."},
		testArticle{"Currency", "Wire", "", "2026-01-15", "The U.S. dollar rose against the Spanish peseta."},
	)
	tests := []struct {
		query string
		want  []string // titles
	}{
		{"russia", []string{"Troops move"}},
		{"russians", []string{"Troops move"}},
		{"iran", []string{"Talks"}},
		{"united states", []string{"Aid", "Currency", "Talks"}},
		{"US", []string{"Aid", "Currency", "Talks"}},
		{"syria", []string{"Aid"}},
		{"canada", []string{"Border"}},
		{"uae", []string{"Border"}},
		{"spain", []string{"Currency"}},
		{"us dollar", []string{"Currency"}},
	}
	for _, tt := range tests {
		res := search(t, a, tt.query)
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Article.Title)
		}
		if strings.Join(sorted(got), "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q found %v, want %v", tt.query, got, tt.want)
		}
	}
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestArticlesMatchingAllTermsRankFirst(t *testing.T) {
	a := openWith(t,
		testArticle{"Grain", "Wire", "", "2026-01-10", "Russia sold grain to Egypt. Russia sold more grain. Russia, Russia, Russia."},
		testArticle{"Airport", "Wire", "", "2026-01-11", "Russian troops left Qamishli airport on 20 January."},
	)
	res := search(t, a, "russia qamishli")
	if len(res.Hits) == 0 || res.Hits[0].Article.Title != "Airport" {
		t.Fatalf("hits %+v", res.Hits)
	}
	for _, h := range res.Hits {
		if h.Article.Title == "Grain" {
			t.Errorf("a passage matching one term of two pads the answer: %q", h.Quote)
		}
	}
}

func TestContextFromNeighbours(t *testing.T) {
	a := openWith(t, testArticle{"Withdrawal from Qamishli", "Wire", "", "2026-01-27",
		"Russian forces are leaving Qamishli airport.\n\nThe evacuation began on 23 January with cargo flights.\n\nAn unrelated note about weather."})
	tl := when(t, a, "evacuation qamishli")
	if len(tl.Entries) == 0 || tl.Entries[0].Date != "2026-01-23" {
		t.Fatalf("the dated passage that does not name Qamishli is missing: %+v", tl.Entries)
	}
}

func TestSyndicatedCopiesFold(t *testing.T) {
	body := "The council approved the dam project on 3 January after a long debate about water rights. " +
		"Farmers downstream had asked for guarantees that the river would keep its summer flow, and the engineers " +
		"promised a release schedule that would be published before the spring planting season. Opponents said the " +
		"reservoir would flood two villages and an old road, and they vowed to take the decision to court within weeks."
	a := openWith(t,
		testArticle{"Dam approved", "Later Post", "https://b.example/dam", "2026-01-05", body},
		testArticle{"Dam approved", "First Wire", "https://a.example/dam", "2026-01-04", body + "\n\nA second paragraph only here."},
		testArticle{"Dam approved", "Third Daily", "https://c.example/dam", "2026-01-06", strings.Replace(body, "two villages", "three villages", 1)},
	)
	tl := when(t, a, "dam council")
	if len(tl.Entries) != 1 {
		t.Fatalf("want one folded entry, got %d: %+v", len(tl.Entries), tl.Entries)
	}
	e := tl.Entries[0]
	if e.Article.Outlet != "First Wire" || len(e.AlsoIn) != 2 || e.AlsoIn[0].Outlet != "Later Post" || e.AlsoIn[1].Outlet != "Third Daily" {
		t.Errorf("credits: %s then %+v", e.Article.Outlet, e.AlsoIn)
	}
	res := search(t, a, "dam council")
	if len(res.Hits) != 1 || res.Hits[0].Article.Outlet != "First Wire" || len(res.Hits[0].AlsoIn) != 2 {
		t.Errorf("search not folded: %+v", res.Hits)
	}
}

func TestFilters(t *testing.T) {
	a := openWith(t,
		testArticle{"Early", "Alpha", "", "2025-06-01", "The bridge opened on 2 June 2025 to traffic."},
		testArticle{"Late", "Beta", "", "2026-01-20", "The bridge closed on 19 January for repairs."},
	)
	dates := func(raw string) []string {
		var out []string
		for _, e := range when(t, a, raw).Entries {
			out = append(out, e.Date)
		}
		return out
	}
	for _, tt := range []struct{ q, want string }{
		{"bridge", "2025-06-02 2026-01-19"},
		{"bridge since:2026", "2026-01-19"},
		{"bridge until:2025-12", "2025-06-02"},
		{"bridge outlet:beta", "2026-01-19"},
		{"bridge outlet:Alpha", "2025-06-02"},
	} {
		if got := strings.Join(dates(tt.q), " "); got != tt.want {
			t.Errorf("%q: %s, want %s", tt.q, got, tt.want)
		}
	}
}

// TestSearchFiltersByPublication: search's since and until bound the
// publication date, inside the index's request, so a better match published
// out of range does not crowd out the ones in range.
func TestSearchFiltersByPublication(t *testing.T) {
	a := openWith(t,
		testArticle{"Old", "Alpha", "", "2025-01-10", "The bridge repairs were finished in January."},
		testArticle{"New", "Beta", "", "2026-01-20", "The bridge was closed again."},
	)
	for _, tt := range []struct{ q, want string }{
		{"bridge repairs", "Old"},
		{"bridge repairs since:2026", "New"},
		{"bridge repairs until:2026", "Old"},
		{"bridge repairs since:2026-01-20 until:2026-01-20", "New"}, // until a day includes the day
		{"bridge repairs since:2026-01-21", ""},
	} {
		var got []string
		for _, h := range search(t, a, tt.q).Hits {
			got = append(got, h.Article.Title)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%q: %v, want %s", tt.q, got, tt.want)
		}
	}
}

func TestQuotesAreVerbatim(t *testing.T) {
	arts := []testArticle{
		{"One", "W", "", "2026-01-01", "Officials said on Monday that the “ceasefire” would hold. Mr. Smith disagreed.\n\nThe U.S. envoy arrived at 3 p.m. on 2 January. Talks continue."},
		{"Two", "W", "", "2026-01-02", strings.Repeat("The ceasefire held through the night and into the morning, according to residents. ", 20)},
	}
	a := openWith(t, arts...)
	for _, q := range []string{"ceasefire", "envoy talks", "smith"} {
		for _, e := range when(t, a, q).Entries {
			if !inAny(arts, e.Quote) || e.Quote == "" {
				t.Errorf("%q: quote not verbatim: %q", q, e.Quote)
			}
			for _, h := range e.Highlights {
				if h.Start < 0 || h.End > len(e.Quote) || h.Start >= h.End {
					t.Errorf("highlight %+v outside quote %q", h, e.Quote)
				}
			}
		}
		for _, h := range search(t, a, q).Hits {
			if !inAny(arts, h.Quote) {
				t.Errorf("%q: search quote not verbatim: %q", q, h.Quote)
			}
		}
	}
}

func inAny(arts []testArticle, quote string) bool {
	for _, a := range arts {
		if strings.Contains(a.body, quote) {
			return true
		}
	}
	return false
}

func TestDeterministicOrder(t *testing.T) {
	var arts []testArticle
	for i := 0; i < 12; i++ {
		arts = append(arts, testArticle{fmt.Sprintf("Story %d", i), "W", "", "2026-01-10", fmt.Sprintf("The harbour reopened today, story %d said.", i)})
	}
	a := openWith(t, arts...)
	first := fmt.Sprint(search(t, a, "harbour").Hits)
	for i := 0; i < 3; i++ {
		if again := fmt.Sprint(search(t, a, "harbour").Hits); again != first {
			t.Fatal("the same query gave a different order")
		}
	}
}

func TestUndatedSentencesTakeTheLeadsDay(t *testing.T) {
	a := openWith(t,
		testArticle{"Phone launched", "Wire", "", "2010-06-08",
			"Apple on Monday unveiled a new phone at its developer conference.\n\nThe phone showed a sharper screen and two cameras."},
		testArticle{"Phone described", "Wire", "", "2010-06-09",
			"Apple on Monday unveiled a new phone.\n\nThe phone has a sharper screen."},
		testArticle{"Phone to come", "Wire", "", "2010-06-10",
			"Apple on Monday unveiled a new phone.\n\nThe phone will get a sharper screen."},
		testArticle{"Old news", "Wire", "", "2010-06-30",
			"The company unveiled a tablet on 2 June.\n\nThe tablet has a large glass screen."},
		testArticle{"No lead date", "Wire", "", "2010-07-01",
			"Analysts were impressed by the launch.\n\nThe laptop has a brighter screen, they said."},
	)
	got := map[string]answer.Entry{}
	for _, e := range when(t, a, "screen").Entries {
		got[e.Article.Title] = e
	}
	if e := got["Phone launched"]; e.Date != "2010-06-07" || e.DateFrom != answer.DateFromLead || e.DateText != "Monday" {
		t.Errorf("lead day not used: %+v", e.DateRef)
	}
	if e := got["Phone described"]; e.Date != "2010-06-09" || !e.Reported() {
		t.Errorf("a statement in the present is dated by publication, not the lead: %+v", e.DateRef)
	}
	if e := got["Phone to come"]; e.Date != "2010-06-10" || !e.Reported() {
		t.Errorf("a statement in the future is dated by publication, not the lead: %+v", e.DateRef)
	}
	if e := got["Old news"]; e.Date != "2010-06-30" || e.DateFrom != answer.DateFromPublication {
		t.Errorf("a lead day four weeks before publication is not the story's day: %+v", e.DateRef)
	}
	if e := got["No lead date"]; e.Date != "2010-07-01" || !e.Reported() {
		t.Errorf("no lead date: %+v", e.DateRef)
	}
}
