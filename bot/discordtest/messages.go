package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Message types Discord gives the messages dateline creates.
const (
	msgDefault   = 0
	msgChatInput = 20 // an interaction response to a slash command
)

var (
	userMention     = regexp.MustCompile(`<@!?(\d+)>`)
	roleMention     = regexp.MustCompile(`<@&(\d+)>`)
	everyoneMention = regexp.MustCompile(`@(everyone|here)`)
)

// storedMessage is a message the bot created, in Discord's JSON shape, kept current through edits.
type storedMessage struct {
	id, channelID string
	fields        map[string]json.RawMessage
	ephemeral     bool
	deleted       bool
	loading       bool // a deferred response's "thinking…" message not yet filled in
}

// messageKeys are the body fields that become part of the message.
var messageKeys = []string{"content", "embeds", "components", "flags", "tts", "poll", "sticker_ids"}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("discordtest: marshal: " + err.Error()) // our own values always marshal
	}
	return b
}

// newMessageLocked creates a message from a validated body and records it.
func (s *Server) newMessageLocked(body []byte, wm *wireMessage, files []uploadedFile, channelID, guildID string, ix *Interaction, msgType int) *storedMessage {
	m := &storedMessage{id: s.ids.next(), channelID: channelID, fields: map[string]json.RawMessage{}}
	f := m.fields
	f["id"] = mustJSON(m.id)
	f["channel_id"] = mustJSON(channelID)
	if guildID != "" {
		f["guild_id"] = mustJSON(guildID)
	}
	f["author"] = mustJSON(s.botUser())
	f["content"] = mustJSON("")
	f["embeds"] = json.RawMessage("[]")
	f["components"] = json.RawMessage("[]")
	f["attachments"] = json.RawMessage("[]")
	f["tts"] = json.RawMessage("false")
	f["pinned"] = json.RawMessage("false")
	f["type"] = mustJSON(msgType)
	f["timestamp"] = mustJSON(time.Now().UTC().Format(time.RFC3339Nano))
	f["edited_timestamp"] = json.RawMessage("null")
	if ix != nil {
		f["webhook_id"] = mustJSON(s.opts.AppID)
		f["application_id"] = mustJSON(s.opts.AppID)
		f["interaction_metadata"] = mustJSON(map[string]any{"id": ix.id, "type": ix.ix.Type, "user": ix.invoker()})
	}
	s.applyBodyLocked(m, body, wm, files)
	m.ephemeral = wm.Flags&flagEphemeral != 0
	s.messages = append(s.messages, m)
	return m
}

// applyBodyLocked copies the message fields of a body into m (creation or PATCH) and recomputes mentions.
func (s *Server) applyBodyLocked(m *storedMessage, body []byte, wm *wireMessage, files []uploadedFile) {
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(body, &raw) // validated by the caller
	for _, k := range messageKeys {
		if v, ok := raw[k]; ok && string(v) != "null" {
			m.fields[k] = v
		}
	}
	if m.ephemeral || m.loading {
		// Discord keeps the flags a message was created with (ephemeral, loading→cleared on edit).
		flags := wm.Flags
		if m.ephemeral {
			flags |= flagEphemeral
		}
		m.fields["flags"] = mustJSON(flags)
	}
	if listed, ok := raw["attachments"]; ok || len(files) > 0 {
		m.fields["attachments"] = mustJSON(s.attachmentsAfterLocked(m, listed, ok, files))
	}
	var content string
	_ = json.Unmarshal(m.fields["content"], &content)
	everyone, users, roles := mentions(content, wm.AllowedMentions)
	m.fields["mention_everyone"] = mustJSON(everyone)
	mentioned := make([]map[string]any, 0, len(users))
	for _, u := range users {
		mentioned = append(mentioned, map[string]any{"id": u, "username": "user" + u, "discriminator": "0"})
	}
	m.fields["mentions"] = mustJSON(mentioned)
	m.fields["mention_roles"] = mustJSON(roles)
}

