package bot

import (
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// reply is everything a command can say. Commands return replies; only the
// functions in this file turn them into Discord payloads, and each of them
// sets allowed_mentions with an empty parse list, so no message the bot sends
// can ping anyone, whatever the quoted text contains.
type reply struct {
	content    string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
	// ephemeral replies are seen only by the person who asked.
	ephemeral bool
	// update replaces the message a button was clicked on (components only).
	update bool
	// form, when set, is the whole answer: a modal for the user to fill in
	// (only as the first response; never after a defer).
	form *discordgo.InteractionResponseData
}

// privateText is an ephemeral plain-text reply: errors, refusals, notices.
func privateText(format string, args ...any) reply {
	return reply{content: fmt.Sprintf(format, args...), ephemeral: true}
}

// noMentions serialises as "allowed_mentions": {"parse": []}.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// message is the one function that builds a message body. The content is cut
// to Discord's limit and empty lists are sent as [] (they clear what a
// previous page showed when a message is edited).
func (r reply) message() *discordgo.InteractionResponseData {
	data := &discordgo.InteractionResponseData{
		Content:         truncate(r.content, maxContent),
		Embeds:          r.embeds,
		Components:      r.components,
		AllowedMentions: noMentions(),
	}
	if data.Embeds == nil {
		data.Embeds = []*discordgo.MessageEmbed{}
	}
	if data.Components == nil {
		data.Components = []discordgo.MessageComponent{}
	}
	if r.ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return data
}

// response is the interaction callback for r: a new message, or for a button
// click with update set, the clicked message replaced.
func (r reply) response() *discordgo.InteractionResponse {
	if r.form != nil {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: r.form}
	}
	kind := discordgo.InteractionResponseChannelMessageWithSource
	if r.update && !r.ephemeral {
		kind = discordgo.InteractionResponseUpdateMessage
	}
	return &discordgo.InteractionResponse{Type: kind, Data: r.message()}
}

// edit is r as an edit of the original response (after a defer).
func (r reply) edit() *discordgo.WebhookEdit {
	m := r.message()
	return &discordgo.WebhookEdit{
		Content:         &m.Content,
		Embeds:          &m.Embeds,
		Components:      &m.Components,
		AllowedMentions: m.AllowedMentions,
	}
}

// followup is r as a follow-up message (an ephemeral answer after a public
// defer).
func (r reply) followup() *discordgo.WebhookParams {
	m := r.message()
	return &discordgo.WebhookParams{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      m.Components,
		AllowedMentions: m.AllowedMentions,
		Flags:           m.Flags,
	}
}

// deferResponse acknowledges an interaction whose answer comes later: "thinking…"
// for commands, a silent acknowledgement for button clicks.
func deferResponse(component, ephemeral bool) *discordgo.InteractionResponse {
	if component {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	}
	data := &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
	if ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: data}
}

// autocompleteResponse offers choices (autocomplete cannot be deferred).
func autocompleteResponse(choices []*discordgo.ApplicationCommandOptionChoice) *discordgo.InteractionResponse {
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices, AllowedMentions: noMentions()},
	}
}

// checkMessage verifies Discord's message limits; the renderers respect them
// by construction, and the router checks again so that a bug shows as a
// logged error and a polite message rather than a 400 from Discord.
func checkMessage(m *discordgo.InteractionResponseData) error {
	var errs []error
	if n := textLen(m.Content); n > maxContent {
		errs = append(errs, fmt.Errorf("content has %d characters (max %d)", n, maxContent))
	}
	if len(m.Embeds) > maxEmbeds {
		errs = append(errs, fmt.Errorf("%d embeds (max %d)", len(m.Embeds), maxEmbeds))
	}
	total := 0
	for i, e := range m.Embeds {
		total += embedLen(e)
		if err := checkEmbed(e); err != nil {
			errs = append(errs, fmt.Errorf("embed %d: %w", i, err))
		}
	}
	if total > maxEmbedsTotal {
		errs = append(errs, fmt.Errorf("embeds have %d characters together (max %d)", total, maxEmbedsTotal))
	}
	if err := checkComponents(m.Components); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func checkEmbed(e *discordgo.MessageEmbed) error {
	var errs []error
	limit := func(what, s string, max int) {
		if n := textLen(s); n > max {
			errs = append(errs, fmt.Errorf("%s has %d characters (max %d)", what, n, max))
		}
	}
	limit("title", e.Title, maxEmbedTitle)
	limit("description", e.Description, maxEmbedDescription)
	if e.Footer != nil {
		limit("footer", e.Footer.Text, maxEmbedFooter)
	}
	if e.Author != nil {
		limit("author", e.Author.Name, maxEmbedAuthor)
	}
	if len(e.Fields) > maxEmbedFields {
		errs = append(errs, fmt.Errorf("%d fields (max %d)", len(e.Fields), maxEmbedFields))
	}
	for _, f := range e.Fields {
		limit("field name", f.Name, maxEmbedFieldName)
		limit("field value", f.Value, maxEmbedFieldValue)
	}
	return errors.Join(errs...)
}

// embedLen is what counts towards the 6000-character total of a message.
func embedLen(e *discordgo.MessageEmbed) int {
	n := textLen(e.Title) + textLen(e.Description)
	if e.Footer != nil {
		n += textLen(e.Footer.Text)
	}
	if e.Author != nil {
		n += textLen(e.Author.Name)
	}
	for _, f := range e.Fields {
		n += textLen(f.Name) + textLen(f.Value)
	}
	return n
}

func checkComponents(rows []discordgo.MessageComponent) error {
	if len(rows) > 5 {
		return fmt.Errorf("%d component rows (max 5)", len(rows))
	}
	seen := map[string]bool{}
	for _, row := range rows {
		ar, ok := row.(discordgo.ActionsRow)
		if !ok {
			return fmt.Errorf("top-level component %T is not an action row", row)
		}
		if len(ar.Components) > 5 {
			return fmt.Errorf("%d buttons in a row (max 5)", len(ar.Components))
		}
		for _, c := range ar.Components {
			b, ok := c.(discordgo.Button)
			if !ok {
				continue
			}
			if b.URL != "" {
				continue
			}
			if n := len(b.CustomID); n == 0 || n > maxCustomID {
				return fmt.Errorf("custom_id %q has %d characters (1–%d)", b.CustomID, n, maxCustomID)
			}
			if seen[b.CustomID] {
				return fmt.Errorf("custom_id %q used twice", b.CustomID)
			}
			seen[b.CustomID] = true
		}
	}
	return nil
}
