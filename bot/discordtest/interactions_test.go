package discordtest_test

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

func TestHandshakeAndReady(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{GuildIDs: []string{"200000000000000007", "200000000000000008"}})
	var r *discordgo.Ready
	select {
	case r = <-c.ready:
	case <-time.After(5 * time.Second):
		t.Fatal("no READY")
	}
	if r.SessionID == "" || r.User == nil || r.User.ID != c.srv.BotUserID() || !r.User.Bot {
		t.Errorf("READY user/session = %+v / %q", r.User, r.SessionID)
	}
	if r.Application == nil || r.Application.ID != c.srv.AppID() {
		t.Errorf("READY application = %+v, want id %s", r.Application, c.srv.AppID())
	}
	if len(r.Guilds) != 2 || r.Guilds[0].ID != "200000000000000007" {
		t.Errorf("READY guilds = %+v", r.Guilds)
	}
	if got := c.srv.Identifies(); got != 1 {
		t.Errorf("Identifies = %d, want 1", got)
	}
	if got := c.srv.Intents(); got != discordgo.IntentsGuilds {
		t.Errorf("Intents = %d, want %d", got, discordgo.IntentsGuilds)
	}
	u, err := c.dg.User("@me")
	if err != nil || u.ID != c.srv.BotUserID() {
		t.Errorf("GET /users/@me = %+v, %v", u, err)
	}
	expectNoViolations(t, c.srv)
}

func TestSlashRespond(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	ix := c.srv.Slash("when", discordtest.StringOption("query", "russia qamishli"), discordtest.AsMember("400000000000000009", discordgo.PermissionManageGuild, "role1"))
	got := c.next(t)
	if got.ID != ix.ID() || got.Token != ix.Token() || got.AppID != c.srv.AppID() || got.Type != discordgo.InteractionApplicationCommand {
		t.Fatalf("received %+v", got)
	}
	data := got.ApplicationCommandData()
	if data.Name != "when" || data.GetOption("query") == nil || data.GetOption("query").StringValue() != "russia qamishli" {
		t.Errorf("data = %+v", data)
	}
	if got.Member == nil || got.Member.User.ID != "400000000000000009" || got.Member.Permissions != discordgo.PermissionManageGuild || got.Member.Roles[0] != "role1" || got.User != nil {
		t.Errorf("member = %+v, user = %+v", got.Member, got.User)
	}
	err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         "hello @everyone",
			Embeds:          []*discordgo.MessageEmbed{{Title: "23 January", Description: "> quote"}},
			AllowedMentions: noMentions(),
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "Next", Style: discordgo.PrimaryButton, CustomID: "page:1"},
			}}},
		},
	})
	if err != nil {
		t.Fatalf("respond: %v", err)
	}
	ctx := ctxT(t, 5*time.Second)
	resp, err := ix.Response(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Content != "hello @everyone" || resp.At <= 0 || len(resp.Data.Components) != 1 {
		t.Errorf("response = %+v", resp)
	}
	msg, err := ix.Final(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if msg.Content != "hello @everyone" || msg.MentionEveryone || len(msg.Embeds) != 1 || msg.Embeds[0].Title != "23 January" || len(msg.Components) != 1 {
		t.Errorf("final = %+v", msg)
	}
	if ms := c.srv.ChannelMessages(discordtest.DefaultChannelID); len(ms) != 1 || ms[0].ID != msg.ID {
		t.Errorf("channel shows %d messages", len(ms))
	}
	expectNoViolations(t, c.srv)
}

func TestDeferThenEdit(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	ix := c.srv.Slash("search", discordtest.StringOption("query", "x"))
	got := c.next(t)
	err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	})
	if err != nil {
		t.Fatalf("defer: %v", err)
	}
	ctx := ctxT(t, 5*time.Second)
	if resp, err := ix.Response(ctx); err != nil || resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("response = %+v, %v", resp, err)
	}
	loading, err := c.dg.InteractionResponse(got)
	if err != nil || loading.Flags&discordgo.MessageFlagsLoading == 0 {
		t.Fatalf("GET @original = %+v, %v", loading, err)
	}
	content := "done"
	edited, err := c.dg.InteractionResponseEdit(got, &discordgo.WebhookEdit{Content: &content, AllowedMentions: noMentions()})
	if err != nil || edited.Content != "done" {
		t.Fatalf("edit = %+v, %v", edited, err)
	}
	msg, err := ix.Final(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if msg.Content != "done" || msg.Flags&discordgo.MessageFlagsEphemeral == 0 || msg.Flags&discordgo.MessageFlagsLoading != 0 || msg.EditedTimestamp == nil {
		t.Errorf("final = %+v", msg)
	}
	if ms := c.srv.ChannelMessages(discordtest.DefaultChannelID); len(ms) != 0 {
		t.Errorf("an ephemeral response shows in the channel: %d messages", len(ms))
	}
	fu, err := c.dg.FollowupMessageCreate(got, true, &discordgo.WebhookParams{Content: "more", AllowedMentions: noMentions()})
	if err != nil || fu.Content != "more" {
		t.Fatalf("followup = %+v, %v", fu, err)
	}
	if fs := ix.Followups(); len(fs) != 1 || fs[0].ID != fu.ID {
		t.Errorf("followups = %+v", fs)
	}
	expectNoViolations(t, c.srv)
}
