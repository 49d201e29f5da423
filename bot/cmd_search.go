package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
)

// searchCommand is /search query: the passages that best match, most
// relevant first, ten to a page (pageSize).
type searchCommand struct{ d deps }

func (searchCommand) definition() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        "search",
		Description: "The passages that best match, most relevant first",
		Options: []*discordgo.ApplicationCommandOption{
			stringOption("query", "What to look for; \"quotes\" for a phrase, outlet:name to filter", true, true, maxOptionLen),
		},
	}
}

func (searchCommand) help() string { return "the passages that match best." }

func (s searchCommand) run(ctx context.Context, c *call) (reply, error) {
	q, err := parseQuery(c)
	if err != nil {
		return reply{}, err
	}
	return s.page(ctx, c.who, q, 0, "")
}

// page renders page n of the results for q.
func (s searchCommand) page(ctx context.Context, who app.Caller, q answer.Query, n int, state string) (reply, error) {
	q.Offset, q.Limit = n*pageSize, pageSize
	rs, err := s.d.engine.Search(ctx, who, q)
	if err != nil {
		return reply{}, fmt.Errorf("search %q: %w", q.Raw, err)
	}
	if len(rs.Hits) == 0 {
		if n > 0 {
			return privateText("There is nothing on that page any more; the archive changed. Please run `/search` again."), nil
		}
		return privateText("No passages match %s. Try fewer or other words.", describeQuery(q)), nil
	}
	cards := make([]card, 0, len(rs.Hits))
	for _, h := range rs.Hits {
		cards = append(cards, hitCard(h))
	}
	return pagedReply(ctx, s.d.pages, "search", who, q, n, state, cards, totals{rs.Total, rs.TotalApprox, rs.Weighed, rs.Articles}, colourSearch)
}

func (s searchCommand) autocomplete(ctx context.Context, c *call, option, value string) ([]string, error) {
	return suggestQuery(ctx, s.d.engine, c.who, option, value)
}
