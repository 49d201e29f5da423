package discordtest

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DefaultMemberPermissions are what an ordinary member has in the default interaction (no admin bits).
const DefaultMemberPermissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles | discordgo.PermissionReadMessageHistory |
	discordgo.PermissionAddReactions | discordgo.PermissionUseApplicationCommands

// DefaultDMChannelID is the channel of interactions made with InDM.
const DefaultDMChannelID = "500000000000000001"

// Interaction is one interaction the fake dispatched, with everything the bot answered to it.
type Interaction struct {
	s     *Server
	id    string
	token string
	ix    *discordgo.Interaction // as dispatched
	raw   []byte                 // the INTERACTION_CREATE payload

	// guarded by s.mu
	dispatched time.Time
	delivered  bool // a connection was attached when it was dispatched (else it waits for RESUME)
	callback   *Response
	ackedAt    time.Time
	original   *storedMessage // the response message (or, for components, the message clicked)
	completed  []byte         // the message JSON when the response became complete
	followups  []*storedMessage
	nonces     map[string]*storedMessage // follow-ups by enforced nonce
	rejections []string
}

// Response is the initial callback the bot made to an interaction.
type Response struct {
	Type discordgo.InteractionResponseType
	Data *discordgo.InteractionResponseData
	At   time.Duration // since dispatch
}

// dispatch registers the interaction and sends INTERACTION_CREATE to the current gateway session, or
// POSTs it to the interactions endpoint when one is set.
// original is the message a component was clicked on (nil otherwise).
func (s *Server) dispatch(ix *discordgo.Interaction, raw []byte, original *storedMessage) *Interaction {
	in := &Interaction{s: s, id: ix.ID, token: ix.Token, ix: ix, raw: raw, original: original}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interactions[in.id] = in
	s.byToken[in.token] = in
	in.dispatched = time.Now()
	if url := s.interactionsURL; url != "" {
		if !s.closed {
			s.wg.Add(1)
			go s.deliverHTTP(in, url)
		}
	} else if sess := s.sessionForLocked(ix.GuildID); sess != nil {
		in.delivered = sess.conn != nil
		s.dispatchLocked(sess, "INTERACTION_CREATE", json.RawMessage(raw))
	}
	s.broadcastLocked()
	return in
}

// commandIDLocked is the registered ID of a command, as Discord puts in data.id (guild first, then global).
func (s *Server) commandIDLocked(guildID, name string) string {
	scopes := []string{""}
	if guildID != "" {
		scopes = []string{guildID, ""}
	}
	for _, scope := range scopes {
		for _, c := range s.commands[scope] {
			if c.Name == name && (c.Type == 0 || c.Type == discordgo.ChatApplicationCommand) {
				return c.ID
			}
		}
	}
	return ""
}

func (s *Server) commandInteraction(t discordgo.InteractionType, name string, opts []Opt) *Interaction {
	b := s.newBuilder(t)
	for _, o := range opts {
		o(b)
	}
	b.cmd.Name = name
	b.cmd.CommandType = discordgo.ChatApplicationCommand
	guild := b.ix.GuildID
	if b.dm {
		guild = ""
	}
	s.mu.Lock()
	b.cmd.ID = s.commandIDLocked(guild, name)
	s.mu.Unlock()
	if b.cmd.ID == "" {
		b.cmd.ID = s.ids.next() // a command Discord still shows though it is no longer registered
	}
	b.ix.Data = *b.cmd
	ix, raw := b.finish(nil)
	return s.dispatch(ix, raw, nil)
}

// Slash dispatches an APPLICATION_COMMAND interaction (type 2) for the chat command name.
func (s *Server) Slash(name string, opts ...Opt) *Interaction {
	return s.commandInteraction(discordgo.InteractionApplicationCommand, name, opts)
}

// Autocomplete dispatches an APPLICATION_COMMAND_AUTOCOMPLETE interaction (type 4) with focusedOption
// holding value (if focusedOption is empty, add Focused inside a Subcommand instead).
func (s *Server) Autocomplete(name, focusedOption, value string, opts ...Opt) *Interaction {
	if focusedOption != "" {
		opts = append([]Opt{Focused(focusedOption, value)}, opts...)
	}
	return s.commandInteraction(discordgo.InteractionApplicationCommandAutocomplete, name, opts)
}

// Component dispatches a MESSAGE_COMPONENT interaction (type 3): a click on the button customID (or,
// with SelectValues, a choice in the select menu customID).
// The message is the newest one the bot sent carrying that custom_id (or OnMessage's), else a stand-in.
func (s *Server) Component(customID string, opts ...Opt) *Interaction {
	b := s.newBuilder(discordgo.InteractionMessageComponent)
	for _, o := range opts {
		o(b)
	}
	data := discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent}
	if b.values != nil {
		data.ComponentType, data.Values = discordgo.SelectMenuComponent, b.values
	}
	b.ix.Data = data
	s.mu.Lock()
	msg := s.componentMessageLocked(customID, b.messageID, b.ix.ChannelID)
	msgJSON := msg.json()
	s.mu.Unlock()
	b.ix.ChannelID = msg.channelID
	ix, raw := b.finish(map[string]json.RawMessage{"message": msgJSON})
	return s.dispatch(ix, raw, msg)
}

func (s *Server) componentMessageLocked(customID, messageID, channelID string) *storedMessage {
	for i := len(s.messages) - 1; i >= 0; i-- {
		m := s.messages[i]
		if m.deleted {
			continue
		}
		if (messageID != "" && m.id == messageID) || (messageID == "" && m.hasCustomID(customID)) {
			return m
		}
	}
	// A stand-in: the bot never sent this button (e.g. a message from before a restart).
	m := &storedMessage{id: s.ids.next(), channelID: channelID, fields: map[string]json.RawMessage{}}
	if messageID != "" {
		m.id = messageID
	}
	m.fields["id"] = mustJSON(m.id)
	m.fields["channel_id"] = mustJSON(channelID)
	m.fields["author"] = mustJSON(s.botUser())
	m.fields["content"] = mustJSON("")
	m.fields["timestamp"] = mustJSON(time.Now().UTC().Format(time.RFC3339Nano))
	m.fields["components"] = mustJSON([]any{map[string]any{"type": 1, "components": []any{
		map[string]any{"type": 2, "style": 1, "label": "button", "custom_id": customID},
	}}})
	s.messages = append(s.messages, m)
	return m
}

// ModalSubmit dispatches a MODAL_SUBMIT interaction (type 5) with one text input per field
// (custom_id → value), in custom_id order.
func (s *Server) ModalSubmit(customID string, fields map[string]string, opts ...Opt) *Interaction {
	b := s.newBuilder(discordgo.InteractionModalSubmit)
	for _, o := range opts {
		o(b)
	}
	b.ix.Data = discordgo.ModalSubmitInteractionData{CustomID: customID}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rows := make([]any, 0, len(keys))
	for _, k := range keys {
		rows = append(rows, map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": k, "value": fields[k]}}})
	}
	data := mustJSON(map[string]any{"custom_id": customID, "components": rows})
	ix, raw := b.finish(map[string]json.RawMessage{"data": data})
	return s.dispatch(ix, raw, nil)
}
