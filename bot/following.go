package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/digest"
	"github.com/dateline-bot/dateline/feeds"
	schedule "github.com/dateline-bot/dateline/scheduler"
	"github.com/dateline-bot/dateline/store"
)

// Following is what /settings, /track, /feed and /digest need from the
// engine (*app.App).
type Following interface {
	DigestSettings(ctx context.Context, guildID string) (store.DigestSettings, bool, error)
	SetDigestSettings(ctx context.Context, s store.DigestSettings) error
	DigestSchedule(s store.DigestSettings) (schedule.Schedule, error)
	DigestSince(ctx context.Context, guildID string, until time.Time) (time.Time, error)
	Digest(ctx context.Context, guildID string, since, until time.Time) (digest.Digest, error)

	AddTopic(ctx context.Context, scope, query, by string) (store.Topic, error)
	RemoveTopic(ctx context.Context, scope, query string) error
	Topics(ctx context.Context, scope string) ([]store.Topic, error)

	AddFeed(ctx context.Context, scope, url, topic, by string) (store.Feed, feeds.Result, error)
	RemoveFeed(ctx context.Context, scope, url string) error
	Feeds(ctx context.Context, scope string) ([]store.Feed, error)
}

// ChannelGuild is the server a channel belongs to (for [digest] channel_id).
func (b *Bot) ChannelGuild(ctx context.Context, channelID string) (string, error) {
	ch, err := b.gateways[0].session.Channel(channelID, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("look up channel %s: %w", channelID, err)
	}
	if ch.GuildID == "" {
		return "", fmt.Errorf("channel %s is not in a server", channelID)
	}
	return ch.GuildID, nil
}

// adminOnly is the definition frame of the admin commands: shown to Manage
// Server members (the router re-checks), in servers only.
func adminOnly(cmd *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageGuild)
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	cmd.DefaultMemberPermissions = &manageServer
	cmd.Contexts = &guildOnly
	return cmd
}

func subcommand(name, description string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name,
		Description: description, Options: opts}
}

func choiceOption(name, description string, choices ...string) *discordgo.ApplicationCommandOption {
	o := stringOption(name, description, false, false, 20)
	for _, c := range choices {
		o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: c, Value: c})
	}
	return o
}

// followingError turns the engine's refusals into messages for the admin.
func followingError(err error, what string) error {
	switch {
	case errors.Is(err, app.ErrInvalid):
		return userErrorf("%s", strings.TrimPrefix(err.Error(), app.ErrInvalid.Error()+": "))
	case errors.Is(err, app.ErrExists):
		return userErrorf("%s is already there.", what)
	case errors.Is(err, app.ErrNotFound):
		return userErrorf("%s is not there: nothing to remove.", what)
	case errors.Is(err, app.ErrNoFetcher):
		return userErrorf("Feeds are not enabled on this dateline.")
	}
	return err
}

// discordTime shows a moment in each reader's own time zone ("<t:…:f>") with
// how long ago or ahead it is.
func discordTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return fmt.Sprintf("<t:%d:f> (<t:%d:R>)", t.Unix(), t.Unix())
}

var channelRef = regexp.MustCompile(`^(?:<#)?([0-9]{15,22})>?$`)