// attachmentsAfterLocked is a message's attachment list after a body: with an "attachments" list, the
// existing attachments it names by ID are kept (Discord's rule for edits); without one, existing
// attachments stay. Uploaded files are added either way.
func (s *Server) attachmentsAfterLocked(m *storedMessage, listed json.RawMessage, hasList bool, files []uploadedFile) []json.RawMessage {
	var existing []json.RawMessage
	_ = json.Unmarshal(m.fields["attachments"], &existing)
	keep := existing
	if hasList {
		var wanted []struct {
			ID any `json:"id"`
		}
		_ = json.Unmarshal(listed, &wanted)
		keep = nil
		for _, e := range existing {
			var a struct {
				ID string `json:"id"`
			}
			_ = json.Unmarshal(e, &a)
			for _, w := range wanted {
				if fmt.Sprint(w.ID) == a.ID {
					keep = append(keep, e)
				}
			}
		}
	}
	out := append([]json.RawMessage{}, keep...)
	for _, f := range files {
		out = append(out, mustJSON(s.storeAttachmentLocked(m.channelID, f.name, f.contentType, f.data).json()))
	}
	return out
}

// mentions computes who a message would ping, as Discord does from content and allowed_mentions.
func mentions(content string, am *wireAllowedMentions) (everyone bool, users, roles []string) {
	parses := func(kind string) bool {
		return am == nil || (am.Parse != nil && slices.Contains(*am.Parse, kind))
	}
	everyone = parses("everyone") && everyoneMention.MatchString(content)
	users, roles = []string{}, []string{}
	for _, m := range userMention.FindAllStringSubmatch(content, -1) {
		if (parses("users") || (am != nil && slices.Contains(am.Users, m[1]))) && !slices.Contains(users, m[1]) {
			users = append(users, m[1])
		}
	}
	for _, m := range roleMention.FindAllStringSubmatch(content, -1) {
		if (parses("roles") || (am != nil && slices.Contains(am.Roles, m[1]))) && !slices.Contains(roles, m[1]) {
			roles = append(roles, m[1])
		}
	}
	return everyone, users, roles
}

// isEmpty says whether a message has nothing to show (Discord refuses those with 50006).
func (m *storedMessage) isEmpty() bool {
	var content string
	_ = json.Unmarshal(m.fields["content"], &content)
	var embeds, components, atts []json.RawMessage
	_ = json.Unmarshal(m.fields["embeds"], &embeds)
	_ = json.Unmarshal(m.fields["components"], &components)
	_ = json.Unmarshal(m.fields["attachments"], &atts)
	_, poll := m.fields["poll"]
	return content == "" && len(embeds) == 0 && len(components) == 0 && len(atts) == 0 && !poll
}

func (m *storedMessage) json() []byte { return mustJSON(m.fields) }

// message returns a fresh copy as discordgo sees it.
func (m *storedMessage) message() *discordgo.Message {
	var out discordgo.Message
	if err := json.Unmarshal(m.json(), &out); err != nil {
		panic("discordtest: stored message does not decode: " + err.Error())
	}
	return &out
}

func (m *storedMessage) hasCustomID(id string) bool {
	var rows []*wireComponent
	_ = json.Unmarshal(m.fields["components"], &rows)
	for _, r := range rows {
		if r == nil {
			continue
		}
		for _, c := range r.Components {
			if c != nil && c.CustomID != nil && *c.CustomID == id {
				return true
			}
		}
	}
	return false
}

// decodeMessageBody validates a message body and answers 400 itself when it breaks a limit.
func (s *Server) decodeMessageBody(w http.ResponseWriter, r *http.Request, body []byte, prefix []string) (*wireMessage, bool) {
	var wm wireMessage
	if err := json.Unmarshal(body, &wm); err != nil {
		errs := &formErrors{}
		errs.add(prefix, "MODEL_TYPE_CONVERT", "Invalid message body: "+err.Error())
		s.fail(w, r, http.StatusBadRequest, 50035, "Invalid Form Body", errs)
		return nil, false
	}
	errs := &formErrors{}
	checkMessageBody(body, &wm, prefix, errs)
	if !errs.empty() {
		s.fail(w, r, http.StatusBadRequest, 50035, "Invalid Form Body", errs)
		return nil, false
	}
	return &wm, true
}

