package digest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
)

// article builds an analysed article as the store would hold it.
func article(id, title, outlet, published, body string, topics ...string) Article {
	pub, err := time.Parse(time.DateOnly, published)
	if err != nil {
		panic(err)
	}
	a := corpus.Article{ID: id, Title: title, Outlet: outlet, URL: "https://" + strings.ToLower(strings.ReplaceAll(outlet, " ", "")) + ".example/" + id,
		Published: pub, Body: body}
	return Article{Article: a, Passages: analysis.Analyze(a), Topics: topics}
}

var (
	water = "Officials said on Tuesday that the water plant would reopen on 14 March after repairs. The works began on 3 February.\n\n" +
		"“We expect households to be reconnected within a week,” the city engineer told reporters."
	barrier = "The council voted on Monday to spend 4.2 million on a flood barrier. Construction is to start in May 2026, the mayor said."
	market  = "The market hall closes for renovation. Traders were told to move to the square."
)

func TestComposeGroupsByTopicThenOther(t *testing.T) {
	in := Input{
		Since:  time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC),
		Until:  time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC),
		Topics: []string{"water plant", "flood barrier", "elections"},
		Articles: []Article{
			article("a1", "Water plant to reopen", "Valley Courier", "2026-03-03", water, "water plant"),
			article("a2", "Barrier budget approved", "River Watch", "2026-03-02", barrier, "flood barrier", "water plant"),
			article("a3", "Market hall closes", "Gazette", "2026-03-02", market),
			// A wire copy of a1 run by another outlet: folded into a1's story.
			article("a4", "Water plant to reopen", "Delta Daily", "2026-03-03", water+" Updated.", "water plant"),
		},
	}
	d := Compose(in)
	var got []string
	for _, g := range d.Groups {
		var ids []string
		for _, s := range g.Stories {
			id := s.Article.ID
			for _, c := range s.AlsoIn {
				id += "+" + c.ID
			}
			ids = append(ids, id)
		}
		got = append(got, g.Topic+": "+strings.Join(ids, " "))
	}
	want := []string{"water plant: a2 a1+a4", "flood barrier: a2", "Other reporting: a3"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("groups %q, want %q", got, want)
	}
	if d.Articles != 4 {
		t.Errorf("articles = %d", d.Articles)
	}
	q := d.Groups[0].Stories[1].Quote
	if q == nil || q.Date != "2026-03-14" || !strings.Contains(q.Text, "reopen on 14 March") {
		t.Errorf("quote of the water story = %+v", q)
	}
	msgs := Messages(d, time.UTC)
	if len(msgs) != 1 || !strings.Contains(msgs[0], "Valley Courier, also Delta Daily") || !strings.Contains(msgs[0], "__**Other reporting**__") {
		t.Errorf("message:\n%s", strings.Join(msgs, "\n---\n"))
	}
}

func TestFeedTopicGroupsItsStories(t *testing.T) {
	a := article("f1", "Market hall closes", "Gazette", "2026-03-02", market)
	a.Feed = "city hall"
	d := Compose(Input{Topics: []string{"water plant"}, Articles: []Article{a}})
	if len(d.Groups) != 1 || d.Groups[0].Topic != "city hall" {
		t.Fatalf("groups = %+v", d.Groups)
	}
}

func entry(id, date, quote string) answer.Entry {
	return answer.Entry{DateRef: answer.DateRef{Date: date, Precision: "day", DateText: "x", DateFrom: answer.DateFromSentence},
		Quote: quote, Article: answer.ArticleRef{ID: id, Title: "T " + id, Outlet: "O", URL: "https://o.example/" + id}}
}

func TestTimelineInDateOrderWithUpcomingApart(t *testing.T) {
	events := []answer.Entry{
		entry("a1", "2026-03-14", "reopen on 14 March"),
		entry("a1", "2026-02-03", "began on 3 February"),
		entry("a2", "2026-03", "in March"),
		entry("a2", "2026-03-03", "today"),
		entry("a1", "2026-02-03", "began on 3 February"), // the same quote twice
	}
	reported := entry("a3", "2026-03-02", "no date of its own")
	reported.DateFrom = answer.DateFromPublication
	events = append(events, reported)
	d := Compose(Input{Until: time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC), Events: events})
	dates := func(es []answer.Entry) string {
		var s []string
		for _, e := range es {
			s = append(s, e.Date)
		}
		return strings.Join(s, " ")
	}
	// "in March" covers the digest's day: it is on the timeline, after its days.
	if got := dates(d.Timeline); got != "2026-02-03 2026-03-03 2026-03" {
		t.Errorf("timeline %s", got)
	}
	if got := dates(d.Upcoming); got != "2026-03-14" {
		t.Errorf("upcoming %s", got)
	}
}

