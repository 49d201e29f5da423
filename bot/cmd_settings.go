package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/store"
)

// settingsCommand is /settings digest [channel] [time] [timezone] [enabled]
// [empty] (admin): the server's daily digest. Without options it shows the
// settings; each option given changes one, at once (no restart).
type settingsCommand struct{ d deps }

func (settingsCommand) definition() *discordgo.ApplicationCommand {
	return adminOnly(&discordgo.ApplicationCommand{
		Name:        "settings",
		Description: "Admins: this server's dateline settings",
		Options: []*discordgo.ApplicationCommandOption{
			subcommand("digest", "The daily digest: where, when, on or off",
				stringOption("channel", "Channel id or #mention the digest is posted in", false, false, 30),
				stringOption("time", "A time such as 08:00, or a cron spec such as \"0 8 * * 1-5\"", false, false, 60),
				stringOption("timezone", "An IANA time zone such as Europe/Berlin or America/New_York", false, false, 60),
				choiceOption("enabled", "Post the digest or not", "on", "off"),
				choiceOption("empty", "On a day with nothing new: post one line, or nothing", "line", "nothing"),
			),
		},
	})
}

func (settingsCommand) help() string {
	return "digest `[channel] [time] [timezone] [enabled] [empty]`: the daily digest."
}

func (settingsCommand) private() bool { return true }

func (s settingsCommand) run(ctx context.Context, c *call) (reply, error) {
	f := s.d.following
	if f == nil {
		return reply{}, userErrorf("The digest is not enabled on this dateline.")
	}
	guild := c.guildID()
	cur, found, err := f.DigestSettings(ctx, guild)
	if err != nil {
		return reply{}, err
	}
	if !found {
		cur = store.DigestSettings{GuildID: guild, Enabled: true}
	}
	changed := false
	if v := c.option("channel"); v != "" {
		m := channelRef.FindStringSubmatch(v)
		if m == nil {
			return reply{}, userErrorf("%s is not a channel: give its id or #mention it.", quoteForUser(v))
		}
		cur.ChannelID, changed = m[1], true
	}
	if v := c.option("time"); v != "" {
		cur.Schedule, changed = v, true
	}
	if v := c.option("timezone"); v != "" {
		cur.Timezone, changed = v, true
	}
	switch c.option("enabled") {
	case "on":
		cur.Enabled, changed = true, true
	case "off":
		cur.Enabled, changed = false, true
	}
	switch c.option("empty") {
	case "line":
		cur.PostEmpty, changed = true, true
	case "nothing":
		cur.PostEmpty, changed = false, true
	}
	if changed {
		cur.UpdatedBy = "discord:" + c.userID
		if err := f.SetDigestSettings(ctx, cur); err != nil {
			return reply{}, followingError(err, "")
		}
	}
	return privateText("%s", s.describe(cur, changed, c)), nil
}

// describe shows the settings in force and when the next digest comes.
func (s settingsCommand) describe(cur store.DigestSettings, changed bool, c *call) string {
	var b strings.Builder
	if changed {
		b.WriteString("Saved. ")
	}
	sched, err := s.d.following.DigestSchedule(cur)
	if err != nil {
		fmt.Fprintf(&b, "The digest settings are not valid: %s", escapeMarkdown(err.Error()))
		return b.String()
	}
	switch {
	case cur.ChannelID == "":
		b.WriteString("The digest is off: no channel is set (`/settings digest channel:`).")
	case !cur.Enabled:
		fmt.Fprintf(&b, "The digest is off (it would post in <#%s>).", cur.ChannelID)
	default:
		fmt.Fprintf(&b, "The digest posts in <#%s>, next %s.", cur.ChannelID, discordTime(sched.Next(c.now)))
	}
	fmt.Fprintf(&b, "\nSchedule: `%s` in %s. Empty days: %s.", escapeMarkdown(sched.String()),
		escapeMarkdown(sched.Location().String()), map[bool]string{true: "one line", false: "nothing"}[cur.PostEmpty])
	return b.String()
}
