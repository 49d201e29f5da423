package bot

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
)

// FuzzRenderedMessagesWithinLimits: whatever text the archive holds (quotes,
// credits, titles, URLs, date words, highlight ranges), a full page of
// cards, a search page and an article embed stay inside every Discord limit.
func FuzzRenderedMessagesWithinLimits(f *testing.F) {
	f.Add(seedQuote, "a security source cited by Shafaq News", "Putin to host", "The Cradle", "https://example.org/a(1)", "on 23 January", 0, 12, 3)
	f.Add(strings.Repeat("**@everyone** _x_ ", 300), strings.Repeat("(", 300), strings.Repeat("[", 300), strings.Repeat("\\", 200), "https://e.org/"+strings.Repeat("(", 490), strings.Repeat("1. ", 100), -5, 9999, 10)
	f.Add("1. \n2. \n> # \xff\xfe", "\x00\x01", "😀🇸🇾", "", "", "", 1, 2, 1)
	f.Add("said\u202e sweN\u202c qami\u200bshli", "a source\u2066 cited", "**T**\u2067", "Out\u200blet", "", "on\u2069 5 May", 4, 9, 2)
	f.Fuzz(func(t *testing.T, quote, attribution, title, outlet, url, dateText string, hlStart, hlEnd, cards int) {
		if cards < 0 || cards > 3*pageSize {
			return
		}
		ref := answer.ArticleRef{ID: title, Title: title, Outlet: outlet, URL: url, Published: dateText}
		entry := answer.Entry{
			DateRef:     answer.DateRef{Date: dateText, Precision: "day", DateText: dateText},
			Quote:       quote,
			Attribution: attribution,
			Article:     ref,
			AlsoIn:      []answer.ArticleRef{ref, ref, ref},
			Highlights:  []answer.Highlight{{Start: hlStart, End: hlEnd}, {Start: 0, End: len(quote)}},
		}
		hit := answer.Hit{Quote: quote, Attribution: attribution, Dates: []answer.DateRef{entry.DateRef}, Article: ref, AlsoIn: entry.AlsoIn, Highlights: entry.Highlights}
		var timeline, search []card
		for i := 0; i < cards; i++ {
			timeline = append(timeline, timelineCard(entry))
			search = append(search, hitCard(hit))
		}
		footer := pageFooter(0, cards, totals{total: cards, pageable: cards, articles: cards}) + " · " + dateText
		pages := []reply{
			{embeds: renderCards(timeline, footer, colourTimeline), components: pageButtons("0123456789abcdef", 0, 3)},
			{embeds: renderCards(search, footer, colourSearch)},
			{embeds: []*discordgo.MessageEmbed{renderArticle(corpus.Article{ID: title, Title: title, Outlet: outlet, URL: url, Author: attribution, Body: quote})}},
		}
		for i, rep := range pages {
			if err := checkMessage(rep.message()); err != nil {
				t.Fatalf("message %d over Discord's limits: %v", i, err)
			}
			for _, e := range rep.embeds {
				if r, ok := hiddenIn(e); ok {
					t.Fatalf("message %d shows the hidden character %U", i, r)
				}
			}
		}
	})
}
