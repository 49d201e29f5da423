package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// commandsHashFile, in the data directory, holds the hash of the command
// definitions last registered, so that a restart does not overwrite them
// again (Discord allows 200 command creates a day per guild). It is a small
// file rather than a row in the store because the store belongs to the
// corpus package.
const commandsHashFile = "commands.hash"

// registerCommands bulk-overwrites the command definitions, in each
// configured guild or globally, unless the same definitions were already
// registered for the same application and scope.
func (b *Bot) registerCommands(ctx context.Context) error {
	appID := b.applicationID()
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
	path := ""
	if b.dataDir != "" {
		path = filepath.Join(b.dataDir, commandsHashFile)
		if old, err := os.ReadFile(path); err == nil && strings.TrimSpace(string(old)) == sum {
			b.log.Info("command definitions unchanged; not registering them again")
			return nil
		}
	}
	for _, guild := range scopes {
		if _, err := b.session.ApplicationCommandBulkOverwrite(appID, guild, defs, discordgo.WithContext(ctx)); err != nil {
			where := "globally"
			if guild != "" {
				where = "in guild " + guild
			}
			return fmt.Errorf("register commands %s: %w", where, err)
		}
	}
	b.log.Info("registered commands", "count", len(defs), "guilds", len(b.cfg.GuildIDs))
	if path == "" {
		return nil
	}
	if err := writeFileAtomic(path, []byte(sum+"\n")); err != nil {
		// Registration worked; the next start will just register again.
		b.log.Warn("could not remember the command definitions' hash", "error", err)
	}
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

// writeFileAtomic replaces path with data through a temporary file, so a
// crash leaves the old hash or the new one, never half of one.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
