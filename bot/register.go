package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// CommandsHashKey names, in the store's settings, the hash of the command
// definitions last registered, so that a restart does not overwrite them
// again (Discord allows 200 command creates a day per guild).
const CommandsHashKey = "discord_commands_hash"

// Settings keeps small named values: the store of record's settings.
type Settings interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// registerCommands bulk-overwrites the command definitions, in each
// configured guild or globally, unless the same definitions were already
// registered for the same application and scope, through g (shard 0's
// session, whose READY named the application).
func (b *Bot) registerCommands(ctx context.Context, g *gateway) error {
	appID := g.applicationID()
	if appID == "" {
		return errors.New("register commands: READY named no application")
	}
	defs := b.router.definitions()
	scopes := b.cfg.GuildIDs
	if len(scopes) == 0 {
		scopes = []string{""} // global
	}
	sum, err := definitionsHash(appID, scopes, defs)
	if err != nil {
		return err
	}
	if b.settings != nil {
		old, err := b.settings.Setting(ctx, CommandsHashKey)
		if err != nil {
			b.log.Warn("could not read the command definitions' hash; registering them", "error", err)
		} else if old == sum {
			b.log.Info("command definitions unchanged; not registering them again")
			return nil
		}
	}
	for _, guild := range scopes {
		if _, err := g.session.ApplicationCommandBulkOverwrite(appID, guild, defs, discordgo.WithContext(ctx)); err != nil {
			where := "globally"
			if guild != "" {
				where = "in guild " + guild
			}
			return fmt.Errorf("register commands %s: %w", where, err)
		}
	}
	// Written only after every overwrite succeeded: a failure half way
	// registers everything again on the next start. Logged after it is
	// written, so that the log line means "done".
	if b.settings != nil {
		if err := b.settings.SetSetting(ctx, CommandsHashKey, sum); err != nil {
			// Registration worked; the next start will just register again.
			b.log.Warn("could not remember the command definitions' hash", "error", err)
		}
	}
	b.log.Info("registered commands", "count", len(defs), "guilds", len(b.cfg.GuildIDs))
	return nil
}

// definitionsHash identifies what was registered: the application, the
// scopes and the definitions as Discord receives them.
func definitionsHash(appID string, scopes []string, defs []*discordgo.ApplicationCommand) (string, error) {
	payload, err := json.Marshal(struct {
		App    string                          `json:"app"`
		Scopes []string                        `json:"scopes"`
		Defs   []*discordgo.ApplicationCommand `json:"defs"`
	}{appID, scopes, defs})
	if err != nil {
		return "", fmt.Errorf("hash command definitions: %w", err)
	}
	h := sha256.Sum256(payload)
	return hex.EncodeToString(h[:]), nil
}
