package bot

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/dateline-bot/dateline/fetch"
	"github.com/dateline-bot/dateline/store"
)

const digestChannel = "700000000000000001"

func TestFollowingCommands(t *testing.T) {
	engine := openEngine(t)
	h := startBot(t, engine, discordtest.Options{}, func(o *Options) { o.Following = engine })
	fake := h.fake
	admin := discordtest.AsMember(memberID, discordgo.PermissionManageGuild)

	t.Run("refused for non-admins and in DMs", func(t *testing.T) {
		calls := map[string][]discordtest.Opt{
			"settings": {discordtest.Subcommand("digest", discordtest.StringOption("time", "07:00"))},
			"track":    {discordtest.Subcommand("add", discordtest.StringOption("query", "tartus ferry"))},
			"feed":     {discordtest.Subcommand("add", discordtest.StringOption("url", "https://feeds.example/rss"))},
		}
		for name, opts := range calls {
			for who, as := range map[string]discordtest.Opt{
				"member": discordtest.AsMember(memberID, discordtest.DefaultMemberPermissions),
				"dm":     discordtest.InDM(memberID),
			} {
				msg := final(t, fake.Slash(name, append(opts, as)...))
				if !isEphemeral(msg) || !(strings.Contains(msg.Content, "Only server admins") || strings.Contains(msg.Content, "only in a server")) {
					t.Errorf("/%s by %s: %q", name, who, msg.Content)
				}
			}
		}
		if topics, _ := engine.Topics(context.Background(), "guild:"+discordtest.DefaultGuildID); len(topics) != 0 {
			t.Errorf("a refused /track added %+v", topics)
		}
		if _, ok, _ := engine.DigestSettings(context.Background(), discordtest.DefaultGuildID); ok {
			t.Error("a refused /settings saved settings")
		}
	})

	t.Run("track add, list, remove", func(t *testing.T) {
		msg := final(t, fake.Slash("track", discordtest.Subcommand("add", discordtest.StringOption("query", "tartus ferry")), admin))
		if !isEphemeral(msg) || !strings.Contains(msg.Content, "Tracking “tartus ferry”") {
			t.Fatalf("add: %q", msg.Content)
		}
		if msg := final(t, fake.Slash("track", discordtest.Subcommand("add", discordtest.StringOption("query", "tartus ferry")), admin)); !strings.Contains(msg.Content, "already there") {
			t.Errorf("add twice: %q", msg.Content)
		}
		if msg := final(t, fake.Slash("track", discordtest.Subcommand("add", discordtest.StringOption("query", "since:2025")), admin)); !strings.Contains(msg.Content, "no words to look for") {
			t.Errorf("add filters only: %q", msg.Content)
		}
		final(t, fake.Slash("track", discordtest.Subcommand("add", discordtest.StringOption("query", "latakia market")), admin))
		if msg := final(t, fake.Slash("track", discordtest.Subcommand("list"), admin)); !strings.Contains(msg.Content, "• “tartus ferry”\n• “latakia market”") {
			t.Errorf("list: %q", msg.Content)
		}
		final(t, fake.Slash("track", discordtest.Subcommand("remove", discordtest.StringOption("query", "latakia market")), admin))
		if msg := final(t, fake.Slash("track", discordtest.Subcommand("remove", discordtest.StringOption("query", "latakia market")), admin)); !strings.Contains(msg.Content, "not there") {
			t.Errorf("remove twice: %q", msg.Content)
		}
		if msg := final(t, fake.Slash("track", admin)); !strings.Contains(msg.Content, "needs one of its subcommands") {
			t.Errorf("no subcommand: %q", msg.Content)
		}
	})

	t.Run("settings digest", func(t *testing.T) {
		msg := final(t, fake.Slash("settings", discordtest.Subcommand("digest"), admin))
		if !strings.Contains(msg.Content, "The digest is off: no channel is set") {
			t.Errorf("show: %q", msg.Content)
		}
		msg = final(t, fake.Slash("settings", discordtest.Subcommand("digest", discordtest.StringOption("channel", "<#"+digestChannel+">"),
			discordtest.StringOption("time", "07:30"), discordtest.StringOption("timezone", "Europe/Berlin"), discordtest.StringOption("empty", "line")), admin))
		if !strings.Contains(msg.Content, "Saved. The digest posts in <#"+digestChannel+">, next <t:") || !strings.Contains(msg.Content, "Empty days: one line") {
			t.Errorf("set: %q", msg.Content)
		}
		for _, bad := range []discordtest.Opt{discordtest.StringOption("timezone", "Mars/Olympus"), discordtest.StringOption("time", "25:00"), discordtest.StringOption("channel", "general")} {
			msg := final(t, fake.Slash("settings", discordtest.Subcommand("digest", bad), admin))
			if strings.HasPrefix(msg.Content, "Saved") || !isEphemeral(msg) {
				t.Errorf("bad value saved: %q", msg.Content)
			}
		}
		s, ok, err := engine.DigestSettings(context.Background(), discordtest.DefaultGuildID)
		if err != nil || !ok || s.ChannelID != digestChannel || s.Schedule != "07:30" || s.Timezone != "Europe/Berlin" || !s.Enabled || !s.PostEmpty {
			t.Errorf("stored %+v %v %v", s, ok, err)
		}
	})

	t.Run("feed add, list, remove", func(t *testing.T) {
		if msg := final(t, fake.Slash("feed", discordtest.Subcommand("list"), admin)); !strings.Contains(msg.Content, "No feed is followed") {
			t.Errorf("list: %q", msg.Content)
		}
		engine.UseFetcher(app.FeedFetcher(fetch.New(fetch.Config{AllowPrivate: true})), 15*time.Minute, 0)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/page" {
				io.WriteString(w, "<html><body><p>not a feed</p></body></html>")
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, `<rss version="2.0"><channel><title>Port Bulletin</title><item><title>Ferry resumes</title><guid>b1</guid>`+
				`<description>The Tartus ferry resumed on 3 March 2026, the port authority said, after repairs to its engines that took two weeks. `+
				`Traders said the first crossing carried forty trucks of grain and fuel for the northern districts.</description></item></channel></rss>`)
		}))
		defer srv.Close()
		msg := final(t, fake.Slash("feed", discordtest.Subcommand("add", discordtest.StringOption("url", srv.URL+"/rss"), discordtest.StringOption("topic", "ports")), admin))
		if !isEphemeral(msg) || !strings.Contains(msg.Content, "Following “Port Bulletin”") || !strings.Contains(msg.Content, "1 items stored as back-fill") {
			t.Fatalf("add: %q", msg.Content)
		}
		if msg := final(t, fake.Slash("feed", discordtest.Subcommand("add", discordtest.StringOption("url", srv.URL+"/page")), admin)); !strings.Contains(msg.Content, "not an RSS, Atom or JSON feed") {
			t.Errorf("add a page: %q", msg.Content)
		}
		msg = final(t, fake.Slash("feed", discordtest.Subcommand("list"), admin))
		if !strings.Contains(msg.Content, "Followed feeds (1)") || !strings.Contains(msg.Content, "under “ports”") || !strings.Contains(msg.Content, "1 items stored") || !strings.Contains(msg.Content, "last success <t:") {
			t.Errorf("list: %q", msg.Content)
		}
		if msg := final(t, fake.Slash("feed", discordtest.Subcommand("remove", discordtest.StringOption("url", srv.URL+"/rss")), admin)); !strings.Contains(msg.Content, "No longer following") {
			t.Errorf("remove: %q", msg.Content)
		}
	})

	t.Run("digest on demand is private", func(t *testing.T) {
		msg := final(t, fake.Slash("digest", discordtest.AsMember(memberID, discordtest.DefaultMemberPermissions)))
		if !isEphemeral(msg) || !strings.Contains(msg.Content, "new articles since") || !strings.Contains(msg.Content, "__**tartus ferry**__") {
			t.Errorf("digest: %q", msg.Content)
		}
		if msg := final(t, fake.Slash("digest", discordtest.StringOption("since", "soon"))); !strings.Contains(msg.Content, "since \"soon\"") {
			t.Errorf("bad since: %q", msg.Content)
		}
	})
}

