package bot

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/safetext"
)

const seedQuote = "The source said the evacuation began on 23 January under a decision to clear the site of Russian presence, starting with two Ilyushin cargo aircraft transporting heavy equipment, followed by vehicles and individual soldiers."

func highlight(quote string, words ...string) []answer.Highlight {
	var hs []answer.Highlight
	for _, w := range words {
		i := strings.Index(quote, w)
		hs = append(hs, answer.Highlight{Start: i, End: i + len(w)})
	}
	return hs
}

func TestRenderQuoteBoldsHighlightsAndEscapes(t *testing.T) {
	tests := []struct {
		name       string
		quote      string
		highlights []answer.Highlight
		budget     int
		want       string
	}{
		{"bold", "Russian forces left Qamishli.", highlight("Russian forces left Qamishli.", "Russian", "Qamishli"), 200,
			"> **Russian** forces left **Qamishli**."},
		{"injected markdown stays literal", "**not bold** @everyone [x](http://evil)", nil, 200,
			`> \*\*not bold\*\* @everyone \[x\]\(http\://evil\)`},
		{"overlapping highlights merge", "abc def", []answer.Highlight{{Start: 0, End: 3}, {Start: 1, End: 7}}, 200, "> **abc def**"},
		{"invalid highlights dropped", "abc", []answer.Highlight{{Start: -1, End: 2}, {Start: 2, End: 9}, {Start: 2, End: 2}}, 200, "> abc"},
		{"mid-rune highlight dropped", "é and more", []answer.Highlight{{Start: 1, End: 3}}, 200, "> é and more"},
		{"cut keeps bold closed", seedQuote, highlight(seedQuote, "23 January", "Russian"), 80,
			"> The source said the evacuation began on **23 January** under a decision to…"},
		{"newlines stay quoted", "one\ntwo", nil, 200, "> one\n> two"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderQuote(tt.quote, tt.highlights, tt.budget)
			if got != tt.want {
				t.Errorf("renderQuote = %q\nwant %q", got, tt.want)
			}
			if textLen(got) > tt.budget {
				t.Errorf("length %d over budget %d", textLen(got), tt.budget)
			}
		})
	}
}

