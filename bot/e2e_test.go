package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

// trickyEngine is the real engine with two test hooks on /when: a query
// containing "explode" panics (as a bug in a handler would), and one
// containing "slowly" waits before answering (as a slow disk would), then
// answers the rest of the query.
type trickyEngine struct {
	Engine
	delay time.Duration
}

func (e trickyEngine) When(ctx context.Context, c app.Caller, q answer.Query) (answer.Timeline, error) {
	if strings.Contains(q.Raw, "explode") {
		panic("test: the engine exploded")
	}
	if strings.Contains(q.Raw, "slowly") {
		select {
		case <-time.After(e.delay):
		case <-ctx.Done():
			return answer.Timeline{}, ctx.Err()
		}
		var terms []string
		for _, t := range q.Terms {
			if t != "slowly" {
				terms = append(terms, t)
			}
		}
		q.Terms = terms
	}
	return e.Engine.When(ctx, c, q)
}

// testNow is the clock of the end-to-end tests: the day after the seed
// article was published.
var testNow = time.Date(2026, 1, 28, 12, 0, 0, 0, time.UTC)

func final(t *testing.T, ix *discordtest.Interaction) *discordgo.Message {
	t.Helper()
	msg, err := ix.Final(timeout(t, 10*time.Second))
	if err != nil {
		t.Fatalf("no final message: %v", err)
	}
	return msg
}

func isEphemeral(m *discordgo.Message) bool { return m.Flags&discordgo.MessageFlagsEphemeral != 0 }

// embedWith returns the first embed whose title starts with title (any
// title when "") and whose description contains every part.
func embedWith(m *discordgo.Message, title string, parts ...string) *discordgo.MessageEmbed {
	for _, e := range m.Embeds {
		if !strings.HasPrefix(e.Title, title) {
			continue
		}
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(e.Description, p)
		}
		if ok {
			return e
		}
	}
	return nil
}

func dump(m *discordgo.Message) string {
	var b strings.Builder
	b.WriteString("content: " + m.Content + "\n")
	for _, e := range m.Embeds {
		b.WriteString("title: " + e.Title + "\ndescription: " + e.Description + "\n")
		if e.Footer != nil {
			b.WriteString("footer: " + e.Footer.Text + "\n")
		}
	}
	return b.String()
}

// buttons returns the custom_ids of a message's Previous and Next buttons
// and whether each is enabled.
func buttons(t *testing.T, m *discordgo.Message) (prev, next string, prevOn, nextOn bool) {
	t.Helper()
	if len(m.Components) != 1 {
		t.Fatalf("want one row of buttons, got %d rows", len(m.Components))
	}
	row, ok := m.Components[0].(*discordgo.ActionsRow)
	if !ok || len(row.Components) != 2 {
		t.Fatalf("unexpected components %#v", m.Components[0])
	}
	p, _ := row.Components[0].(*discordgo.Button)
	n, _ := row.Components[1].(*discordgo.Button)
	if p == nil || n == nil {
		t.Fatal("components are not buttons")
	}
	return p.CustomID, n.CustomID, !p.Disabled, !n.Disabled
}

func footer(m *discordgo.Message) string {
	if len(m.Embeds) == 0 || m.Embeds[len(m.Embeds)-1].Footer == nil {
		return ""
	}
	return m.Embeds[len(m.Embeds)-1].Footer.Text
}

