package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/app"
)

// restoreCommand is /restore id: an admin brings back an article their
// server removed, within the retention period. Same permission frame as
// /remove.
type restoreCommand struct{ d deps }

func (restoreCommand) definition() *discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageGuild)
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	return &discordgo.ApplicationCommand{
		Name:                     "restore",
		Description:              "Admins: bring back an article removed from this server's archive",
		DefaultMemberPermissions: &manageServer,
		Contexts:                 &guildOnly,
		Options: []*discordgo.ApplicationCommandOption{
			stringOption("id", "The removed article's id (/remove and /audit show it)", true, false, 100),
		},
	}
}

func (restoreCommand) help() string {
	return "bring back a removed article (kept for a while after /remove)."
}

func (restoreCommand) private() bool { return true }

func (r restoreCommand) run(ctx context.Context, c *call) (reply, error) {
	id := c.option("id")
	a, err := r.d.engine.Restore(ctx, c.who, id)
	switch {
	case errors.Is(err, app.ErrNotFound):
		return reply{}, userErrorf("There is no removed article with id %s in this server's archive (removed articles are kept for %s, then purged).",
			quoteForUser(id), r.d.retention)
	case errors.Is(err, app.ErrRefused):
		return reply{}, userErrorf("I did not restore it: %s.", escapeMarkdown(err.Error()))
	case err != nil:
		return reply{}, fmt.Errorf("restore %q: %w", id, err)
	}
	return privateText("Restored %s (%s): it is in this server's answers again.", quoteForUser(a.Title), escapeMarkdown(truncate(id, 100))), nil
}
