package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/app"
)

// removeCommand is /remove id, the first admin command: it takes an article
// out of the store and the index. Its definition asks Discord to show it to
// Manage Server members only; the router re-checks that on every call.
type removeCommand struct{ d deps }

func (removeCommand) definition() *discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageGuild) // 0x20
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	return &discordgo.ApplicationCommand{
		Name:                     "remove",
		Description:              "Admins: take an article out of the archive",
		DefaultMemberPermissions: &manageServer,
		Contexts:                 &guildOnly,
		Options: []*discordgo.ApplicationCommandOption{
			stringOption("id", "The article's id (shown by /article and in credits)", true, false, 100),
		},
	}
}

func (removeCommand) help() string { return "take an article out of the archive." }

// private: removal answers only the admin who asked, and may take a moment.
func (removeCommand) private() bool { return true }

func (r removeCommand) run(ctx context.Context, c *call) (reply, error) {
	id := c.option("id")
	a, err := r.d.engine.Remove(ctx, c.who, id)
	switch {
	case errors.Is(err, app.ErrNotFound):
		return reply{}, userErrorf("There is no article with id %s in this server's archive or the shared one.", quoteForUser(id))
	case errors.Is(err, app.ErrRefused):
		return reply{}, userErrorf("I did not remove it: %s.", escapeMarkdown(err.Error()))
	case err != nil:
		return reply{}, fmt.Errorf("remove %q: %w", id, err)
	}
	return privateText("Removed %s (%s) from this server's archive. It can be brought back with `/restore` for %s.",
		quoteForUser(a.Title), escapeMarkdown(truncate(id, 100)), r.d.retention), nil
}
