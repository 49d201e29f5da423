package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/corpus"
)

// articleCommand is /article id: one stored article, its credits and the
// start of its text.
type articleCommand struct{ d deps }

// Budgets of the article embed.
const (
	articleBodyBudget = 1800
	articleFieldLen   = 200
)

func (articleCommand) definition() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        "article",
		Description: "Show one stored article",
		Options: []*discordgo.ApplicationCommandOption{
			stringOption("id", "The article's id", true, false, 100),
		},
	}
}

func (articleCommand) help() string { return "one stored article." }

func (a articleCommand) run(ctx context.Context, c *call) (reply, error) {
	id := c.option("id")
	art, err := a.d.engine.Article(ctx, c.who, id)
	if errors.Is(err, app.ErrNotFound) {
		return reply{}, userErrorf("There is no article with id %s.", quoteForUser(id))
	}
	if err != nil {
		return reply{}, fmt.Errorf("article %q: %w", id, err)
	}
	return reply{embeds: []*discordgo.MessageEmbed{renderArticle(art)}}, nil
}

// renderArticle shows an article's title (linked), credits and the start of
// its body as a block quote, within the embed limits.
func renderArticle(a corpus.Article) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Title:       escapedWithin(oneLine(cleanText(a.Title)), maxEmbedTitle),
		URL:         safeLink(a.URL),
		Description: renderQuote(cleanText(a.Body), nil, articleBodyBudget),
		Color:       colourArticle,
		Footer:      &discordgo.MessageEmbedFooter{Text: "Article " + truncate(oneLine(cleanText(a.ID)), 100)},
	}
	field := func(name, value string) {
		value = oneLine(cleanText(value))
		if value == "" {
			return
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: escapeMarkdown(truncate(value, articleFieldLen)), Inline: true})
	}
	field("Outlet", a.Outlet)
	if !a.Published.IsZero() {
		field("Published", answer.Day(a.Published))
	}
	field("Author", a.Author)
	return e
}
