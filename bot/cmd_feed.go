package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/store"
)

// feedCommand is /feed add url [topic] | remove url | list (admin): the
// RSS, Atom and JSON feeds whose new items come into this server's archive
// by themselves. /feed list answers "why did this article not arrive?".
type feedCommand struct{ d deps }

func (feedCommand) definition() *discordgo.ApplicationCommand {
	return adminOnly(&discordgo.ApplicationCommand{
		Name:        "feed",
		Description: "Admins: feeds whose new items come into this server's archive",
		Options: []*discordgo.ApplicationCommandOption{
			subcommand("add", "Follow an RSS, Atom or JSON feed",
				stringOption("url", "The feed's address (http or https)", true, false, 200),
				stringOption("topic", "A heading for its stories in the digest", false, false, 100)),
			subcommand("remove", "Stop following a feed (its articles stay)",
				stringOption("url", "The feed's address as /feed list shows it", true, false, 200)),
			subcommand("list", "The followed feeds and how their polling goes"),
		},
	})
}

func (feedCommand) help() string { return "add `url` `[topic]` | remove `url` | list: followed feeds." }

func (feedCommand) private() bool { return true }

func (fc feedCommand) run(ctx context.Context, c *call) (reply, error) {
	f := fc.d.following
	if f == nil {
		return reply{}, userErrorf("Feeds are not enabled on this dateline.")
	}
	scope := app.ScopeOf(c.guildID())
	url := c.option("url")
	switch c.subcommand {
	case "add":
		feed, res, err := f.AddFeed(ctx, scope, url, c.option("topic"), "discord:"+c.userID)
		if err != nil {
			return reply{}, followingError(err, "The feed "+quoteForUser(url))
		}
		return privateText("Following %s (%s): %d items stored as back-fill (searchable, not announced). New items arrive every poll; the next is %s.",
			quoteForUser(feed.Title), quoteForUser(feed.URL), res.Backfilled, discordTime(feed.NextPoll)), nil
	case "remove":
		if err := f.RemoveFeed(ctx, scope, url); err != nil {
			return reply{}, followingError(err, "The feed "+quoteForUser(url))
		}
		return privateText("No longer following %s. The articles it brought stay in the archive.", quoteForUser(url)), nil
	}
	list, err := f.Feeds(ctx, scope)
	if err != nil {
		return reply{}, err
	}
	if len(list) == 0 {
		return privateText("No feed is followed. Add one with `/feed add url:`."), nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Followed feeds (%d):", len(list))
	for _, feed := range list {
		b.WriteString("\n" + feedLine(feed))
	}
	return privateText("%s", truncate(b.String(), maxContent)), nil
}

// feedLine is one feed in /feed list: what it is, how its polling goes.
func feedLine(f store.Feed) string {
	title := f.Title
	if title == "" {
		title = f.URL
	}
	line := fmt.Sprintf("• %s <%s>", quoteForUser(title), escapeMarkdown(truncate(f.URL, 200)))
	if f.Topic != "" {
		line += " under " + quoteForUser(f.Topic)
	}
	line += fmt.Sprintf("\n  last success %s · %d items stored · next poll %s", discordTime(f.LastSuccess), f.Items, discordTime(f.NextPoll))
	if f.LastError != "" {
		line += fmt.Sprintf("\n  last error (%d in a row): %s", f.Failures, escapeMarkdown(truncate(oneLine(f.LastError), 300)))
	}
	return line
}
