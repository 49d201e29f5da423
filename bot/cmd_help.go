package bot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// helpCommand is /help: what dateline does and how to ask it. Its list of
// commands is generated from the other commands' definitions and help
// lines, so a new command appears in /help without an edit here.
type helpCommand struct{ text string }

func (helpCommand) definition() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        "help",
		Description: "How to ask dateline questions",
	}
}

// help: /help does not list itself.
func (helpCommand) help() string { return "" }

// The text around the list of commands, written for the people in a
// server, not for operators.
const (
	helpIntro = "dateline answers from the articles it holds, with the articles' own words, " +
		"each quote dated and credited to its source.\n\n"
	helpOutro = "\nIn a query, put a phrase in \"double quotes\", and narrow with `outlet:name`, `since:2025-12` or `until:last week`. " +
		"Dates in `since` and `until` can be 2025-12-01, December 2025, last week…\n" +
		"Results come ten at a time; Previous/Next work for 15 minutes after each use."
)

// helpText lays out /help from the commands, in their order: one line each
// with the command's options (optional ones in brackets), "(admins)" for
// admin commands, and the command's own help line.
func helpText(cmds []command) string {
	var b strings.Builder
	b.WriteString(helpIntro)
	for _, cmd := range cmds {
		line := cmd.help()
		if line == "" {
			continue
		}
		def := cmd.definition()
		b.WriteString("**/" + def.Name + "**")
		for _, o := range def.Options {
			if o.Required {
				b.WriteString(" `" + o.Name + "`")
			} else {
				b.WriteString(" [`" + o.Name + "`]")
			}
		}
		b.WriteString(" — ")
		if def.DefaultMemberPermissions != nil {
			b.WriteString("(admins) ")
		}
		b.WriteString(line + "\n")
	}
	b.WriteString(helpOutro)
	return b.String()
}

func (h helpCommand) run(ctx context.Context, c *call) (reply, error) {
	return reply{
		ephemeral: true,
		embeds: []*discordgo.MessageEmbed{{
			Title:       "dateline",
			Description: h.text,
			Color:       colourArticle,
		}},
	}, nil
}
