package discordtest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

func message(content string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: content, AllowedMentions: noMentions()},
	}
}

// restCode returns the Discord error code and HTTP status of a discordgo REST error.
func restCode(t *testing.T, err error) (status, code int) {
	t.Helper()
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not a RESTError", err)
	}
	if re.Message == nil {
		return re.Response.StatusCode, -1
	}
	return re.Response.StatusCode, re.Message.Code
}

func violationsContain(t *testing.T, srv *discordtest.Server, want string) {
	t.Helper()
	for _, v := range srv.Violations() {
		if strings.Contains(v, want) {
			return
		}
	}
	t.Errorf("no violation mentions %q; violations: %q", want, srv.Violations())
}

func TestAcknowledgementRules(t *testing.T) {
	t.Parallel()
	// The deadline must leave room for immediate answers on a loaded machine, and stay short.
	c := connect(t, discordtest.Options{AckDeadline: 500 * time.Millisecond})

	t.Run("late callback is 10062", func(t *testing.T) {
		ix := c.srv.Slash("when")
		got := c.next(t)
		time.Sleep(600 * time.Millisecond)
		err := c.dg.InteractionRespond(got, message("too late"))
		if status, code := restCode(t, err); status != 404 || code != 10062 {
			t.Errorf("late callback = %d/%d, want 404/10062", status, code)
		}
		if _, err := ix.Response(ctxT(t, 100*time.Millisecond)); err == nil || !strings.Contains(err.Error(), "10062") {
			t.Errorf("Response error = %v, want it to explain the 10062", err)
		}
		violationsContain(t, c.srv, "10062 Unknown interaction")
	})
	t.Run("second callback is 40060", func(t *testing.T) {
		ix := c.srv.Slash("when")
		got := c.next(t)
		if err := c.dg.InteractionRespond(got, message("first")); err != nil {
			t.Fatal(err)
		}
		err := c.dg.InteractionRespond(got, message("second"))
		if status, code := restCode(t, err); status != 400 || code != 40060 {
			t.Errorf("second callback = %d/%d, want 400/40060", status, code)
		}
		if r, _ := ix.Response(ctxT(t, time.Second)); r.Data.Content != "first" {
			t.Errorf("recorded response %q, want the first", r.Data.Content)
		}
	})
	t.Run("modal after a defer is refused", func(t *testing.T) {
		c.srv.Slash("when")
		got := c.next(t)
		if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
			t.Fatal(err)
		}
		err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
			CustomID: "m", Title: "t", Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.TextInput{CustomID: "a", Label: "A", Style: discordgo.TextInputShort},
			}}},
		}})
		if status, _ := restCode(t, err); status != 400 {
			t.Errorf("modal after defer = %d, want 400", status)
		}
	})
	t.Run("autocomplete result for a slash command is refused", func(t *testing.T) {
		c.srv.Slash("when")
		got := c.next(t)
		err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{}})
		if status, code := restCode(t, err); status != 400 || code != 50035 {
			t.Errorf("type 8 for a command = %d/%d, want 400/50035", status, code)
		}
	})
	t.Run("edit before acknowledging is 10015", func(t *testing.T) {
		c.srv.Slash("when")
		got := c.next(t)
		content := "x"
		_, err := c.dg.InteractionResponseEdit(got, &discordgo.WebhookEdit{Content: &content, AllowedMentions: noMentions()})
		if status, code := restCode(t, err); status != 404 || code != 10015 {
			t.Errorf("edit before ack = %d/%d, want 404/10015", status, code)
		}
		_, err = c.dg.FollowupMessageCreate(got, true, &discordgo.WebhookParams{Content: "x", AllowedMentions: noMentions()})
		if status, code := restCode(t, err); status != 404 || code != 10015 {
			t.Errorf("followup before ack = %d/%d, want 404/10015", status, code)
		}
	})
	t.Run("empty message is 50006", func(t *testing.T) {
		c.srv.Slash("when")
		got := c.next(t)
		err := c.dg.InteractionRespond(got, message(""))
		if status, code := restCode(t, err); status != 400 || code != 50006 {
			t.Errorf("empty message = %d/%d, want 400/50006", status, code)
		}
	})
}

