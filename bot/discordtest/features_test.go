package discordtest_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

func TestComponentClickUpdatesItsMessage(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	first := c.srv.Slash("when")
	got := c.next(t)
	if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "page 1", AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "Next", Style: discordgo.PrimaryButton, CustomID: "p:abc:2"}}},
		}},
	}); err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t, 5*time.Second)
	page1, err := first.Final(ctx)
	if err != nil {
		t.Fatal(err)
	}

	click := c.srv.Component("p:abc:2")
	got = c.next(t)
	if got.Type != discordgo.InteractionMessageComponent || got.MessageComponentData().CustomID != "p:abc:2" || got.Message == nil || got.Message.ID != page1.ID {
		t.Fatalf("click = %+v (message %+v)", got, got.Message)
	}
	if len(got.Message.Components) != 1 {
		t.Errorf("clicked message arrives without its components: %+v", got.Message)
	}
	if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "page 2", AllowedMentions: noMentions()},
	}); err != nil {
		t.Fatal(err)
	}
	page2, err := click.Final(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if page2.ID != page1.ID || page2.Content != "page 2" {
		t.Errorf("update = %+v, want message %s with page 2", page2, page1.ID)
	}
	if ms := c.srv.ChannelMessages(discordtest.DefaultChannelID); len(ms) != 1 || ms[0].Content != "page 2" {
		t.Errorf("channel = %d messages", len(ms))
	}

	// Deferred update, then the edit of @original completes it.
	click2 := c.srv.Component("p:abc:2")
	got = c.next(t)
	if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
		t.Fatal(err)
	}
	content := "page 3"
	if _, err := c.dg.InteractionResponseEdit(got, &discordgo.WebhookEdit{Content: &content, AllowedMentions: noMentions()}); err != nil {
		t.Fatal(err)
	}
	if page3, err := click2.Final(ctx); err != nil || page3.ID != page1.ID || page3.Content != "page 3" {
		t.Errorf("deferred update = %+v, %v", page3, err)
	}
	expectNoViolations(t, c.srv)
}

func TestAutocompleteAndModal(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	ctx := ctxT(t, 5*time.Second)

	ac := c.srv.Autocomplete("when", "query", "russ", discordtest.StringOption("since", "2024"))
	got := c.next(t)
	data := got.ApplicationCommandData()
	if got.Type != discordgo.InteractionApplicationCommandAutocomplete || !data.GetOption("query").Focused || data.GetOption("query").StringValue() != "russ" || data.GetOption("since") == nil {
		t.Fatalf("autocomplete = %+v", data)
	}
	choices := make([]*discordgo.ApplicationCommandOptionChoice, 26)
	for i := range choices {
		choices[i] = &discordgo.ApplicationCommandOptionChoice{Name: "russia", Value: "russia"}
	}
	err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: choices}})
	if status, code := restCode(t, err); status != 400 || code != 50035 {
		t.Errorf("26 choices = %d/%d, want 400/50035", status, code)
	}
	if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: choices[:25]}}); err != nil {
		t.Fatalf("25 choices: %v", err)
	}
	if r, err := ac.Response(ctx); err != nil || len(r.Data.Choices) != 25 {
		t.Errorf("autocomplete response = %+v, %v", r, err)
	}
	if _, err := ac.Final(ctx); err == nil {
		t.Error("Final of an autocomplete answered a message")
	}
	violationsContain(t, c.srv, "data.choices: Must be 25 or fewer")

	// A modal: title over 45 is refused; a valid one accepted; the submit carries the fields.
	c.srv.Slash("report")
	got = c.next(t)
	modal := func(title string) *discordgo.InteractionResponse {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
			CustomID: "report", Title: title, Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.TextInput{CustomID: "url", Label: "URL", Style: discordgo.TextInputShort, Required: true},
			}}},
		}}
	}
	if status, _ := restCode(t, c.dg.InteractionRespond(got, modal(strings.Repeat("t", 46)))); status != 400 {
		t.Errorf("modal title 46 = %d, want 400", status)
	}
	if err := c.dg.InteractionRespond(got, modal("Report an article")); err != nil {
		t.Fatalf("modal: %v", err)
	}
	submit := c.srv.ModalSubmit("report", map[string]string{"url": "https://example.org/a", "note": "n"})
	got = c.next(t)
	md := got.ModalSubmitData()
	if md.CustomID != "report" || len(md.Components) != 2 {
		t.Fatalf("modal submit = %+v", md)
	}
	input := md.Components[1].(*discordgo.ActionsRow).Components[0].(*discordgo.TextInput)
	if input.CustomID != "url" || input.Value != "https://example.org/a" {
		t.Errorf("text input = %+v", input)
	}
	if err := c.dg.InteractionRespond(got, message("thanks")); err != nil {
		t.Fatal(err)
	}
	if m, err := submit.Final(ctx); err != nil || m.Content != "thanks" {
		t.Errorf("submit answer = %+v, %v", m, err)
	}
}

