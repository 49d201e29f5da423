package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
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
	rejections []string
}

// Response is the initial callback the bot made to an interaction.
type Response struct {
	Type discordgo.InteractionResponseType
	Data *discordgo.InteractionResponseData
	At   time.Duration // since dispatch
}

// Opt shapes an interaction before it is dispatched.
type Opt func(*builder)

type builder struct {
	ix        *discordgo.Interaction
	cmd       *discordgo.ApplicationCommandInteractionData
	target    *[]*discordgo.ApplicationCommandInteractionDataOption
	dm        bool
	userID    string
	perms     int64
	roles     []string
	messageID string
	raws      []func(*discordgo.Interaction)
	s         *Server
}

// StringOption adds a string option (type 3).
func StringOption(name, value string) Opt {
	return func(b *builder) {
		*b.target = append(*b.target, &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value})
	}
}

// IntegerOption adds an integer option (type 4); Discord sends it as a JSON number.
func IntegerOption(name string, value int64) Opt {
	return func(b *builder) {
		*b.target = append(*b.target, &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: float64(value)})
	}
}

// BoolOption adds a boolean option (type 5).
func BoolOption(name string, value bool) Opt {
	return func(b *builder) {
		*b.target = append(*b.target, &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionBoolean, Value: value})
	}
}

// Focused adds the option being typed in an autocomplete interaction (focused, always a string).
func Focused(name, value string) Opt {
	return func(b *builder) {
		*b.target = append(*b.target, &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value, Focused: true})
	}
}

// AttachmentOption adds an attachment option (type 11): the option's value is an attachment ID and
// data.resolved.attachments holds its signed URL, served by the fake until it expires.
func AttachmentOption(name, filename string, data []byte) Opt {
	return func(b *builder) {
		b.s.mu.Lock()
		a := b.s.storeAttachmentLocked(b.ix.ChannelID, filename, "", data)
		b.s.mu.Unlock()
		*b.target = append(*b.target, &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionAttachment, Value: a.id})
		if b.cmd.Resolved == nil {
			b.cmd.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{}
		}
		if b.cmd.Resolved.Attachments == nil {
			b.cmd.Resolved.Attachments = map[string]*discordgo.MessageAttachment{}
		}
		b.cmd.Resolved.Attachments[a.id] = a.attachment()
	}
}

// Subcommand adds a subcommand option (type 1) holding the options opts add.
func Subcommand(name string, opts ...Opt) Opt {
	return func(b *builder) {
		sub := &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand}
		*b.target = append(*b.target, sub)
		outer := b.target
		b.target = &sub.Options
		for _, o := range opts {
			o(b)
		}
		b.target = outer
	}
}

// SubcommandGroup adds a subcommand group option (type 2) holding the subcommands opts add.
func SubcommandGroup(name string, opts ...Opt) Opt {
	return func(b *builder) {
		group := &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionSubCommandGroup}
		*b.target = append(*b.target, group)
		outer := b.target
		b.target = &group.Options
		for _, o := range opts {
			o(b)
		}
		b.target = outer
	}
}

// AsMember makes the invoker a guild member with these permissions and roles.
func AsMember(userID string, permissions int64, roleIDs ...string) Opt {
	return func(b *builder) {
		b.dm = false
		b.userID, b.perms, b.roles = userID, permissions, roleIDs
	}
}

// InGuild sets the guild the interaction comes from.
func InGuild(id string) Opt {
	return func(b *builder) {
		b.dm = false
		b.ix.GuildID = id
	}
}

// InChannel sets the channel the interaction comes from.
func InChannel(id string) Opt {
	return func(b *builder) { b.ix.ChannelID = id }
}

// InDM makes the interaction come from a DM with userID: no guild, no member, User set.
func InDM(userID string) Opt {
	return func(b *builder) {
		b.dm = true
		b.userID = userID
		b.ix.ChannelID = DefaultDMChannelID
	}
}

// OnMessage sets the message a component interaction was clicked on (by default the newest message
// the bot sent with that custom_id).
func OnMessage(messageID string) Opt {
	return func(b *builder) { b.messageID = messageID }
}

// Raw edits the interaction just before it is dispatched (after every other Opt).
func Raw(f func(*discordgo.Interaction)) Opt {
	return func(b *builder) { b.raws = append(b.raws, f) }
}

func (s *Server) newBuilder(t discordgo.InteractionType) *builder {
	ix := &discordgo.Interaction{
		ID:             s.ids.next(),
		AppID:          s.opts.AppID,
		Type:           t,
		GuildID:        s.opts.GuildIDs[0],
		ChannelID:      DefaultChannelID,
		AppPermissions: discordgo.PermissionAllText,
		Locale:         discordgo.EnglishUS,
		Token:          interactionToken(),
		Version:        1,
	}
	b := &builder{ix: ix, cmd: &discordgo.ApplicationCommandInteractionData{}, userID: DefaultUserID, perms: DefaultMemberPermissions, s: s}
	b.target = &b.cmd.Options
	return b
}