func TestEntryTitle(t *testing.T) {
	tests := []struct {
		d    answer.DateRef
		want string
	}{
		{answer.DateRef{Date: "2026-01-23", Precision: "day", DateText: "on 23 January", DateFrom: answer.DateFromSentence}, "23 Jan 2026 · “on 23 January”"},
		{answer.DateRef{Date: "2026-01-27", Precision: "day", DateFrom: answer.DateFromPublication}, "no date in the text — published 27 Jan 2026"},
		{answer.DateRef{Date: "2010-06-07", Precision: "day", DateText: "Monday", DateFrom: answer.DateFromLead}, "7 Jun 2010 — date from the article's opening · “Monday”"},
		{answer.DateRef{Date: "1987-03-17", Precision: "day", DateText: "Tuesday", DateFrom: answer.DateFromSentence, Planned: true}, "expected 17 Mar 1987 · “Tuesday”"},
		{answer.DateRef{Date: "1987-06", Precision: "month", Mod: "BEFORE", Approximate: true, DateText: "June", DateFrom: answer.DateFromSentence}, "before Jun 1987 · “June”"},
		{answer.DateRef{Date: "2024-12", Precision: "month", DateText: "in December 2024"}, "Dec 2024 · “in December 2024”"},
		{answer.DateRef{Date: "2026-W04", Precision: "week", DateText: "last week"}, "week of 19 Jan 2026 · “last week”"},
		{answer.DateRef{Date: "2025", Precision: "year", Mod: "END", DateText: "late 2025"}, "late 2025 · “late 2025”"},
		{answer.DateRef{Date: "2025-Q4", Precision: "quarter", Approximate: true, DateText: "late 2025"}, "about Q4 2025 · “late 2025”"},
		{answer.DateRef{Date: "2013-SU", Precision: "season", DateText: "summer"}, "summer 2013 · “summer”"},
		{answer.DateRef{Date: "201", Precision: "decade", DateText: "the 2010s"}, "the 2010s · “the 2010s”"},
	}
	for _, tt := range tests {
		if got := entryTitle(tt.d); got != tt.want {
			t.Errorf("entryTitle(%+v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestCreditLine(t *testing.T) {
	c := card{
		attribution: "a security source cited by Shafaq News",
		article: answer.ArticleRef{
			Title: "Putin to host Syria’s self-proclaimed president", Outlet: "The Cradle",
			ID: "3f61354ab8ac892c", URL: "https://example.org/a(1)", Published: "2026-01-27",
		},
		alsoIn: []answer.ArticleRef{{Outlet: "Mirror_Site"}},
	}
	want := "— a security source cited by Shafaq News · The Cradle · [Putin to host Syria’s self\\-proclaimed president](https://example.org/a%281%29) · 27 Jan 2026 · id `3f61354ab8ac892c` (also in Mirror\\_Site)"
	if got := creditLine(c, creditBudget); got != want {
		t.Errorf("creditLine =\n%q\nwant\n%q", got, want)
	}
	c.article.URL = "javascript:alert(1)"
	if got := creditLine(c, creditBudget); strings.Contains(got, "](") {
		t.Errorf("unsafe URL linked: %q", got)
	}
}

// hostile is an entry built to break every limit at once.
func hostileEntry(n int) answer.Entry {
	quote := strings.Repeat("**@everyone** _x_ [a](b) ", 800) + strings.Repeat("😀", 500)
	return answer.Entry{
		DateRef:     answer.DateRef{Date: "2026-01-23", Precision: "day", DateText: strings.Repeat("on 23 January ", 50)},
		Quote:       quote,
		Highlights:  []answer.Highlight{{Start: 0, End: 12}, {Start: len(quote) - 8, End: len(quote)}},
		Attribution: strings.Repeat("a source cited by *someone* ", 40),
		Article: answer.ArticleRef{
			ID: "x", Title: strings.Repeat("Title [with] brackets ", 30), Outlet: strings.Repeat("Outlet_", 40),
			URL: "https://example.org/" + strings.Repeat("p", 400), Published: "2026-01-27",
		},
		AlsoIn: []answer.ArticleRef{{Outlet: strings.Repeat("o", 90)}, {Outlet: strings.Repeat("p", 90)}},
	}
}

func TestRenderedPagesRespectLimits(t *testing.T) {
	tests := []struct {
		name    string
		entries int
		entry   func(int) answer.Entry
	}{
		{"one hostile", 1, hostileEntry},
		{"page of hostile", pageSize, hostileEntry},
		{"too many entries", 3 * pageSize, hostileEntry},
		{"seed-like", 2, func(int) answer.Entry {
			return answer.Entry{DateRef: answer.DateRef{Date: "2026-01-23", Precision: "day", DateText: "on 23 January"}, Quote: seedQuote,
				Attribution: "a security source cited by Shafaq News", Article: answer.ArticleRef{Title: "Putin to host", Outlet: "The Cradle", Published: "2026-01-27"}}
		}},
		{"empty fields", 3, func(int) answer.Entry { return answer.Entry{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cards []card
			for i := 0; i < tt.entries; i++ {
				cards = append(cards, timelineCard(tt.entry(i)))
			}
			rep := reply{
				embeds:     renderCards(cards, strings.Repeat("footer ", 1000), colourTimeline),
				components: pageButtons("0123456789abcdef", 3, 7),
			}
			if err := checkMessage(rep.message()); err != nil {
				t.Fatalf("limits broken: %v", err)
			}
			if len(rep.embeds) > pageSize {
				t.Errorf("%d embeds on a page", len(rep.embeds))
			}
		})
	}
}

func TestMessageAlwaysCarriesEmptyAllowedMentions(t *testing.T) {
	replies := []reply{{}, privateText("x"), {content: "@everyone", update: true}, {embeds: renderCards([]card{timelineCard(hostileEntry(0))}, "", 0)}}
	for _, r := range replies {
		for name, am := range map[string]*discordgo.MessageAllowedMentions{
			"message":  r.message().AllowedMentions,
			"response": r.response().Data.AllowedMentions,
			"edit":     r.edit().AllowedMentions,
			"followup": r.followup().AllowedMentions,
		} {
			if am == nil || am.Parse == nil || len(am.Parse) != 0 {
				t.Errorf("%s: allowed_mentions = %+v, want parse []", name, am)
			}
		}
	}
	if am := deferResponse(false, true).Data.AllowedMentions; am == nil || am.Parse == nil {
		t.Error("defer response without allowed_mentions")
	}
}

func TestPageFooter(t *testing.T) {
	tests := []struct {
		offset, shown, total, articles int
		approx                         bool
		want                           string
	}{
		{0, 5, 23, 4, false, "1–5 of 23 passages from 4 articles"},
		{5, 5, 23, 4, false, "6–10 of 23 passages from 4 articles"},
		{0, 1, 1, 1, false, "1 of 1 passage from 1 article"},
		{0, 2, 2, 0, false, "1–2 of 2 passages"},
		// More matched than an answer weighs: the articles of the rest are not known.
		{0, 10, 2345, 212, true, "1–10 of about 2345 passages"},
	}
	for _, tt := range tests {
		tot := totals{total: tt.total, approx: tt.approx, pageable: tt.total, articles: tt.articles}
		if got := pageFooter(tt.offset, tt.shown, tot); got != tt.want {
			t.Errorf("pageFooter(%d,%d,%+v) = %q, want %q", tt.offset, tt.shown, tot, got, tt.want)
		}
	}
}

func TestChoicesWithinLimits(t *testing.T) {
	var in []string
	for i := 0; i < 40; i++ {
		in = append(in, strings.Repeat("q", i*5))
	}
	in = append(in, "dup", "dup", "\xff bad")
	cs := choices(in)
	if len(cs) > maxChoices {
		t.Fatalf("%d choices", len(cs))
	}
	for _, c := range cs {
		if n := textLen(c.Name); n < 1 || n > maxChoiceName {
			t.Errorf("choice name of %d characters", n)
		}
	}
}

func TestFairShare(t *testing.T) {
	tests := []struct {
		lengths   []int
		total     int
		wantLevel int
		wantCut   bool
	}{
		{[]int{100, 200, 300}, 1000, 0, false},
		{[]int{100, 1000, 1000}, 1100, 500, true},
		{[]int{1150, 1150, 1150, 1150, 1150, 1150, 1150, 1150, 1150, 1150}, 5800, 580, true},
		{[]int{50, 50, 2000}, 600, 500, true},
		{nil, 6000, 0, false},
	}
	for _, tt := range tests {
		level, cut := fairShare(tt.lengths, tt.total)
		if level != tt.wantLevel || cut != tt.wantCut {
			t.Errorf("fairShare(%v, %d) = %d, %v; want %d, %v", tt.lengths, tt.total, level, cut, tt.wantLevel, tt.wantCut)
		}
	}
}

// TestRenderCardWithinAnyBudget: whatever the budget a page gives a card,
// the card fits it.
func TestRenderCardWithinAnyBudget(t *testing.T) {
	hostile := timelineCard(hostileEntry(0))
	plain := timelineCard(answer.Entry{DateRef: answer.DateRef{Date: "2026-01-23", DateText: "on 23 January"}, Quote: seedQuote, Attribution: "a security source cited by Shafaq News",
		Article: answer.ArticleRef{ID: "3f61354ab8ac892c", Title: "Putin to host", Published: "2026-01-27"}})
	for budget := 60; budget <= cardBudget; budget += 7 {
		for _, c := range []card{hostile, plain} {
			if n := embedLen(renderCard(c, budget, 0)); n > budget {
				t.Fatalf("card of %d characters for a budget of %d", n, budget)
			}
		}
	}
}

func TestShortQuotesStayWholeOnAFullPage(t *testing.T) {
	var cards []card
	for i := 0; i < pageSize; i++ {
		cards = append(cards, timelineCard(answer.Entry{DateRef: answer.DateRef{Date: "2026-01-23", DateText: "on 23 January"}, Quote: seedQuote,
			Attribution: "a security source cited by Shafaq News", Article: answer.ArticleRef{ID: "3f61354ab8ac892c", Title: "Putin to host", Published: "2026-01-27"}}))
	}
	for _, e := range renderCards(cards, "1–10 of 10 passages from 1 article", 0) {
		if strings.Contains(e.Description, ellipsis) || !strings.Contains(e.Description, "individual soldiers.") {
			t.Fatalf("a short quote was cut: %q", e.Description)
		}
	}
}

// hiddenIn finds a character cleanText strips anywhere an embed shows text.
func hiddenIn(e *discordgo.MessageEmbed) (rune, bool) {
	texts := []string{e.Title, e.Description}
	if e.Footer != nil {
		texts = append(texts, e.Footer.Text)
	}
	for _, f := range e.Fields {
		texts = append(texts, f.Name, f.Value)
	}
	for _, s := range texts {
		for _, r := range s {
			if safetext.Hidden(r) {
				return r, true
			}
		}
	}
	return 0, false
}

// TestHiddenCharactersNeverShown: bidi controls and zero-width characters in
// an article (quote, credit, title, date words) never reach an embed, the
// highlights still bold the matched words, and embed titles are escaped.
func TestHiddenCharactersNeverShown(t *testing.T) {
	quote := "The source said\u202e sweN hafahS\u202c the evacuation of Qami\u200bshli began."
	e := answer.Entry{
		DateRef:     answer.DateRef{Date: "2026-01-23", Precision: "day", DateText: "on **23**\u2066 January\u2069"},
		Quote:       quote,
		Highlights:  highlight(quote, "evacuation"),
		Attribution: "a security source\u2067 — Reuters\u2069",
		Article:     answer.ArticleRef{ID: "a1", Title: "Putin\u200b to host [x](https://evil.example)", Outlet: "Shafaq\u202e News", Published: "2026-01-27"},
	}
	embeds := renderCards([]card{timelineCard(e)}, "1 of 1 passage", colourTimeline)
	if r, ok := hiddenIn(embeds[0]); ok {
		t.Fatalf("the embed shows %U:\n%s\n%s", r, embeds[0].Title, embeds[0].Description)
	}
	if !strings.Contains(embeds[0].Description, "**evacuation**") {
		t.Errorf("the highlight moved off its word: %s", embeds[0].Description)
	}
	if !strings.Contains(embeds[0].Description, "Qamishli") {
		t.Errorf("a zero-width space still splits the word: %s", embeds[0].Description)
	}
	if !strings.Contains(embeds[0].Title, `\*\*23\*\*`) {
		t.Errorf("embed title not escaped: %q", embeds[0].Title)
	}
	art := renderArticle(corpus.Article{ID: "a1", Title: "**Breaking**\u202e [link](https://evil.example)", Body: "body\u200b text"})
	if r, ok := hiddenIn(art); ok || !strings.HasPrefix(art.Title, `\*\*Breaking\*\*`) {
		t.Errorf("article title %q (hidden %U)", art.Title, r)
	}
}
