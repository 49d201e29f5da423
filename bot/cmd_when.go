package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
)

// whenCommand is /when query [since] [until]: a dated timeline of verbatim,
// credited quotes, oldest first, ten to a page (pageSize).
type whenCommand struct{ d deps }

func (whenCommand) definition() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        "when",
		Description: "A dated timeline of what the reporting says, oldest first",
		Options: []*discordgo.ApplicationCommandOption{
			stringOption("query", "What to look for, e.g. russia qamishli", true, true, maxOptionLen),
			stringOption("since", "Only events from this date on, e.g. 2025-12 or last week", false, false, 50),
			stringOption("until", "Only events up to this date, e.g. 2026-01-31", false, false, 50),
		},
	}
}

func (whenCommand) help() string {
	return "a timeline, oldest first: when did it happen, according to whom. Example: `/when russia qamishli`."
}

func (w whenCommand) run(ctx context.Context, c *call) (reply, error) {
	q, err := parseQuery(c)
	if err != nil {
		return reply{}, err
	}
	return w.page(ctx, c.who, q, 0, "")
}

// page renders page n of the timeline for q; state is the paging key ("" on
// the first answer: one is made when there is more than a page).
func (w whenCommand) page(ctx context.Context, who app.Caller, q answer.Query, n int, state string) (reply, error) {
	q.Offset, q.Limit = n*pageSize, pageSize
	tl, err := w.d.engine.When(ctx, who, q)
	if err != nil {
		return reply{}, fmt.Errorf("when %q: %w", q.Raw, err)
	}
	if len(tl.Entries) == 0 {
		if n > 0 {
			return privateText("There is nothing on that page any more; the archive changed. Please run `/when` again."), nil
		}
		return privateText("No dated passages match %s. Try fewer or other words, or a wider date range.", describeQuery(q)), nil
	}
	cards := make([]card, 0, len(tl.Entries))
	for _, e := range tl.Entries {
		cards = append(cards, timelineCard(e))
	}
	return pagedReply(ctx, w.d.pages, "when", who, q, n, state, cards, totals{tl.Total, tl.TotalApprox, tl.Weighed, tl.Articles}, colourTimeline)
}

func (w whenCommand) autocomplete(ctx context.Context, c *call, option, value string) ([]string, error) {
	return suggestQuery(ctx, w.d.engine, c.who, option, value)
}

// parseQuery reads the query, since and until options of /when and /search
// with the one query parser the command line uses too; what it cannot read
// is answered privately, with the parser's reason.
func parseQuery(c *call) (answer.Query, error) {
	raw := c.option("query")
	q, err := answer.ParseQuery(raw, answer.Filters{Since: c.option("since"), Until: c.option("until")}, c.now)
	if err != nil {
		return answer.Query{}, userErrorf("I cannot answer %s: %s.", quoteForUser(raw), escapeMarkdown(oneLine(cleanText(err.Error()))))
	}
	return q, nil
}

// describeQuery says what was searched, for "no results" messages.
func describeQuery(q answer.Query) string {
	s := quoteForUser(q.Raw)
	if !q.Since.IsZero() {
		s += " since " + answer.Day(q.Since)
	}
	if !q.Until.IsZero() {
		s += " until " + answer.Day(q.Until)
	}
	return s
}

// quoteForUser shows outside text inside a message: one line, cut, escaped.
func quoteForUser(s string) string {
	return "“" + escapeMarkdown(truncate(oneLine(cleanText(s)), 100)) + "”"
}

// pagedReply lays out one page of cards with its footer and, when there is
// more than one page, Previous/Next buttons (storing the query, as who's,
// on first use).
func pagedReply(ctx context.Context, pages *pageStore, command string, who app.Caller, q answer.Query, n int, state string, cards []card, t totals, colour int) (reply, error) {
	// Pages show the weighed entries only: an approximate total counts
	// matches no page can reach.
	if !t.approx || t.pageable > t.total {
		t.pageable = t.total
	}
	if t.pageable < len(cards)+n*pageSize {
		t.pageable = len(cards) + n*pageSize
	}
	if !t.approx {
		t.total = t.pageable
	}
	count := pageCount(t.pageable)
	footer := pageFooter(n*pageSize, len(cards), t)
	if q.ReadAs != "" {
		footer = "Read as: " + q.ReadAs + " · " + footer
	}
	if count > 1 {
		footer += fmt.Sprintf(" · page %d of %d", n+1, count)
	}
	rep := reply{embeds: renderCards(cards, footer, colour)}
	if count > 1 {
		if state == "" {
			q.Offset = 0
			var err error
			if state, err = pages.put(ctx, command, who, q); err != nil {
				return reply{}, err
			}
		}
		rep.components = pageButtons(state, n, count)
	}
	return rep, nil
}

// suggestQuery offers completions of the query being typed: the engine's
// suggestions (outlets and frequent terms completing the last word, earlier
// words kept), after what was typed itself.
func suggestQuery(ctx context.Context, e Engine, who app.Caller, option, value string) ([]string, error) {
	if option != "query" {
		return nil, nil
	}
	value = strings.TrimLeft(cleanText(value), " ")
	suggestions, err := e.Suggest(ctx, who, value, maxChoices)
	if err != nil {
		return nil, fmt.Errorf("suggest %q: %w", value, err)
	}
	out := make([]string, 0, len(suggestions)+1)
	if strings.TrimSpace(value) != "" {
		// What was typed is always a choice: picking it must not change it.
		out = append(out, value)
	}
	return append(out, suggestions...), nil
}
