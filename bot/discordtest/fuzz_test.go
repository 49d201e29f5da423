package discordtest

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// bareServer is a Server without listeners, enough to build messages in memory.
func bareServer() *Server {
	return &Server{opts: Options{}.withDefaults(), attachments: map[string]*attachment{}, changed: make(chan struct{})}
}

// FuzzMessageBody feeds arbitrary bodies through what the fake does with a bot's message: decode,
// validate, store, and decode the stored message as discordgo would. Accepted bodies must respect the
// limits, and a stored message must always decode (message() panics otherwise).
func FuzzMessageBody(f *testing.F) {
	for _, seed := range []string{
		`{"content":"hi","allowed_mentions":{"parse":[]}}`,
		`{"content":"@everyone <@1> <@&2>"}`,
		`{"embeds":[{"title":"t","fields":[{"name":"n","value":"v"}],"footer":{"text":"f"}}]}`,
		`{"components":[{"type":1,"components":[{"type":2,"style":1,"custom_id":"a","label":"A"}]}]}`,
		`{"components":[{"type":1,"components":[{"type":3,"custom_id":"s","options":[{"label":"l","value":"v"}]}]}]}`,
		`{"tts":"yes","content":"x"}`,
		`{"poll":{"question":{"text":"q"}}}`,
		`{"embeds":[{"url":"http://x"}],"flags":64}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var wm wireMessage
		if json.Unmarshal(body, &wm) != nil {
			return
		}
		errs := &formErrors{}
		checkMessageBody(body, &wm, nil, errs)
		_ = errs.tree()
		_ = errs.String()
		_ = mentionsViolation(&wm)
		if !errs.empty() {
			return
		}
		s := bareServer()
		m := s.newMessageLocked(body, &wm, nil, DefaultChannelID, DefaultGuildID, nil, msgDefault)
		msg := m.message()
		if n := utf8.RuneCountInString(msg.Content); n > maxContent {
			t.Errorf("accepted content of %d characters", n)
		}
		if len(msg.Embeds) > maxEmbeds || len(msg.Components) > maxRows {
			t.Errorf("accepted %d embeds, %d rows", len(msg.Embeds), len(msg.Components))
		}
		if wm.AllowedMentions != nil && wm.AllowedMentions.Parse != nil && len(*wm.AllowedMentions.Parse) == 0 && msg.MentionEveryone {
			t.Error("parse: [] still pings everyone")
		}
		_ = m.hasCustomID("a")
	})
}

// FuzzCommands feeds arbitrary command lists through the bulk-overwrite validation.
func FuzzCommands(f *testing.F) {
	for _, seed := range []string{
		`[{"name":"when","description":"d","options":[{"type":3,"name":"q","description":"d","required":true}]}]`,
		`[{"name":"g","description":"d","options":[{"type":2,"name":"a","description":"d","options":[{"type":1,"name":"b","description":"d"}]}]}]`,
		`[{"type":2,"name":"User Info"}]`,
		`[null,{"name":""}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var cmds []*discordgo.ApplicationCommand
		if json.Unmarshal(body, &cmds) != nil {
			return
		}
		errs := &formErrors{}
		validateCommands(cmds, errs)
		if errs.empty() {
			for _, c := range cmds {
				if c.Type <= discordgo.ChatApplicationCommand && !commandName.MatchString(c.Name) {
					t.Errorf("accepted command name %q", c.Name)
				}
			}
		}
	})
}