func TestInteractionContexts(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	c.srv.Slash("article", discordtest.InDM("400000000000000005"), discordtest.Subcommand("show", discordtest.IntegerOption("id", 42)))
	got := c.next(t)
	if got.GuildID != "" || got.Member != nil || got.User == nil || got.User.ID != "400000000000000005" {
		t.Errorf("DM interaction: guild %q member %+v user %+v", got.GuildID, got.Member, got.User)
	}
	sub := got.ApplicationCommandData().Options[0]
	if sub.Type != discordgo.ApplicationCommandOptionSubCommand || sub.Name != "show" || sub.GetOption("id").IntValue() != 42 {
		t.Errorf("subcommand = %+v", sub)
	}
	c.srv.Component("outlet", discordtest.SelectValues("shafaq", "sana"))
	got = c.next(t)
	if d := got.MessageComponentData(); d.ComponentType != discordgo.SelectMenuComponent || len(d.Values) != 2 || d.Values[1] != "sana" {
		t.Errorf("select = %+v", d)
	}
	c.srv.Slash("when", discordtest.NumberOption("weight", 0.5))
	if got = c.next(t); got.ApplicationCommandData().GetOption("weight").FloatValue() != 0.5 {
		t.Errorf("number option = %+v", got.ApplicationCommandData().Options)
	}
	c.srv.Slash("when", discordtest.InGuild("200000000000000003"), discordtest.Raw(func(i *discordgo.Interaction) { i.Locale = discordgo.French }))
	got = c.next(t)
	if got.GuildID != "200000000000000003" || got.Locale != discordgo.French || got.Member == nil || got.Member.Permissions != discordtest.DefaultMemberPermissions {
		t.Errorf("guild interaction = %+v", got)
	}
}

func TestAttachmentOption(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	c.srv.Slash("import", discordtest.AttachmentOption("file", "feed.xml", []byte("<rss/>")))
	got := c.next(t)
	data := got.ApplicationCommandData()
	id, _ := data.GetOption("file").Value.(string)
	att := data.Resolved.Attachments[id]
	if att == nil || att.Filename != "feed.xml" || att.Size != 6 {
		t.Fatalf("attachment = %+v", att)
	}
	body, status := get(t, att.URL)
	if status != 200 || body != "<rss/>" {
		t.Errorf("GET attachment = %d %q", status, body)
	}
	if _, status := get(t, strings.Replace(att.URL, "hm=", "hm=0", 1)); status != 404 {
		t.Errorf("tampered URL = %d, want 404", status)
	}
	violationsContain(t, c.srv, "expired signature")
}

func get(t *testing.T, url string) (string, int) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), resp.StatusCode
}

