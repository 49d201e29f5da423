package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// helpCommand is /help: what dateline does and how to ask it.
type helpCommand struct{}

func (helpCommand) definition() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        "help",
		Description: "How to ask dateline questions",
	}
}

// helpText is written for the people in a server, not for operators.
const helpText = "dateline answers from the articles it holds, with the articles' own words, " +
	"each quote dated and credited to its source.\n\n" +
	"**/when** `query` [`since`] [`until`] — a timeline, oldest first: when did it happen, according to whom. " +
	"Example: `/when russia qamishli`.\n" +
	"**/search** `query` — the passages that match best.\n" +
	"**/article** `id` — one stored article.\n" +
	"**/remove** `id` — (admins) take an article out of the archive.\n\n" +
	"In a query, put a phrase in \"double quotes\", and narrow with `outlet:name`, `since:2025-12` or `until:last week`. " +
	"Dates in `since` and `until` can be 2025-12-01, December 2025, last week…\n" +
	"Results come ten at a time; Previous/Next work for 15 minutes after each use."

func (helpCommand) run(ctx context.Context, c *call) (reply, error) {
	return reply{
		ephemeral: true,
		embeds: []*discordgo.MessageEmbed{{
			Title:       "dateline",
			Description: helpText,
			Color:       colourArticle,
		}},
	}, nil
}