// TestEndToEnd drives every command through a real discordgo Session, the
// strict fake Discord and the real engine over the seed article and the
// fixtures. The harness fails the test if the fake saw any rule broken.
func TestEndToEnd(t *testing.T) {
	engine := openEngine(t)
	clock := &testClock{t: testNow}
	h := startBot(t, trickyEngine{Engine: engine, delay: 2500 * time.Millisecond}, discordtest.Options{HeartbeatInterval: 3 * time.Second},
		func(o *Options) {
			o.Now = clock.now
			// The fixtures are in the shared archive: this server's admins
			// may change it (isolation between servers: TestServersIsolated).
			o.Config.OwnerGuildIDs = []string{discordtest.DefaultGuildID}
		})
	fake := h.fake

	t.Run("commands registered in the guild", func(t *testing.T) {
		if err := fake.Wait(timeout(t, 5*time.Second), func() bool { return len(fake.Commands(discordtest.DefaultGuildID)) > 0 }); err != nil {
			t.Fatalf("commands never registered: %v", err)
		}
		cmds := fake.Commands(discordtest.DefaultGuildID)
		var names []string
		for _, c := range cmds {
			names = append(names, c.Name)
			admin := c.Name == "add" || c.Name == "remove" || c.Name == "restore" || c.Name == "audit"
			if admin && (c.DefaultMemberPermissions == nil || *c.DefaultMemberPermissions != discordgo.PermissionManageGuild) {
				t.Errorf("/%s default_member_permissions = %v, want Manage Server", c.Name, c.DefaultMemberPermissions)
			}
		}
		if got := strings.Join(names, " "); got != "when search article digest help add remove restore audit settings track feed" {
			t.Errorf("registered %q", got)
		}
		if n := fake.BulkOverwrites(); n != 1 {
			t.Errorf("%d bulk overwrites, want 1", n)
		}
	})

	t.Run("minimal intents: GUILDS only, nothing privileged", func(t *testing.T) {
		if got := fake.Intents(); got != discordgo.IntentsGuilds {
			t.Errorf("identified with intents %#x, want GUILDS (%#x) only", got, discordgo.IntentsGuilds)
		}
	})

	t.Run("when: the 23 January quote, dated, bold and credited", func(t *testing.T) {
		msg := final(t, fake.Slash("when", discordtest.StringOption("query", "russia evacuation")))
		e := embedWith(msg, "23 Jan 2026", "The source said the **evacuation** began on 23 January", "a security source cited by Shafaq News", "27 Jan 2026")
		if e == nil {
			t.Fatalf("no 23 January card:\n%s", dump(msg))
		}
		if isEphemeral(msg) || msg.MentionEveryone {
			t.Errorf("answer ephemeral=%v mention_everyone=%v", isEphemeral(msg), msg.MentionEveryone)
		}
		if f := footer(msg); !strings.Contains(f, "passages from 1 article") {
			t.Errorf("footer %q", f)
		}
	})

	t.Run("when russia qamishli: the 23 January quote credited to Shafaq News", func(t *testing.T) {
		msg := final(t, fake.Slash("when", discordtest.StringOption("query", "russia qamishli")))
		e := embedWith(msg, "23 Jan 2026", "The source said the evacuation began on 23 January", "a security source cited by Shafaq News")
		if e == nil {
			t.Fatalf("no 23 January card credited to Shafaq News:\n%s", dump(msg))
		}
		if isEphemeral(msg) || len(msg.Embeds) > pageSize || !strings.Contains(footer(msg), "passages from 1 article") {
			t.Errorf("unexpected page (ephemeral %v, %d cards, footer %q)", isEphemeral(msg), len(msg.Embeds), footer(msg))
		}
	})

	t.Run("search", func(t *testing.T) {
		msg := final(t, fake.Slash("search", discordtest.StringOption("query", "hmeimim")))
		if embedWith(msg, "", "**Hmeimim**") == nil {
			t.Fatalf("no bold Hmeimim:\n%s", dump(msg))
		}
	})

	t.Run("article", func(t *testing.T) {
		tl, err := engine.When(context.Background(), app.Caller{}, answer.Query{Raw: "ilyushin", Terms: []string{"ilyushin"}})
		if err != nil || len(tl.Entries) == 0 {
			t.Fatalf("engine found no seed passage: %v", err)
		}
		id := tl.Entries[0].Article.ID
		msg := final(t, fake.Slash("article", discordtest.StringOption("id", id)))
		if len(msg.Embeds) != 1 || !strings.HasPrefix(msg.Embeds[0].Title, "Putin to host Syria") || !strings.Contains(msg.Embeds[0].Footer.Text, id) {
			t.Fatalf("unexpected article message:\n%s", dump(msg))
		}
		missing := final(t, fake.Slash("article", discordtest.StringOption("id", "no-such-id")))
		if !isEphemeral(missing) || !strings.Contains(missing.Content, "no article") {
			t.Errorf("unknown id: %q (ephemeral %v)", missing.Content, isEphemeral(missing))
		}
	})

	t.Run("help", func(t *testing.T) {
		msg := final(t, fake.Slash("help"))
		if !isEphemeral(msg) || len(msg.Embeds) != 1 || !strings.Contains(msg.Embeds[0].Description, "/when") {
			t.Fatalf("unexpected help:\n%s", dump(msg))
		}
	})

	t.Run("pagination forward, back, and expiry", func(t *testing.T) {
		// The engine fills each page with the most relevant entries not yet
		// shown, told chronologically: every page is in date order, and the
		// three pages together show the 24 reports once each.
		seen := map[string]bool{}
		checkPage := func(m *discordgo.Message, wantFooter string, wantCards int) {
			t.Helper()
			if len(m.Embeds) != wantCards || !strings.HasPrefix(footer(m), wantFooter) {
				t.Fatalf("want %d cards and footer %q:\n%s", wantCards, wantFooter, dump(m))
			}
			var last time.Time
			for _, e := range m.Embeds {
				day, err := time.Parse("2 Jan 2006", strings.Split(e.Title, " · ")[0])
				if err != nil || day.Before(last) {
					t.Errorf("page not in date order at %q", e.Title)
				}
				last = day
				if seen[e.Title] {
					t.Errorf("%q shown on two pages", e.Title)
				}
				seen[e.Title] = true
			}
		}
		first := final(t, fake.Slash("when", discordtest.StringOption("query", "tartus ferry")))
		checkPage(first, "1–10 of 24 passages from 24 articles · page 1 of 3", 10)
		_, next, prevOn, nextOn := buttons(t, first)
		if prevOn || !nextOn {
			t.Errorf("page 1: previous enabled %v, next enabled %v", prevOn, nextOn)
		}
		second := final(t, fake.Component(next))
		checkPage(second, "11–20 of 24 passages from 24 articles · page 2 of 3", 10)
		_, next, _, _ = buttons(t, second)
		third := final(t, fake.Component(next))
		checkPage(third, "21–24 of 24 passages from 24 articles · page 3 of 3", 4)
		if len(seen) != 24 {
			t.Errorf("%d distinct reports over three pages, want 24", len(seen))
		}
		prev, _, prevOn, nextOn := buttons(t, third)
		if !prevOn || nextOn {
			t.Errorf("last page: previous enabled %v, next enabled %v", prevOn, nextOn)
		}
		back := final(t, fake.Component(prev))
		if dump(back) != dump(second) {
			t.Fatalf("back to page 2 shows\n%s\nwant\n%s", dump(back), dump(second))
		}
		clock.advance(16 * time.Minute)
		expired := final(t, fake.Component(prev))
		if !isEphemeral(expired) || !strings.Contains(expired.Content, "expired") {
			t.Errorf("expired page: %q (ephemeral %v)", expired.Content, isEphemeral(expired))
		}
	})

	t.Run("quotes and queries with @everyone ping nobody", func(t *testing.T) {
		msg := final(t, fake.Slash("when", discordtest.StringOption("query", "latakia market")))
		if embedWith(msg, "5 Mar 2025", "@everyone", `\*\*urgent\*\*`, `\<@&123\>`) == nil {
			t.Fatalf("quote not shown literally:\n%s", dump(msg))
		}
		none := final(t, fake.Slash("when", discordtest.StringOption("query", "@everyone"), discordtest.StringOption("since", "2030-01-01")))
		if !isEphemeral(none) || !strings.Contains(none.Content, "@everyone") || !strings.Contains(none.Content, "No dated passages") {
			t.Fatalf("no-results message:\n%s", dump(none))
		}
		if msg.MentionEveryone || none.MentionEveryone || len(none.MentionRoles) > 0 {
			t.Error("a message would ping")
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		ix := fake.Autocomplete("when", "query", "russia qui")
		resp, err := ix.Response(timeout(t, 5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(resp.Data.Choices) == 0 || len(resp.Data.Choices) > 25 {
			t.Fatalf("autocomplete response %+v", resp)
		}
		found := false
		for _, c := range resp.Data.Choices {
			found = found || strings.EqualFold(c.Name, "russia quietly")
		}
		if !found {
			t.Errorf("no \"russia quietly\" among %v", resp.Data.Choices)
		}
	})

	t.Run("unknown command, oversized and malformed options", func(t *testing.T) {
		cases := []struct {
			name string
			ix   *discordtest.Interaction
			want string
		}{
			{"unknown command", fake.Slash("teleport"), "don't know the command"},
			{"5000-character query", fake.Slash("when", discordtest.StringOption("query", strings.Repeat("qamishli ", 556))), "too long"},
			{"number for text", fake.Slash("when", discordtest.IntegerOption("query", 5)), "should be text"},
			{"undeclared option", fake.Slash("search", discordtest.StringOption("query", "x"), discordtest.StringOption("sql", "drop")), "no option"},
			{"missing required", fake.Slash("article"), "required"},
		}
		for _, c := range cases {
			msg := final(t, c.ix)
			if !isEphemeral(msg) || !strings.Contains(msg.Content, c.want) {
				t.Errorf("%s: %q (ephemeral %v), want %q", c.name, msg.Content, isEphemeral(msg), c.want)
			}
		}
	})

	t.Run("queries the query parser refuses are answered privately", func(t *testing.T) {
		cases := []struct {
			name string
			ix   *discordtest.Interaction
			want string
		}{
			{"outlet only", fake.Slash("when", discordtest.StringOption("query", "outlet:Reuters")), "no words to look for"},
			{"date only", fake.Slash("search", discordtest.StringOption("query", "since:2025-12")), "no words to look for"},
			{"date only in options", fake.Slash("when", discordtest.StringOption("query", "when?"), discordtest.StringOption("since", "2025-12")), "no words to look for"},
			{"unreadable since", fake.Slash("when", discordtest.StringOption("query", "russia"), discordtest.StringOption("since", "blorp")), `since: cannot read "blorp" as a date`},
		}
		for _, c := range cases {
			msg := final(t, c.ix)
			shown := strings.ReplaceAll(msg.Content, `\`, "") // as Discord shows the escaped text
			if !isEphemeral(msg) || !strings.Contains(shown, c.want) || len(msg.Embeds) != 0 {
				t.Errorf("%s: %q (ephemeral %v, %d embeds), want %q", c.name, msg.Content, isEphemeral(msg), len(msg.Embeds), c.want)
			}
		}
	})

	t.Run("panicking handler recovered, next command works", func(t *testing.T) {
		msg := final(t, fake.Slash("when", discordtest.StringOption("query", "explode now")))
		if !isEphemeral(msg) || !strings.Contains(msg.Content, "went wrong") {
			t.Fatalf("after a panic: %q", msg.Content)
		}
		if logs := h.logs.String(); !strings.Contains(logs, "panicked") || !strings.Contains(logs, "goroutine") {
			t.Error("the panic and its stack were not logged")
		}
		if next := final(t, fake.Slash("help")); len(next.Embeds) != 1 {
			t.Fatalf("bot did not answer after the panic: %s", dump(next))
		}
	})

	t.Run("slow engine deferred in time, answer edited in", func(t *testing.T) {
		ix := fake.Slash("when", discordtest.StringOption("query", "russia evacuation slowly"))
		resp, err := ix.Response(timeout(t, 5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || resp.At > 3*time.Second {
			t.Fatalf("first response type %d after %v, want a defer within 3 s", resp.Type, resp.At)
		}
		if msg := final(t, ix); embedWith(msg, "23 Jan 2026") == nil {
			t.Fatalf("deferred answer:\n%s", dump(msg))
		}
	})

	t.Run("slow engine, no results: still a private answer, nothing left in the channel", func(t *testing.T) {
		ix := fake.Slash("when", discordtest.StringOption("query", "zzzunknownword slowly"))
		if resp, err := ix.Response(timeout(t, 5*time.Second)); err != nil || resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("first response %+v, %v; want a defer", resp, err)
		}
		msg := final(t, ix)
		if !strings.Contains(msg.Content, "No dated passages") || !isEphemeral(msg) {
			t.Fatalf("deferred no-results answer (ephemeral %v):\n%s", isEphemeral(msg), dump(msg))
		}
		if orig := ix.Original(); orig != nil {
			t.Errorf("the public deferred message is still in the channel:\n%s", dump(orig))
		}
	})

	t.Run("slow page: button deferred (type 6), clicked message edited", func(t *testing.T) {
		first := final(t, fake.Slash("when", discordtest.StringOption("query", "tartus ferry slowly")))
		_, next, _, _ := buttons(t, first)
		click := fake.Component(next)
		resp, err := click.Response(timeout(t, 5*time.Second))
		if err != nil || resp.Type != discordgo.InteractionResponseDeferredMessageUpdate || resp.At > 3*time.Second {
			t.Fatalf("click acknowledged with %+v, %v; want type 6 within 3 s", resp, err)
		}
		msg := final(t, click)
		if !strings.HasPrefix(footer(msg), "11–20 of 24") || msg.ID != first.ID {
			t.Fatalf("edited message %s (first was %s):\n%s", msg.ID, first.ID, dump(msg))
		}
	})

	t.Run("remove: refused to members and in DMs, allowed to admins", func(t *testing.T) {
		tl, err := engine.When(context.Background(), app.Caller{}, answer.Query{Raw: "latakia", Terms: []string{"latakia", "market"}})
		if err != nil || len(tl.Entries) == 0 {
			t.Fatalf("fixture not found: %v", err)
		}
		id := tl.Entries[len(tl.Entries)-1].Article.ID
		for name, who := range map[string]discordtest.Opt{
			"member": discordtest.AsMember(memberID, discordtest.DefaultMemberPermissions),
			"dm":     discordtest.InDM(memberID),
		} {
			msg := final(t, fake.Slash("remove", discordtest.StringOption("id", id), who))
			if !isEphemeral(msg) || !(strings.Contains(msg.Content, "Only server admins") || strings.Contains(msg.Content, "only in a server")) {
				t.Errorf("%s: %q", name, msg.Content)
			}
		}
		if _, err := engine.Article(context.Background(), app.Caller{}, id); err != nil {
			t.Fatalf("article gone after refusals: %v", err)
		}
		msg := final(t, fake.Slash("remove", discordtest.StringOption("id", id), discordtest.AsMember(memberID, discordtest.DefaultMemberPermissions, adminRoleID)))
		if !isEphemeral(msg) || !strings.Contains(msg.Content, "Removed") {
			t.Fatalf("admin role: %q", msg.Content)
		}
		if _, err := engine.Article(context.Background(), app.Caller{}, id); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("article still there: %v", err)
		}
		for name, perms := range map[string]int64{"Manage Server": discordgo.PermissionManageGuild, "Administrator": discordgo.PermissionAdministrator} {
			again := final(t, fake.Slash("remove", discordtest.StringOption("id", id), discordtest.AsMember(memberID, perms)))
			if !strings.Contains(again.Content, "no article") {
				t.Errorf("second removal by a member with %s: %q", name, again.Content)
			}
		}
	})

	t.Run("reconnect after op 7, next interaction answered", func(t *testing.T) {
		before := fake.Resumes()
		fake.SendReconnect()
		if err := fake.Wait(timeout(t, 10*time.Second), func() bool { return fake.Resumes() > before }); err != nil {
			t.Fatalf("no RESUME after op 7: %v\nlogs:\n%s", err, h.logs)
		}
		if err := fake.WaitConnected(timeout(t, 10*time.Second)); err != nil {
			t.Fatal(err)
		}
		if msg := final(t, fake.Slash("help")); len(msg.Embeds) != 1 {
			t.Fatalf("after reconnect: %s", dump(msg))
		}
	})

	t.Run("invalid session (op 9), identified again", func(t *testing.T) {
		before := fake.Identifies()
		fake.SendInvalidSession(false)
		if err := fake.Wait(timeout(t, 10*time.Second), func() bool { return fake.Identifies() > before }); err != nil {
			t.Fatalf("no IDENTIFY after op 9: %v", err)
		}
		if err := fake.WaitConnected(timeout(t, 10*time.Second)); err != nil {
			t.Fatal(err)
		}
		if msg := final(t, fake.Slash("help")); len(msg.Embeds) != 1 {
			t.Fatalf("after op 9: %s", dump(msg))
		}
	})

	t.Run("dropped socket, reconnected", func(t *testing.T) {
		before := fake.Connections()
		fake.DropSocket()
		if err := fake.Wait(timeout(t, 10*time.Second), func() bool { return fake.Connections() > before }); err != nil {
			t.Fatalf("no new connection after a dropped socket: %v", err)
		}
		if err := fake.WaitConnected(timeout(t, 10*time.Second)); err != nil {
			t.Fatal(err)
		}
		if msg := final(t, fake.Slash("help")); len(msg.Embeds) != 1 {
			t.Fatalf("after reconnect: %s", dump(msg))
		}
	})

	t.Run("429 storms survived", func(t *testing.T) {
		before := fake.RateLimited()
		fake.Inject429("/callback", 4, true, 50*time.Millisecond)
		if msg := final(t, fake.Slash("help")); len(msg.Embeds) != 1 {
			t.Fatalf("after JSON 429s: %s", dump(msg))
		}
		fake.Inject429("/callback", 2, false, 0)
		if msg := final(t, fake.Slash("help")); len(msg.Embeds) != 1 {
			t.Fatalf("after non-JSON 429s: %s", dump(msg))
		}
		if got := fake.RateLimited() - before; got != 6 {
			t.Errorf("%d 429s answered, want 6", got)
		}
	})
}
