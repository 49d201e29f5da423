package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/app"
)

// trackCommand is /track add query | remove query | list (admin): the
// topics this server's digest groups its stories by, saved queries in the
// query language of /when.
type trackCommand struct{ d deps }

func (trackCommand) definition() *discordgo.ApplicationCommand {
	return adminOnly(&discordgo.ApplicationCommand{
		Name:        "track",
		Description: "Admins: the topics the digest groups stories by",
		Options: []*discordgo.ApplicationCommandOption{
			subcommand("add", "Track a topic: a query as /when takes it",
				stringOption("query", "e.g. russia qamishli, \"water plant\", outlet:Reuters syria", true, false, 200)),
			subcommand("remove", "Stop tracking a topic",
				stringOption("query", "The topic as /track list shows it", true, false, 200)),
			subcommand("list", "The tracked topics"),
		},
	})
}

func (trackCommand) help() string { return "add `query` | remove `query` | list: the digest's topics." }

func (trackCommand) private() bool { return true }

func (t trackCommand) run(ctx context.Context, c *call) (reply, error) {
	f := t.d.following
	if f == nil {
		return reply{}, userErrorf("Topics are not enabled on this dateline.")
	}
	scope := app.ScopeOf(c.guildID())
	query := c.option("query")
	switch c.subcommand {
	case "add":
		if _, err := f.AddTopic(ctx, scope, query, "discord:"+c.userID); err != nil {
			return reply{}, followingError(err, "The topic "+quoteForUser(query))
		}
		return privateText("Tracking %s: the digest groups the stories it matches under it.", quoteForUser(query)), nil
	case "remove":
		if err := f.RemoveTopic(ctx, scope, query); err != nil {
			return reply{}, followingError(err, "The topic "+quoteForUser(query))
		}
		return privateText("No longer tracking %s.", quoteForUser(query)), nil
	}
	topics, err := f.Topics(ctx, scope)
	if err != nil {
		return reply{}, err
	}
	if len(topics) == 0 {
		return privateText("No topic is tracked. Add one with `/track add query:`."), nil
	}
	var b strings.Builder
	b.WriteString("Tracked topics:")
	for _, tp := range topics {
		fmt.Fprintf(&b, "\n• %s", quoteForUser(tp.Query))
	}
	return privateText("%s", truncate(b.String(), maxContent)), nil
}
