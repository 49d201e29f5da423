// Package digest composes a server's digest: what its archive gained since
// the previous one, grouped under its tracked topics then "Other
// reporting" (syndicated copies folded into one story), and the dates those
// new passages put on the timeline, upcoming ones apart. It renders the
// digest as plain text for the terminal and as Discord messages that fit
// Discord's limits by construction. Gathering the input (store, index) is
// the app's; posting is the bot's.
package digest

import (
	"sort"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/timex"
)

// Bounds on what one digest shows; the rest is counted ("and 12 more").
const (
	MaxStoriesPerGroup = 8
	MaxStories         = 30
	MaxEvents          = 15
	MaxUpcoming        = 10
)

// foldSimilarity: two new articles whose openings share this much are
// copies of one story (a wire story run by several outlets).
const foldSimilarity = 0.6

// Article is a new article with its passages and the tracked topics it matches.
type Article struct {
	corpus.Article
	Passages []corpus.Passage
	Topics   []string
	Feed     string // the followed feed's topic, "" when none
}

// Input is everything a digest is made from.
type Input struct {
	Scope    string
	Since    time.Time // the previous digest (exclusive)
	Until    time.Time // this digest (inclusive)
	Topics   []string  // tracked topics, in the order they were added
	Articles []Article
	// Events are the tracked topics' timeline entries in the new
	// articles (answer.When restricted to them).
	Events []answer.Entry
}

// Digest is a composed digest: what `dateline digest --json` prints.
type Digest struct {
	Scope    string         `json:"scope"`
	Since    time.Time      `json:"since"`
	Until    time.Time      `json:"until"`
	Articles int            `json:"articles"` // new articles, copies included
	Groups   []Group        `json:"groups"`
	Timeline []answer.Entry `json:"timeline"` // new dates on the timeline, in date order
	Upcoming []answer.Entry `json:"upcoming"` // dates still ahead (scheduled, expected), in date order
	More     int            `json:"more_events,omitempty"`
}

// Group is the stories under one tracked topic, or under "Other reporting"
// (Topic "").
type Group struct {
	Topic   string  `json:"topic"`
	Stories []Story `json:"stories"`
	More    int     `json:"more,omitempty"` // stories not shown
}

// Story is one piece of reporting, its syndicated copies folded in.
type Story struct {
	Article answer.ArticleRef   `json:"article"`
	AlsoIn  []answer.ArticleRef `json:"also_in,omitempty"`
	Quote   *Quote              `json:"quote,omitempty"`
}

// Quote is a story's most informative dated passage.
type Quote struct {
	answer.DateRef
	Text   string `json:"quote"` // verbatim sentence(s), cut with "…" when long
	Credit string `json:"attribution"`
}

// Empty reports whether nothing new arrived.
func (d Digest) Empty() bool { return d.Articles == 0 }

// OtherReporting is the heading of the stories that match no tracked topic.
const OtherReporting = "Other reporting"

