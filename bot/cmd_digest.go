package bot

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/digest"
)

// digestCommand is /digest [since]: the digest so far (what the server's
// archive gained since its last digest, or since the date given), shown
// only to the caller.
type digestCommand struct{ d deps }

func (digestCommand) definition() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        "digest",
		Description: "The digest so far: what this server's archive gained since the last digest",
		Options: []*discordgo.ApplicationCommandOption{
			stringOption("since", "From when: 24h, 2026-03-01, \"last week\"", false, false, 60),
		},
	}
}

func (digestCommand) help() string { return "`[since]`: the digest so far, for you alone." }

func (digestCommand) private() bool { return true }

func (dc digestCommand) run(ctx context.Context, c *call) (reply, error) {
	f := dc.d.following
	if f == nil {
		return reply{}, userErrorf("The digest is not enabled on this dateline.")
	}
	guild := c.guildID()
	var since time.Time
	var err error
	if v := c.option("since"); v != "" {
		if since, err = app.ParseSince(v, c.now); err != nil {
			return reply{}, followingError(err, "")
		}
	} else if since, err = f.DigestSince(ctx, guild, c.now); err != nil {
		return reply{}, err
	}
	d, err := f.Digest(ctx, guild, since, c.now)
	if err != nil {
		return reply{}, err
	}
	loc := time.UTC
	if s, ok, err := f.DigestSettings(ctx, guild); err == nil && ok {
		if sched, err := f.DigestSchedule(s); err == nil {
			loc = sched.Location()
		}
	}
	if d.Empty() {
		return privateText("%s", digest.EmptyLine(d, loc)), nil
	}
	return digestReply(digest.Messages(d, loc)), nil
}

// digestReply puts a digest's messages in one private reply: the first as
// the content, the next as embeds while they fit Discord's limits.
func digestReply(msgs []string) reply {
	r := reply{content: msgs[0], ephemeral: true}
	total := 0
	for _, m := range msgs[1:] {
		if len(r.embeds) == maxEmbeds || total+textLen(m) > maxEmbedsTotal {
			r.content = truncate(r.content+"\n… and more: `dateline digest` prints it all.", maxContent)
			break
		}
		r.embeds = append(r.embeds, &discordgo.MessageEmbed{Description: m})
		total += textLen(m)
	}
	return r
}
