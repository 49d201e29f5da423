package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/app"
)

// addCommand is /add: an admin adds reporting to their server's archive by
// URL (the page is fetched through the safe fetcher), by file (an
// attachment in any format `dateline ingest` reads) or, with neither, by
// filling in a form. The answer, private, says what was stored and shows
// the first dated passage as /when will show it, or why nothing was.
type addCommand struct{ d deps }

// The form's fields (custom_ids) and Discord's limits on them.
const (
	formTitle  = "title"
	formOutlet = "outlet"
	formDate   = "date"
	formURL    = "url"
	formText   = "text"
)

func (addCommand) definition() *discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageGuild)
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	return &discordgo.ApplicationCommand{
		Name:                     "add",
		Description:              "Admins: add an article to this server's archive (a URL, a file, or a form)",
		DefaultMemberPermissions: &manageServer,
		Contexts:                 &guildOnly,
		Options: []*discordgo.ApplicationCommandOption{
			stringOption("url", "The article's web address", false, false, 200),
			{Type: discordgo.ApplicationCommandOptionAttachment, Name: "file",
				Description: "A .txt .md .html .json or .jsonl file (10 MiB at most)"},
			stringOption("date", "Publication date, when the page gives none (2026-01-27)", false, false, 60),
		},
	}
}

func (addCommand) help() string {
	return "add an article to this server's archive: `url:`, `file:`, or neither for a form."
}

// private: the answer is for the admin who asked; fetching may take a while.
func (addCommand) private() bool { return true }

// opensForm: with neither a URL nor a file, the answer is the form.
func (addCommand) opensForm(c *call) bool { return c.option("url") == "" && c.option("file") == "" }

func (a addCommand) run(ctx context.Context, c *call) (reply, error) {
	url, date, file := c.option("url"), c.option("date"), c.attachment("file")
	switch {
	case url == "" && c.option("file") == "":
		return reply{form: addForm(date)}, nil
	case url != "" && c.option("file") != "":
		return reply{}, userErrorf("Give a `url` or a `file`, not both.")
	case url != "":
		added, err := a.d.engine.AddURL(ctx, c.who, url, date)
		if err != nil {
			return reply{}, addRefusal(err, "add "+url)
		}
		return addedReply(added), nil
	case file == nil:
		return reply{}, userErrorf("The file did not come with the command; please attach it again.")
	}
	res, err := a.d.engine.AddFile(ctx, c.who, file.Filename, file.URL, int64(file.Size), date)
	if err != nil {
		return reply{}, addRefusal(err, "add file")
	}
	return fileReply(res), nil
}

// submit reads the form /add opened.
func (a addCommand) submit(ctx context.Context, c *call, fields map[string]string) (reply, error) {
	added, err := a.d.engine.AddForm(ctx, c.who, app.Form{
		Title: fields[formTitle], Outlet: fields[formOutlet], Date: fields[formDate], URL: fields[formURL], Text: fields[formText],
	})
	if err != nil {
		return reply{}, addRefusal(err, "add form")
	}
	return addedReply(added), nil
}

// addForm is the form: title, outlet, date, URL, text (Discord's 4,000
// characters). A date given as the command's option is filled in.
func addForm(date string) *discordgo.InteractionResponseData {
	input := func(id, label, placeholder string, style discordgo.TextInputStyle, required bool, max int, value string) discordgo.MessageComponent {
		return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
			CustomID: id, Label: label, Style: style, Placeholder: placeholder, Required: required, MaxLength: max, Value: value,
		}}}
	}
	return &discordgo.InteractionResponseData{
		CustomID: "add",
		Title:    "Add an article",
		Components: []discordgo.MessageComponent{
			input(formTitle, "Title", "Putin to host Syria's president", discordgo.TextInputShort, true, 300, ""),
			input(formOutlet, "Outlet", "Shafaq News", discordgo.TextInputShort, false, 200, ""),
			input(formDate, "Publication date", "2026-01-27", discordgo.TextInputShort, true, 60, truncate(date, 60)),
			input(formURL, "URL", "https://…", discordgo.TextInputShort, false, 1000, ""),
			input(formText, "Text", "The article's text; paragraphs separated by a blank line.", discordgo.TextInputParagraph, true, maxFormField, ""),
		},
	}
}

// addRefusal is the answer to an addition that did not happen: the reason
// when it is one the admin can act on, else an error to log.
func addRefusal(err error, what string) error {
	var dup *app.DuplicateError
	switch {
	case errors.As(err, &dup):
		return userErrorf("Not added: this is a %s.", escapeMarkdown(dup.Error()))
	case errors.Is(err, app.ErrRefused):
		return userErrorf("Not added: %s.", escapeMarkdown(strings.TrimSuffix(truncate(oneLine(cleanText(err.Error())), 1500), ".")))
	case errors.Is(err, app.ErrNoWeb):
		return userErrorf("Adding by URL or file is not set up on this bot; use /add with no options to fill in the form.")
	}
	return fmt.Errorf("%s: %w", what, err)
}

// addedReply says what was stored: title, outlet, the date as read,
// passages and id, and the first dated passage as /when will show it.
func addedReply(a app.Added) reply {
	art := a.Article
	facts := []string{}
	if art.Outlet != "" {
		facts = append(facts, escapeMarkdown(truncate(oneLine(cleanText(art.Outlet)), 100)))
	}
	facts = append(facts, "published "+art.Published.UTC().Format("2 Jan 2006"),
		fmt.Sprintf("%d passages", a.Passages), "id `"+art.ID+"`")
	content := fmt.Sprintf("Added to this server's archive: %s\n%s", quoteForUser(art.Title), strings.Join(facts, " · "))
	rep := reply{content: content, ephemeral: true}
	if a.HasPreview {
		rep.embeds = renderCards([]card{timelineCard(a.Preview)}, "How it will appear in /when", colourTimeline)
	}
	return rep
}

// fileReply sums up a file of several articles, with the first one added
// shown as addedReply shows it.
func fileReply(res app.FileResult) reply {
	if len(res.Added) == 1 && len(res.Duplicates) == 0 && len(res.Failed) == 0 {
		return addedReply(res.Added[0])
	}
	var lines []string
	lines = append(lines, fmt.Sprintf("Added %d, duplicates %d, failed %d.", len(res.Added), len(res.Duplicates), len(res.Failed)))
	for i, d := range res.Duplicates {
		if i == 3 {
			lines = append(lines, fmt.Sprintf("… and %d more duplicates", len(res.Duplicates)-i))
			break
		}
		lines = append(lines, "Duplicate: "+escapeMarkdown(d.Error()))
	}
	for i, f := range res.Failed {
		if i == 3 {
			lines = append(lines, fmt.Sprintf("… and %d more failures", len(res.Failed)-i))
			break
		}
		lines = append(lines, "Failed: "+escapeMarkdown(truncate(oneLine(cleanText(f)), 200)))
	}
	rep := reply{content: truncate(strings.Join(lines, "\n"), maxContent), ephemeral: true}
	if len(res.Added) > 0 && res.Added[0].HasPreview {
		rep.embeds = renderCards([]card{timelineCard(res.Added[0].Preview)}, "The first added, as it will appear in /when", colourTimeline)
	}
	return rep
}