// TestDigestPostedThroughDiscord runs the schedules with the bot as poster:
// the digest (whose quotes try to ping @everyone) arrives in the channel
// with allowed_mentions empty (the fake records any message without).
func TestDigestPostedThroughDiscord(t *testing.T) {
	engine := openEngine(t)
	h := startBot(t, engine, discordtest.Options{ChannelGuilds: map[string]string{digestChannel: discordtest.DefaultGuildID}},
		func(o *Options) { o.Following = engine })
	ctx := context.Background()
	guild, err := h.bot.ChannelGuild(ctx, digestChannel)
	if err != nil || guild != discordtest.DefaultGuildID {
		t.Fatalf("channel's guild %q, %v", guild, err)
	}
	if _, err := engine.AddTopic(ctx, "guild:"+guild, "latakia market", "test"); err != nil {
		t.Fatal(err)
	}
	// Every second, so the test's first slot comes at once.
	if err := engine.SetDigestSettings(ctx, store.DigestSettings{GuildID: guild, ChannelID: digestChannel, Schedule: "* * * * * *", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- engine.Following(nil, h.bot, 0).Run(runCtx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("following: %v", err)
		}
	}()
	if err := h.fake.Wait(timeout(t, 20*time.Second), func() bool { return len(h.fake.ChannelMessages(digestChannel)) > 0 }); err != nil {
		t.Fatalf("no digest posted: %v\n%s", err, h.logs)
	}
	msgs := h.fake.ChannelMessages(digestChannel)
	first := msgs[0].Content
	if !strings.Contains(first, "__**latakia market**__") || !strings.Contains(first, "\\@everyone") {
		t.Errorf("digest:\n%s", first)
	}
	for _, m := range msgs {
		if n := textLen(m.Content); n > maxContent {
			t.Errorf("a message of %d characters", n)
		}
	}
}
