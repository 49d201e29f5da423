package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/store"
)

// auditCommand is /audit: the last entries of this server's audit log
// (who added, removed, restored or purged what, where, from where), for
// its admins only.
type auditCommand struct{ d deps }

// auditEntries is how many entries /audit shows.
const auditEntries = 20

func (auditCommand) definition() *discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageGuild)
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	return &discordgo.ApplicationCommand{
		Name:                     "audit",
		Description:              "Admins: who added, removed or restored what in this server's archive",
		DefaultMemberPermissions: &manageServer,
		Contexts:                 &guildOnly,
	}
}

func (auditCommand) help() string {
	return "the last 20 changes to this server's archive, and who made them."
}

func (auditCommand) private() bool { return true }

func (a auditCommand) run(ctx context.Context, c *call) (reply, error) {
	entries, err := a.d.engine.AuditLog(ctx, c.who, auditEntries)
	if err != nil {
		return reply{}, fmt.Errorf("audit: %w", err)
	}
	if len(entries) == 0 {
		return privateText("Nothing has been added to, removed from or restored to this server's archive yet."), nil
	}
	return reply{embeds: []*discordgo.MessageEmbed{renderAudit(entries)}, ephemeral: true}, nil
}

// renderAudit lists entries, one line each, within an embed's limits.
func renderAudit(entries []store.AuditEntry) *discordgo.MessageEmbed {
	var b strings.Builder
	for _, e := range entries {
		line := fmt.Sprintf("`%s` **%s** `%s` %s — %s", e.At.Format("2006-01-02 15:04"), escapeMarkdown(oneLine(cleanText(e.Action))),
			escapeMarkdown(truncate(oneLine(cleanText(e.Target)), 40)), quoteForUser(truncate(oneLine(cleanText(e.Detail)), 80)), who(e))
		if e.Origin != "" && e.Origin != "discord" {
			line += " · from " + escapeMarkdown(truncate(oneLine(cleanText(e.Origin)), 120))
		}
		if textLen(b.String())+textLen(line)+1 > maxEmbedDescription {
			break
		}
		b.WriteString(line)
		b.WriteString("\n")
	}
	return &discordgo.MessageEmbed{Title: "Audit log", Description: b.String(), Color: colourArticle}
}

// who names the actor: a mention (which pings no one: every message sends
// an empty allowed_mentions list) for a Discord user, with the channel.
func who(e store.AuditEntry) string {
	actor := escapeMarkdown(truncate(oneLine(cleanText(e.Actor)), 60))
	if id, ok := strings.CutPrefix(e.Actor, "discord:"); ok && isDigits(id) && len(id) <= 20 {
		actor = "<@" + id + ">"
	}
	if isDigits(e.Channel) && len(e.Channel) <= 20 {
		actor += " in <#" + e.Channel + ">"
	}
	return actor
}