// checkMessageBody validates a message body against Discord's limits and checks that every field has
// the type Discord expects (so the stored message always decodes as a discordgo.Message).
func checkMessageBody(body []byte, wm *wireMessage, prefix []string, errs *formErrors) {
	validateMessage(wm, prefix, errs)
	var typed discordgo.Message
	if err := json.Unmarshal(body, &typed); err != nil {
		errs.add(prefix, "MODEL_TYPE_CONVERT", "Invalid message body: "+err.Error())
	}
}

// noteMentions records (without refusing) a message that lacks allowed_mentions {"parse": []}.
func (s *Server) noteMentions(r *http.Request, wm *wireMessage) {
	if v := mentionsViolation(wm); v != "" {
		s.violationf("%s %s: %s", r.Method, redactPath(r.URL.Path), v)
	}
}

func (s *Server) channelMessageCreate(w http.ResponseWriter, r *http.Request, channelID string) {
	if len(s.opts.ChannelIDs) > 0 && !slices.Contains(s.opts.ChannelIDs, channelID) {
		s.fail(w, r, http.StatusNotFound, 10003, "Unknown Channel", nil)
		return
	}
	if !s.takeChannel(w, r, channelID) {
		return
	}
	body, files, ok := s.readBody(w, r)
	if !ok {
		return
	}
	wm, ok := s.decodeMessageBody(w, r, body, nil)
	if !ok {
		return
	}
	if wm.Flags&flagEphemeral != 0 {
		errs := &formErrors{}
		errs.add([]string{"flags"}, "MESSAGE_FLAGS_INVALID", "Only interaction responses can be ephemeral.")
		s.fail(w, r, http.StatusBadRequest, 50035, "Invalid Form Body", errs)
		return
	}
	if wm.isEmpty(len(files)) {
		s.fail(w, r, http.StatusBadRequest, 50006, "Cannot send an empty message", nil)
		return
	}
	s.noteMentions(r, wm)
	s.mu.Lock()
	key := nonceKey(wm)
	m := s.channelNonces[channelID+" "+key]
	if m == nil {
		m = s.newMessageLocked(body, wm, files, channelID, "", nil, msgDefault)
		if key != "" {
			s.channelNonces[channelID+" "+key] = m
		}
	}
	out := m.json()
	s.broadcastLocked()
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

// channelGet answers GET /channels/{id}: a text channel of its guild.
func (s *Server) channelGet(w http.ResponseWriter, r *http.Request, channelID string) {
	if len(s.opts.ChannelIDs) > 0 && !slices.Contains(s.opts.ChannelIDs, channelID) {
		s.fail(w, r, http.StatusNotFound, 10003, "Unknown Channel", nil)
		return
	}
	guild, ok := s.opts.ChannelGuilds[channelID]
	if !ok {
		guild = s.opts.GuildIDs[0]
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"id": channelID, "type": 0, "guild_id": guild, "name": "news"})
}

// ChannelMessages is what a channel shows: the non-ephemeral, undeleted messages the bot created in it
// (channel messages and interaction responses), oldest first, as last edited.
func (s *Server) ChannelMessages(channelID string) []*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.Message
	for _, m := range s.messages {
		if m.channelID == channelID && !m.ephemeral && !m.deleted {
			out = append(out, m.message())
		}
	}
	return out
}

// nonceKey is the nonce a create enforces ("" when it enforces none): Discord then answers a repeated
// create (a retry whose first attempt landed) with the message the first one made.
func nonceKey(wm *wireMessage) string {
	if wm.Nonce == nil || !wm.EnforceNonce {
		return ""
	}
	return *wm.Nonce
}
