package corpus

import (
	"fmt"
	"strings"
)

// Scope says whose archive an article belongs to: the shared archive (the
// operator's: command-line ingest, operator feeds) or one Discord server's
// ("guild:<id>": what its admins add). In a server, answers draw on the
// shared archive and that server's own, never on another server's.
type Scope string

// Shared is the operator's archive, which every server reads.
const Shared Scope = "shared"

const guildPrefix = "guild:"

// GuildScope is the archive of the server with this id; "" is Shared.
func GuildScope(guildID string) Scope {
	if guildID == "" {
		return Shared
	}
	return Scope(guildPrefix + guildID)
}

// Guild is the server id of a guild scope, "" for Shared.
func (s Scope) Guild() string {
	if !s.IsGuild() {
		return ""
	}
	return string(s[len(guildPrefix):])
}

// IsGuild says whether s is one server's archive.
func (s Scope) IsGuild() bool {
	return strings.HasPrefix(string(s), guildPrefix) && len(s) > len(guildPrefix)
}

// Visible is what a reader in this scope sees: Shared alone, or Shared and
// the server's own archive.
func (s Scope) Visible() []Scope {
	if s.IsGuild() {
		return []Scope{Shared, s}
	}
	return []Scope{Shared}
}

// CanSee says whether a reader in scope s may see an article of scope a.
func (s Scope) CanSee(a Scope) bool { return a == Shared || a == "" || a == s }

// Describe names the archive for people: "the shared archive", "this
// server's archive".
func (s Scope) Describe() string {
	if s.IsGuild() {
		return fmt.Sprintf("the archive of server %s", s.Guild())
	}
	return "the shared archive"
}

// ParseScope reads "shared" or "guild:<digits>".
func ParseScope(s string) (Scope, error) {
	switch {
	case s == string(Shared) || s == "":
		return Shared, nil
	case strings.HasPrefix(s, guildPrefix) && ValidGuildID(s[len(guildPrefix):]):
		return Scope(s), nil
	}
	return "", fmt.Errorf("scope %q: want %q or \"guild:<server id>\"", s, Shared)
}

// ValidGuildID says whether id looks like a Discord snowflake: 1 to 20 digits.
func ValidGuildID(id string) bool {
	if id == "" || len(id) > 20 {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
