package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/bot/discordtest"
)

// echoCommand exists only in this file: it is what a new command looks like
// (definition, help line, handler, autocomplete), and the test below proves
// it needs no edit anywhere else to be registered, dispatched, completed and
// listed in /help.
type echoCommand struct{}

func (echoCommand) definition() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        "echo",
		Description: "Say the words back",
		Options: []*discordgo.ApplicationCommandOption{
			stringOption("words", "What to say", true, true, 100),
			stringOption("tone", "How to say it", false, false, 20),
		},
	}
}

func (echoCommand) help() string { return "says your words back." }

func (echoCommand) run(ctx context.Context, c *call) (reply, error) {
	return privateText("echo: %s", escapeMarkdown(c.option("words"))), nil
}

func (echoCommand) autocomplete(ctx context.Context, c *call, option, value string) ([]string, error) {
	return []string{value + " again"}, nil
}

// wipeCommand is a test-only admin command: declaring Manage Server in its
// definition is all it takes for the router to refuse everyone else.
type wipeCommand struct{}

func (wipeCommand) definition() *discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageGuild)
	return &discordgo.ApplicationCommand{
		Name:                     "wipe",
		Description:              "Admins: pretend to wipe",
		DefaultMemberPermissions: &manageServer,
	}
}

func (wipeCommand) help() string { return "pretends to wipe." }

func (wipeCommand) run(ctx context.Context, c *call) (reply, error) {
	return privateText("wiped"), nil
}

// idleEngine is an engine the test commands never call.
type idleEngine struct{ Engine }

// declared strips what Discord adds to a registered command (ids,
// version, the default type), leaving what the bot declared.
func declared(t *testing.T, c *discordgo.ApplicationCommand) string {
	t.Helper()
	cp := *c
	cp.ID, cp.ApplicationID, cp.GuildID, cp.Version = "", "", "", ""
	if cp.Type == 0 {
		cp.Type = discordgo.ChatApplicationCommand
	}
	b, err := json.Marshal(cp)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestANewCommandIsOneFile(t *testing.T) {
	extra := []command{echoCommand{}, wipeCommand{}}
	h := startBot(t, idleEngine{}, discordtest.Options{}, func(o *Options) { o.extraCommands = extra })
	fake := h.fake

	t.Run("registered commands are the definitions", func(t *testing.T) {
		if err := fake.Wait(timeout(t, 5*time.Second), func() bool { return len(fake.Commands(discordtest.DefaultGuildID)) > 0 }); err != nil {
			t.Fatalf("commands never registered: %v", err)
		}
		got := fake.Commands(discordtest.DefaultGuildID)
		want := commandSet(deps{}, extra...)
		if len(got) != len(want) {
			t.Fatalf("registered %d commands, want %d", len(got), len(want))
		}
		for i, cmd := range want {
			if g, w := declared(t, got[i]), declared(t, cmd.definition()); g != w {
				t.Errorf("command %d registered as\n%s\nwant\n%s", i, g, w)
			}
		}
	})

	t.Run("dispatched", func(t *testing.T) {
		msg := final(t, fake.Slash("echo", discordtest.StringOption("words", "hello *there*")))
		if msg.Content != `echo: hello \*there\*` {
			t.Errorf("echo answered %q", msg.Content)
		}
	})

	t.Run("options checked against the definition", func(t *testing.T) {
		msg := final(t, fake.Slash("echo", discordtest.StringOption("tone", "loud")))
		if !strings.Contains(msg.Content, "`words` is required") {
			t.Errorf("missing required option: %q", msg.Content)
		}
	})

	t.Run("autocomplete routed", func(t *testing.T) {
		resp, err := fake.Autocomplete("echo", "words", "hel").Response(timeout(t, 5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Data.Choices) != 1 || resp.Data.Choices[0].Name != "hel again" {
			t.Errorf("autocomplete choices %+v", resp.Data.Choices)
		}
	})

	t.Run("admin check from the definition", func(t *testing.T) {
		refused := final(t, fake.Slash("wipe", discordtest.AsMember(memberID, discordtest.DefaultMemberPermissions)))
		if !strings.Contains(refused.Content, "Only server admins") {
			t.Errorf("member got %q", refused.Content)
		}
		allowed := final(t, fake.Slash("wipe", discordtest.AsMember(memberID, discordgo.PermissionManageGuild)))
		if allowed.Content != "wiped" {
			t.Errorf("admin got %q", allowed.Content)
		}
	})

	t.Run("listed in /help", func(t *testing.T) {
		msg := final(t, fake.Slash("help"))
		if len(msg.Embeds) != 1 {
			t.Fatalf("unexpected help:\n%s", dump(msg))
		}
		text := msg.Embeds[0].Description
		for _, line := range []string{"**/echo** `words` [`tone`] — says your words back.\n", "**/wipe** — (admins) pretends to wipe.\n"} {
			if !strings.Contains(text, line) {
				t.Errorf("/help lacks %q:\n%s", line, text)
			}
		}
	})
}

// TestHelpListsEveryCommand: /help has one line per command but itself, in
// the command set's order, with its options and the admin mark.
func TestHelpListsEveryCommand(t *testing.T) {
	text := helpText(commandSet(deps{}))
	tests := []struct{ command, line string }{
		{"when", "**/when** `query` [`since`] [`until`] — a timeline, oldest first"},
		{"search", "**/search** `query` — the passages that match best.\n"},
		{"article", "**/article** `id` — one stored article.\n"},
		{"remove", "**/remove** `id` — (admins) take an article out of the archive.\n"},
	}
	last := -1
	for _, tt := range tests {
		at := strings.Index(text, tt.line)
		if at < 0 {
			t.Errorf("/help has no line for /%s %q:\n%s", tt.command, tt.line, text)
			continue
		}
		if at < last {
			t.Errorf("/%s is out of order in /help", tt.command)
		}
		last = at
	}
	if strings.Contains(text, "**/help**") {
		t.Error("/help lists itself")
	}
	if textLen(text) > maxEmbedDescription {
		t.Errorf("/help is %d characters, over the embed limit", textLen(text))
	}
}