func TestMessageLimits(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	long := func(n int) string { return strings.Repeat("é", n) } // multi-byte: limits count characters
	button := func(id string) discordgo.MessageComponent {
		return discordgo.Button{Label: "b", Style: discordgo.PrimaryButton, CustomID: id}
	}
	row := func(cs ...discordgo.MessageComponent) discordgo.MessageComponent {
		return discordgo.ActionsRow{Components: cs}
	}
	fields := func(n int) []*discordgo.MessageEmbedField {
		out := make([]*discordgo.MessageEmbedField, n)
		for i := range out {
			out[i] = &discordgo.MessageEmbedField{Name: "n", Value: "v"}
		}
		return out
	}
	cases := []struct {
		name  string
		data  discordgo.InteractionResponseData
		field string // must appear in the 50035 errors and in Violations
	}{
		{"content", discordgo.InteractionResponseData{Content: long(2001)}, "data.content"},
		{"embeds", discordgo.InteractionResponseData{Embeds: make11Embeds()}, "data.embeds"},
		{"title", discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Title: long(257)}}}, "data.embeds.0.title"},
		{"description", discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Description: long(4097)}}}, "data.embeds.0.description"},
		{"fields", discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Fields: fields(26)}}}, "data.embeds.0.fields"},
		{"field name", discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Fields: []*discordgo.MessageEmbedField{{Name: long(257), Value: "v"}}}}}, "data.embeds.0.fields.0.name"},
		{"field value", discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Fields: []*discordgo.MessageEmbedField{{Name: "n", Value: long(1025)}}}}}, "data.embeds.0.fields.0.value"},
		{"empty field value", discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Fields: []*discordgo.MessageEmbedField{{Name: "n"}}}}}, "data.embeds.0.fields.0.value"},
		{"footer", discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Footer: &discordgo.MessageEmbedFooter{Text: long(2049)}}}}, "data.embeds.0.footer.text"},
		{"author", discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Author: &discordgo.MessageEmbedAuthor{Name: long(257)}}}}, "data.embeds.0.author.name"},
		{"embed total", discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Description: long(4000)}, {Description: long(2001)}}}, "data.embeds: Embed size exceeds"},
		{"embed url", discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Title: "t", URL: "not a url"}}}, "data.embeds.0.url"},
		{"custom_id length", discordgo.InteractionResponseData{Content: "x", Components: []discordgo.MessageComponent{row(button(long(101)))}}, "data.components.0.components.0.custom_id"},
		{"custom_id unique", discordgo.InteractionResponseData{Content: "x", Components: []discordgo.MessageComponent{row(button("a")), row(button("a"))}}, "data.components.1.components.0.custom_id"},
		{"rows", discordgo.InteractionResponseData{Content: "x", Components: []discordgo.MessageComponent{row(button("a")), row(button("b")), row(button("c")), row(button("d")), row(button("e")), row(button("f"))}}, "data.components"},
		{"buttons a row", discordgo.InteractionResponseData{Content: "x", Components: []discordgo.MessageComponent{row(button("a"), button("b"), button("c"), button("d"), button("e"), button("f"))}}, "data.components.0.components"},
	}
	for _, tc := range cases {
		c.srv.Slash("when")
		got := c.next(t)
		data := tc.data
		data.AllowedMentions = noMentions()
		err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &data})
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		status, code := restCode(t, err)
		if status != 400 || code != 50035 {
			t.Errorf("%s: %d/%d, want 400/50035", tc.name, status, code)
		}
		violationsContain(t, c.srv, tc.field)
	}
	// At the limits exactly, everything is accepted.
	c.srv.Slash("when")
	got := c.next(t)
	full := &discordgo.MessageEmbed{Title: long(256), Description: long(1000), Fields: fields(25), Footer: &discordgo.MessageEmbedFooter{Text: long(100)}}
	before := len(c.srv.Violations())
	if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Content: long(2000), Embeds: []*discordgo.MessageEmbed{full}, AllowedMentions: noMentions(),
		Components: []discordgo.MessageComponent{row(button(long(100)), button("b"), button("c"), button("d"), button("e"))},
	}}); err != nil {
		t.Errorf("message at the limits refused: %v", err)
	}
	if after := len(c.srv.Violations()); after != before {
		t.Errorf("new violations at the limits: %q", c.srv.Violations()[before:])
	}
}