// TestOverflowSplitsIntoMessagesWithinLimits fills a digest with long,
// hostile text: every message stays within Discord's limit.
func TestOverflowSplitsIntoMessagesWithinLimits(t *testing.T) {
	long := strings.Repeat("@everyone **bold** [x](https://evil.example) <@123> 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ", 40)
	var arts []Article
	var events []answer.Entry
	for i := range 40 {
		a := article(fmt.Sprintf("a%02d", i), fmt.Sprint(i)+long, strings.Repeat("Outlet ", 30), "2026-03-02",
			fmt.Sprintf("Story %d happened on %d March 2026 in town %d. ", i, i%28+1, i)+strings.Repeat(fmt.Sprintf("w%d ", i), 50), "topic")
		a.URL = "https://x.example/" + strings.Repeat("p", 600)
		arts = append(arts, a)
		events = append(events, entry(a.ID, "2026-03-02", long))
	}
	d := Compose(Input{Topics: []string{"topic"}, Articles: arts, Events: events, Until: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)})
	msgs := Messages(d, time.UTC)
	if len(msgs) < 2 || len(msgs) > MaxMessages {
		t.Fatalf("%d messages", len(msgs))
	}
	for i, m := range msgs {
		if n := textLen(m); n > MaxContent || n == 0 {
			t.Errorf("message %d: %d characters", i, n)
		}
		if strings.Contains(strings.ReplaceAll(m, "\\@", ""), "@") {
			t.Errorf("message %d has an unescaped @", i)
		}
	}
	if d.Groups[0].More != 40-MaxStoriesPerGroup {
		t.Errorf("more = %d", d.Groups[0].More)
	}
}

func TestEmptyDigest(t *testing.T) {
	d := Compose(Input{Since: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)})
	if !d.Empty() || EmptyLine(d, time.UTC) != "Digest\\: nothing new since 2 Mar 2026 08\\:00 UTC." {
		t.Errorf("%v %q", d.Empty(), EmptyLine(d, time.UTC))
	}
	if !strings.Contains(Text(d, time.UTC), "0 new articles") {
		t.Error(Text(d, time.UTC))
	}
}

func TestLinkRefusesUnsafeURLs(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://a.example/x_(y)", "[T](<https://a.example/x_%28y%29>)"},
		{"javascript:alert(1)", "**T**"},
		{"https://a.example/a b>c", "[T](<https://a.example/a%20b%3Ec>)"},
	}
	for _, tt := range tests {
		if got := link("T", tt.url); got != tt.want {
			t.Errorf("link(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

// FuzzMessages renders digests of arbitrary text: no message is ever over
// the limit or empty.
func FuzzMessages(f *testing.F) {
	f.Add("Title", "Outlet", "Quote on 3 March 2026.", "https://a.example/")
	f.Add(strings.Repeat("😀", 3000), strings.Repeat("*", 500), strings.Repeat("\\", 900), "https://a.example/"+strings.Repeat(")", 900))
	f.Fuzz(func(t *testing.T, title, outlet, quote, u string) {
		var stories []Story
		for i := range 12 {
			stories = append(stories, Story{Article: answer.ArticleRef{ID: fmt.Sprint(i), Title: title, Outlet: outlet, URL: u, Published: "2026-03-02"},
				AlsoIn: []answer.ArticleRef{{Outlet: outlet + "2"}}, Quote: &Quote{Text: quote, Credit: outlet}})
		}
		d := Digest{Articles: 12, Groups: []Group{{Topic: title, Stories: stories}}, Timeline: []answer.Entry{entry("1", "2026-03-02", quote)}}
		for _, m := range Messages(d, time.UTC) {
			if n := textLen(m); n > MaxContent || n == 0 {
				t.Fatalf("message of %d characters", n)
			}
		}
	})
}

func TestHiddenCharactersNeverShown(t *testing.T) {
	title := "Plant \u202Eopens\u202C\u200B today\x1b[31m"
	d := Digest{Articles: 1, Groups: []Group{{Topic: "t", Stories: []Story{{Article: answer.ArticleRef{Title: title, Outlet: "O", Published: "2026-03-02"}}}}}}
	for _, out := range append(Messages(d, time.UTC), Text(d, time.UTC)) {
		if strings.ContainsAny(out, "\u202E\u202C\u200B\x1b") {
			t.Errorf("hidden characters in %q", out)
		}
	}
}