// Compose builds the digest of in.
func Compose(in Input) Digest {
	d := Digest{Scope: in.Scope, Since: in.Since.UTC(), Until: in.Until.UTC(), Articles: len(in.Articles),
		Groups: []Group{}, Timeline: []answer.Entry{}, Upcoming: []answer.Entry{}}
	stories := fold(in.Articles)
	shown := 0
	for _, topic := range topicOrder(in.Topics, stories) {
		g := Group{Topic: topic}
		for _, s := range stories {
			if !s.matches(topic) {
				continue
			}
			if len(g.Stories) < MaxStoriesPerGroup && shown < MaxStories {
				g.Stories = append(g.Stories, s.Story)
				shown++
			} else {
				g.More++
			}
		}
		if len(g.Stories)+g.More > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	d.Timeline, d.Upcoming, d.More = timeline(in.Events, in.Until)
	return d
}

// story is a Story with what grouping and folding need.
type story struct {
	Story
	topics    []string // tracked topics and the feed's topic; empty: other reporting
	opening   string
	published time.Time
}

func (s story) matches(topic string) bool {
	if topic == OtherReporting {
		return len(s.topics) == 0
	}
	for _, t := range s.topics {
		if strings.EqualFold(t, topic) {
			return true
		}
	}
	return false
}

// topicOrder is the tracked topics, then feed topics that are not tracked,
// then "Other reporting".
func topicOrder(tracked []string, stories []story) []string {
	out := append([]string{}, tracked...)
	seen := map[string]bool{}
	for _, t := range tracked {
		seen[strings.ToLower(t)] = true
	}
	for _, s := range stories {
		for _, t := range s.topics {
			if !seen[strings.ToLower(t)] {
				seen[strings.ToLower(t)] = true
				out = append(out, t)
			}
		}
	}
	return append(out, OtherReporting)
}

// fold turns articles into stories, oldest first; an article that is a copy
// of an earlier one (same title, or an opening that is nearly the same)
// joins it as AlsoIn.
func fold(arts []Article) []story {
	sorted := append([]Article{}, arts...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if !sorted[i].Published.Equal(sorted[j].Published) {
			return sorted[i].Published.Before(sorted[j].Published)
		}
		return sorted[i].ID < sorted[j].ID
	})
	var out []story
	for _, a := range sorted {
		ref := articleRef(a.Article)
		opening := openingOf(a)
		k := -1
		for i := range out {
			if strings.EqualFold(out[i].Article.Title, a.Title) || answer.Similarity(out[i].opening, opening) >= foldSimilarity {
				k = i
				break
			}
		}
		topics := append(append([]string{}, a.Topics...), nonEmpty(a.Feed)...)
		if k < 0 {
			out = append(out, story{Story: Story{Article: ref, Quote: bestQuote(a)}, topics: topics, opening: opening, published: a.Published})
			continue
		}
		out[k].AlsoIn = append(out[k].AlsoIn, ref)
		out[k].topics = append(out[k].topics, topics...)
		if out[k].Quote == nil {
			out[k].Quote = bestQuote(a)
		}
	}
	return out
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// openingBytes is how much of an article is compared when folding copies.
const openingBytes = 1500

func openingOf(a Article) string {
	body := a.Body
	if len(body) > openingBytes {
		body = body[:openingBytes]
	}
	return body
}

func articleRef(a corpus.Article) answer.ArticleRef {
	scope := a.Scope
	if scope == "" {
		scope = corpus.Shared
	}
	return answer.ArticleRef{ID: a.ID, Title: a.Title, Outlet: a.Outlet, URL: a.URL, Published: a.Published.UTC().Format(time.DateOnly), Scope: string(scope)}
}

// timeline splits the events into those already past and those ahead of
// until, each in date order, folding repeats of one quote, and bounds them.
func timeline(events []answer.Entry, until time.Time) (past, ahead []answer.Entry, more int) {
	type dated struct {
		answer.Entry
		start, end time.Time
	}
	var ds []dated
	seen := map[string]bool{}
	for _, e := range events {
		if e.DateFrom != answer.DateFromSentence {
			continue // a date the text does not give is no new date on the timeline
		}
		start, end, ok := timex.Interval(e.Date, e.Mod)
		key := e.Article.ID + "\x00" + e.Quote
		if !ok || seen[key] {
			continue
		}
		seen[key] = true
		ds = append(ds, dated{e, start, end})
	}
	sort.SliceStable(ds, func(i, j int) bool {
		if !ds[i].end.Equal(ds[j].end) {
			return ds[i].end.Before(ds[j].end)
		}
		return ds[i].start.After(ds[j].start)
	})
	day := until.UTC().Truncate(24 * time.Hour)
	past, ahead = []answer.Entry{}, []answer.Entry{}
	for _, d := range ds {
		switch {
		case !d.start.Before(day.Add(24 * time.Hour)):
			if len(ahead) < MaxUpcoming {
				ahead = append(ahead, d.Entry)
				continue
			}
		case len(past) < MaxEvents:
			past = append(past, d.Entry)
			continue
		}
		more++
	}
	return past, ahead, more
}