func TestMultipartFilesAndFollowupFillsDefer(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	ix := c.srv.Slash("export")
	got := c.next(t)
	if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	fu, err := c.dg.FollowupMessageCreate(got, true, &discordgo.WebhookParams{
		Content: "here", AllowedMentions: noMentions(),
		Files: []*discordgo.File{{Name: "out.csv", ContentType: "text/csv", Reader: bytes.NewReader([]byte("a,b\n"))}},
	})
	if err != nil {
		t.Fatalf("multipart followup: %v", err)
	}
	final, err := ix.Final(ctxT(t, 5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if final.ID != fu.ID || final.Content != "here" || len(final.Attachments) != 1 || final.Attachments[0].Filename != "out.csv" {
		t.Errorf("first followup after a defer should fill the deferred message: final %+v followup %+v", final, fu)
	}
	if body, status := get(t, final.Attachments[0].URL); status != 200 || body != "a,b\n" {
		t.Errorf("uploaded file = %d %q", status, body)
	}
	expectNoViolations(t, c.srv)
}

func TestCommandsAndChannelMessages(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{ChannelIDs: []string{"300000000000000042"}})
	perm := int64(discordgo.PermissionManageGuild)
	cmds := []*discordgo.ApplicationCommand{
		{Name: "when", Description: "When did it happen?", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "query", Description: "words", Required: true, Autocomplete: true},
			{Type: discordgo.ApplicationCommandOptionString, Name: "since", Description: "from"},
		}},
		{Name: "remove", Description: "Remove an article", DefaultMemberPermissions: &perm},
	}
	guild := discordtest.DefaultGuildID
	out, err := c.dg.ApplicationCommandBulkOverwrite(c.srv.AppID(), guild, cmds)
	if err != nil || len(out) != 2 || out[0].ID == "" || out[0].ApplicationID != c.srv.AppID() {
		t.Fatalf("bulk overwrite = %+v, %v", out, err)
	}
	again, err := c.dg.ApplicationCommandBulkOverwrite(c.srv.AppID(), guild, cmds)
	if err != nil || again[0].ID != out[0].ID {
		t.Errorf("IDs change across overwrites: %v, %v", again, err)
	}
	if c.srv.BulkOverwrites() != 2 || len(c.srv.Commands(guild)) != 2 || len(c.srv.Commands("")) != 0 {
		t.Errorf("overwrites %d, guild commands %d, global %d", c.srv.BulkOverwrites(), len(c.srv.Commands(guild)), len(c.srv.Commands("")))
	}
	if listed, err := c.dg.ApplicationCommands(c.srv.AppID(), guild); err != nil || len(listed) != 2 || *listed[1].DefaultMemberPermissions != perm {
		t.Errorf("GET commands = %+v, %v", listed, err)
	}
	c.srv.Slash("when")
	if got := c.next(t); got.ApplicationCommandData().ID != out[0].ID {
		t.Errorf("data.id = %s, want the registered %s", got.ApplicationCommandData().ID, out[0].ID)
	}

	bad := []struct {
		name  string
		cmd   *discordgo.ApplicationCommand
		field string
	}{
		{"uppercase", &discordgo.ApplicationCommand{Name: "When", Description: "d"}, "0.name"},
		{"too long", &discordgo.ApplicationCommand{Name: strings.Repeat("a", 33), Description: "d"}, "0.name"},
		{"no description", &discordgo.ApplicationCommand{Name: "when"}, "0.description"},
		{"long description", &discordgo.ApplicationCommand{Name: "when", Description: strings.Repeat("d", 101)}, "0.description"},
		{"26 options", &discordgo.ApplicationCommand{Name: "when", Description: "d", Options: manyOptions(26)}, "0.options"},
		{"required after optional", &discordgo.ApplicationCommand{Name: "when", Description: "d", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "a", Description: "a"},
			{Type: discordgo.ApplicationCommandOptionString, Name: "b", Description: "b", Required: true},
		}}, "0.options.1.required"},
	}
	for _, tc := range bad {
		_, err := c.dg.ApplicationCommandBulkOverwrite(c.srv.AppID(), "", []*discordgo.ApplicationCommand{tc.cmd})
		if status, code := restCode(t, err); status != 400 || code != 50035 {
			t.Errorf("%s: %d/%d, want 400/50035", tc.name, status, code)
		}
		violationsContain(t, c.srv, tc.field)
	}
	if _, err := c.dg.ApplicationCommandBulkOverwrite(c.srv.AppID(), "200000000000000099", cmds); err == nil {
		t.Error("overwrite in a guild the bot is not in was accepted")
	}

	// Channel messages: only the configured channel exists; the channel shows what was sent.
	sent, err := c.dg.ChannelMessageSendComplex("300000000000000042", &discordgo.MessageSend{Content: "digest", AllowedMentions: noMentions()})
	if err != nil || sent.ChannelID != "300000000000000042" {
		t.Fatalf("channel message = %+v, %v", sent, err)
	}
	if ms := c.srv.ChannelMessages("300000000000000042"); len(ms) != 1 || ms[0].Content != "digest" {
		t.Errorf("channel = %+v", ms)
	}
	_, err = c.dg.ChannelMessageSendComplex("300000000000000043", &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()})
	if status, code := restCode(t, err); status != 404 || code != 10003 {
		t.Errorf("unknown channel = %d/%d, want 404/10003", status, code)
	}
	if gb, err := c.dg.GatewayBot(); err != nil || gb.Shards != 1 || !strings.HasPrefix(gb.URL, c.srv.GatewayURL()) {
		t.Errorf("GET /gateway/bot = %+v, %v", gb, err)
	}
}