func make11Embeds() []*discordgo.MessageEmbed {
	out := make([]*discordgo.MessageEmbed, 11)
	for i := range out {
		out[i] = &discordgo.MessageEmbed{Title: "t"}
	}
	return out
}

func TestAllowedMentionsRule(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	ix := c.srv.Slash("when")
	got := c.next(t)
	// Accepted (Discord would), but pings everyone and is recorded.
	if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "quote with @everyone and <@123>"},
	}); err != nil {
		t.Fatal(err)
	}
	msg, err := ix.Final(ctxT(t, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if !msg.MentionEveryone || len(msg.Mentions) != 1 {
		t.Errorf("without allowed_mentions Discord pings: mention_everyone=%v mentions=%d", msg.MentionEveryone, len(msg.Mentions))
	}
	violationsContain(t, c.srv, "no allowed_mentions")

	m, err := c.dg.ChannelMessageSendComplex("300000000000000009", &discordgo.MessageSend{
		Content: "@here", AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeEveryone}},
	})
	if err != nil || !m.MentionEveryone {
		t.Fatalf("channel message = %+v, %v", m, err)
	}
	violationsContain(t, c.srv, `allowed_mentions.parse is ["everyone"]`)

	_, err = c.dg.ChannelMessageSendComplex("300000000000000009", &discordgo.MessageSend{
		Content: "<@1>", AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeUsers}, Users: []string{"1"}},
	})
	if status, code := restCode(t, err); status != 400 || code != 50035 {
		t.Errorf("parse users plus a users list = %d/%d, want 400/50035", status, code)
	}
	violationsContain(t, c.srv, "allowed_mentions.users")
}

func TestAuthorization(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	dg := srv.Session(t)
	dg.Token = "Bot wrong"
	_, err := dg.User("@me")
	if status, _ := restCode(t, err); status != 401 {
		t.Errorf("wrong token = %d, want 401", status)
	}
	dg.Token = ""
	_, err = dg.ApplicationCommands(srv.AppID(), "")
	if status, _ := restCode(t, err); status != 401 {
		t.Errorf("no token = %d, want 401", status)
	}
	violationsContain(t, srv, "401")
	// Gateway discovery needs no token, as on Discord.
	if url, err := dg.Gateway(); err != nil || !strings.HasPrefix(url, srv.GatewayURL()) {
		t.Errorf("GET /gateway = %q, %v", url, err)
	}
}

func TestInject429(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	dg := srv.Session(t)

	// JSON 429s: discordgo waits retry_after and retries.
	srv.Inject429("/users/@me", 2, true, 100*time.Millisecond)
	start := time.Now()
	if _, err := dg.User("@me"); err != nil {
		t.Fatalf("after two JSON 429s: %v", err)
	}
	if took := time.Since(start); took < 200*time.Millisecond {
		t.Errorf("retried after %v, want at least 2×100ms", took)
	}
	if srv.RateLimited() != 2 {
		t.Errorf("RateLimited = %d, want 2", srv.RateLimited())
	}
	// Without retries the client sees a RateLimitError with retry_after.
	srv.Inject429("/users/@me", 1, true, 1500*time.Millisecond)
	_, err := dg.User("@me", discordgo.WithRetryOnRatelimit(false))
	var rl *discordgo.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 1500*time.Millisecond {
		t.Errorf("no-retry 429 = %v, want RateLimitError retry 1.5s", err)
	}
	// A Cloudflare-style HTML 429 is an error for discordgo: nothing to back off on.
	srv.Inject429("/gateway/bot", 1, false, time.Second)
	if _, err := dg.GatewayBot(); err == nil {
		t.Error("HTML 429 was not visible to the client")
	}
	if _, err := dg.GatewayBot(); err != nil {
		t.Errorf("after the injected 429: %v", err)
	}
	expectNoViolations(t, srv)
}