// finish applies the invoker, then Raw edits, and marshals the INTERACTION_CREATE payload.
// extra overrides top-level JSON keys that discordgo's types cannot marshal (modal data, message components).
func (b *builder) finish(extra map[string]json.RawMessage) (*discordgo.Interaction, []byte) {
	ix := b.ix
	user := &discordgo.User{ID: b.userID, Username: "user" + b.userID, Discriminator: "0", GlobalName: "User " + b.userID}
	if b.dm {
		ix.GuildID = ""
		ix.User = user
		ix.Context = discordgo.InteractionContextBotDM
	} else {
		ix.Member = &discordgo.Member{GuildID: ix.GuildID, User: user, Roles: append([]string{}, b.roles...), Permissions: b.perms, JoinedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
		locale := discordgo.EnglishUS
		ix.GuildLocale = &locale
		ix.Context = discordgo.InteractionContextGuild
	}
	for _, f := range b.raws {
		f(ix)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(mustJSON(ix), &fields); err != nil {
		panic("discordtest: interaction does not round-trip: " + err.Error())
	}
	for k, v := range extra {
		fields[k] = v
	}
	raw := mustJSON(fields)
	// What the bot will see: decode the payload as discordgo does.
	var seen discordgo.Interaction
	if err := json.Unmarshal(raw, &seen); err != nil {
		panic("discordtest: interaction does not decode: " + err.Error())
	}
	return &seen, raw
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
	} else if s.current != nil {
		in.delivered = s.current.conn != nil
		s.dispatchLocked(s.current, "INTERACTION_CREATE", json.RawMessage(raw))
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

// Component dispatches a MESSAGE_COMPONENT interaction (type 3): a click on the button customID.
// The message is the newest one the bot sent carrying that custom_id (or OnMessage's), else a stand-in.
func (s *Server) Component(customID string, opts ...Opt) *Interaction {
	b := s.newBuilder(discordgo.InteractionMessageComponent)
	for _, o := range opts {
		o(b)
	}
	b.ix.Data = discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent}
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

// ID is the interaction's ID.
func (ix *Interaction) ID() string { return ix.id }

// Token is the interaction's token (used in callback and webhook URLs).
func (ix *Interaction) Token() string { return ix.token }

// JSON is the interaction exactly as Discord sends it (the INTERACTION_CREATE payload, or the body of
// an HTTP-delivered interaction). Prefer it to marshalling Interaction(): discordgo's types drop the
// components of modal submits and of a component's message when marshalled.
func (ix *Interaction) JSON() []byte { return append([]byte(nil), ix.raw...) }

// Interaction is the interaction as the bot receives it.
func (ix *Interaction) Interaction() *discordgo.Interaction {
	var out discordgo.Interaction
	_ = json.Unmarshal(ix.raw, &out) // decoded once already in finish
	return &out
}

func (ix *Interaction) invoker() any {
	if ix.ix.Member != nil {
		return ix.ix.Member.User
	}
	return ix.ix.User
}

// Response waits for the bot's accepted initial callback (type 4, 5, 6, 7, 8 or 9).
func (ix *Interaction) Response(ctx context.Context) (Response, error) {
	var out Response
	err := ix.s.waitLocked(ctx, func() bool {
		if ix.callback == nil {
			return false
		}
		out = *ix.callback
		return true
	})
	if err != nil {
		return Response{}, ix.waitError("no accepted callback", err)
	}
	return out, nil
}

// Final waits until the response is complete and returns the message the user sees: the callback's
// message (type 4, 7) or, after a defer (5, 6), the message as the first edit of @original (or the
// first followup, which fills a deferred message) left it. Types 8 and 9 have no message: an error.
func (ix *Interaction) Final(ctx context.Context) (*discordgo.Message, error) {
	var out []byte
	var noMessage discordgo.InteractionResponseType
	err := ix.s.waitLocked(ctx, func() bool {
		if ix.callback != nil && (ix.callback.Type == discordgo.InteractionApplicationCommandAutocompleteResult || ix.callback.Type == discordgo.InteractionResponseModal) {
			noMessage = ix.callback.Type
			return true
		}
		out = ix.completed
		return out != nil
	})
	if err != nil {
		return nil, ix.waitError("response not complete", err)
	}
	if noMessage != 0 {
		return nil, fmt.Errorf("interaction %s: response type %d has no message", ix.id, noMessage)
	}
	var msg discordgo.Message
	if err := json.Unmarshal(out, &msg); err != nil {
		return nil, fmt.Errorf("interaction %s: decode final message: %w", ix.id, err)
	}
	return &msg, nil
}

// Original is the current state of the response message (nil before there is one).
func (ix *Interaction) Original() *discordgo.Message {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	if ix.original == nil || ix.original.deleted {
		return nil
	}
	return ix.original.message()
}

// Followups are the followup messages the bot created, oldest first, as last edited.
func (ix *Interaction) Followups() []*discordgo.Message {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	out := make([]*discordgo.Message, 0, len(ix.followups))
	for _, m := range ix.followups {
		out = append(out, m.message())
	}
	return out
}

// Rejections are the callbacks and edits for this interaction the fake refused, with the reason.
func (ix *Interaction) Rejections() []string {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	return append([]string(nil), ix.rejections...)
}

func (ix *Interaction) waitError(what string, err error) error {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	state := "delivered"
	if !ix.delivered {
		state = "not delivered at dispatch (no connected gateway session)"
	}
	return fmt.Errorf("interaction %s: %s (%s; rejected: %v): %w", ix.id, what, state, ix.rejections, err)
}

// waitLocked calls cond under s.mu until it returns true or ctx ends.
func (s *Server) waitLocked(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return fmt.Errorf("fake Discord closed")
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Wait blocks until cond returns true or ctx ends; cond may call any Server method. It is re-checked
// whenever the fake's state changes.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// WaitConnected waits until a session has IDENTIFYed (or RESUMEd), been sent READY (or RESUMED) on a
// connection that is still open, and heartbeated on it: only then is a client fully running (discordgo
// starts its heartbeat goroutine after Open returns), so faults injected afterwards are handled cleanly.
func (s *Server) WaitConnected(ctx context.Context) error {
	if err := s.waitLocked(ctx, s.connectedLocked); err != nil {
		return fmt.Errorf("wait for a gateway session: %w", err)
	}
	return nil
}