func manyOptions(n int) []*discordgo.ApplicationCommandOption {
	out := make([]*discordgo.ApplicationCommandOption, n)
	for i := range out {
		out[i] = &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "o" + strings.Repeat("x", i), Description: "d"}
	}
	return out
}

func TestWebhookMessageLifecycle(t *testing.T) {
	t.Parallel()
	// Long enough for six calls on one token, which the webhook bucket (5 per 2 s) spreads over 2 s.
	c := connect(t, discordtest.Options{TokenLifetime: 5 * time.Second})

	// The interaction token expires (15 minutes on Discord, shortened here).
	c.srv.Slash("help")
	expiring := c.next(t)
	if err := c.dg.InteractionRespond(expiring, message("soon expired")); err != nil {
		t.Fatal(err)
	}
	expiredAt := time.Now().Add(5100 * time.Millisecond)

	ix := c.srv.Slash("export")
	got := c.next(t)
	if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content: "two files", AllowedMentions: noMentions(),
			Files: []*discordgo.File{
				{Name: "a.txt", Reader: strings.NewReader("a")},
				{Name: "b.txt", Reader: strings.NewReader("b")},
			},
		},
	}); err != nil {
		t.Fatalf("multipart callback: %v", err)
	}
	orig, err := c.dg.InteractionResponse(got)
	if err != nil || len(orig.Attachments) != 2 {
		t.Fatalf("GET @original = %+v, %v", orig, err)
	}
	// An edit that lists one attachment keeps only that one, plus what it uploads.
	keep := []*discordgo.MessageAttachment{{ID: orig.Attachments[1].ID}}
	edited, err := c.dg.InteractionResponseEdit(got, &discordgo.WebhookEdit{
		Attachments: &keep, AllowedMentions: noMentions(),
		Files: []*discordgo.File{{Name: "c.txt", Reader: strings.NewReader("c")}},
	})
	if err != nil || len(edited.Attachments) != 2 || edited.Attachments[0].Filename != "b.txt" || edited.Attachments[1].Filename != "c.txt" {
		t.Fatalf("edit with attachments = %+v, %v", edited, err)
	}
	fu, err := c.dg.FollowupMessageCreate(got, true, &discordgo.WebhookParams{Content: "followup", AllowedMentions: noMentions(), Flags: discordgo.MessageFlagsEphemeral})
	if err != nil || fu.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("ephemeral followup = %+v, %v", fu, err)
	}
	if err := c.dg.FollowupMessageDelete(got, fu.ID); err != nil {
		t.Fatalf("delete followup: %v", err)
	}
	if err := c.dg.InteractionResponseDelete(got); err != nil {
		t.Fatalf("delete @original: %v", err)
	}
	if ix.Original() != nil {
		t.Error("deleted response is still the original")
	}
	for _, m := range c.srv.ChannelMessages(discordtest.DefaultChannelID) {
		if m.ID == orig.ID {
			t.Error("deleted response still shows in the channel")
		}
	}
	_, err = c.dg.InteractionResponse(got)
	if status, code := restCode(t, err); status != 404 || code != 10008 {
		t.Errorf("GET deleted @original = %d/%d, want 404/10008", status, code)
	}
	time.Sleep(time.Until(expiredAt))
	_, err = c.dg.FollowupMessageCreate(expiring, true, &discordgo.WebhookParams{Content: "late", AllowedMentions: noMentions()})
	if status, code := restCode(t, err); status != 401 || code != 50027 {
		t.Errorf("followup after the token expired = %d/%d, want 401/50027", status, code)
	}
}

func TestDeferDeleteThenFollowup(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	ix := c.srv.Slash("when")
	got := c.next(t)
	if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	if err := c.dg.InteractionResponseDelete(got); err != nil {
		t.Fatal(err)
	}
	fu, err := c.dg.FollowupMessageCreate(got, true, &discordgo.WebhookParams{Content: "answer", AllowedMentions: noMentions()})
	if err != nil {
		t.Fatal(err)
	}
	final, err := ix.Final(ctxT(t, time.Second))
	if err != nil || final.ID != fu.ID || final.Content != "answer" {
		t.Errorf("final = %+v, %v; want the followup %s", final, err, fu.ID)
	}
	if ms := c.srv.ChannelMessages(discordtest.DefaultChannelID); len(ms) != 1 || ms[0].ID != fu.ID {
		t.Errorf("channel shows %d messages, want only the followup", len(ms))
	}
	expectNoViolations(t, c.srv)
}
