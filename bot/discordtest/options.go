package discordtest

import (
	"encoding/json"
	"time"

	"github.com/bwmarrin/discordgo"
)

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
	values    []string // select menu choices; nil for a button
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

// NumberOption adds a number option (type 10).
func NumberOption(name string, value float64) Opt {
	return func(b *builder) {
		*b.target = append(*b.target, &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionNumber, Value: value})
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

// SelectValues makes a Component interaction a choice in a string select menu (component type 3)
// with these values, instead of a button click.
func SelectValues(values ...string) Opt {
	return func(b *builder) { b.values = append([]string{}, values...) }
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
