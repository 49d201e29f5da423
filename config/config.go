// Package config reads dateline's TOML configuration and applies the
// environment overrides (DATELINE_DATA, DISCORD_TOKEN, DATELINE_DISCORD_API_URL,
// DATELINE_STORE_URL).
package config

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/dateline-bot/dateline/scheduler"
)

// Config is the whole configuration. Keys are documented in config.example.toml.
type Config struct {
	DataDir string  `toml:"data_dir"`
	Discord Discord `toml:"discord"`
	HTTP    HTTP    `toml:"http"`
	Digest  Digest  `toml:"digest"`
	Fetch   Fetch   `toml:"fetch"`
	Feeds   Feeds   `toml:"feeds"`
	Store   Store   `toml:"store"`
	// Retention says how long removed articles are kept for /restore.
	Retention Retention `toml:"retention"`
}

// Store chooses the store of record: SQLite in data_dir (URL empty, the
// default) or a PostgreSQL database shared by several processes.
type Store struct {
	URL string `toml:"url"`
}

// Retention keeps removed articles restorable for a while, then purges them.
type Retention struct {
	Removed Duration `toml:"removed"`
}

// Discord holds the bot's connection settings.
type Discord struct {
	Token        string   `toml:"token"`
	APIURL       string   `toml:"api_url"`
	GuildIDs     []string `toml:"guild_ids"`
	AdminRoleIDs []string `toml:"admin_role_ids"`
	// OwnerGuildIDs are servers whose admins may also change the shared
	// archive (remove and restore its articles, /add to it).
	OwnerGuildIDs []string `toml:"owner_guild_ids"`
	PublicKey     string   `toml:"public_key"`
}

// HTTP is the listener for /healthz, /metrics and /interactions.
type HTTP struct {
	Listen string `toml:"listen"`
}

// Digest is the default of every server's daily digest; channel_id turns
// it on for that channel's server. Servers change theirs with /settings.
type Digest struct {
	Schedule  string   `toml:"schedule"`
	Timezone  string   `toml:"timezone"`
	ChannelID string   `toml:"channel_id"`
	CatchUp   Duration `toml:"catch_up"` // a slot missed within this long before start is posted on start
}

// Feeds sets how followed feeds are polled.
type Feeds struct {
	PollEvery Duration `toml:"poll_every"` // each feed once per period, spread over it
	// Lease is how long a feed stays with the process that took it for a
	// poll (several processes on one store): longer than a poll takes, and
	// how soon a dead process's feeds move to the others.
	Lease Duration `toml:"lease"`
}

// Fetch limits what dateline downloads (/add by URL and by file, feeds and
// the pages of their summary-only items, through package fetch).
type Fetch struct {
	AllowPrivate bool     `toml:"allow_private"`
	MaxBytes     int64    `toml:"max_bytes"`
	Timeout      Duration `toml:"timeout"`
}

// Duration is a time.Duration written as a string ("15s") in TOML.
type Duration struct{ time.Duration }

// UnmarshalText parses "15s", "2m".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("duration %q: %w", b, err)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as "15s".
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// DefaultAPIURL is Discord's REST base.
const DefaultAPIURL = "https://discord.com/api/v9"

// Default returns the built-in defaults.
func Default() Config {
	return Config{
		DataDir:   "./data",
		Discord:   Discord{APIURL: DefaultAPIURL, GuildIDs: []string{}, AdminRoleIDs: []string{}, OwnerGuildIDs: []string{}},
		HTTP:      HTTP{Listen: "127.0.0.1:8080"},
		Digest:    Digest{Schedule: "0 8 * * *", Timezone: "UTC", CatchUp: Duration{6 * time.Hour}},
		Feeds:     Feeds{PollEvery: Duration{15 * time.Minute}, Lease: Duration{10 * time.Minute}},
		Fetch:     Fetch{MaxBytes: 5_000_000, Timeout: Duration{15 * time.Second}},
		Retention: Retention{Removed: Duration{720 * time.Hour}},
	}
}

// DefaultPath is read when --config is not given and the file exists.
const DefaultPath = "dateline.toml"

// Load reads path (or DefaultPath when path is "" and it exists, else the
// defaults), then applies environment overrides from getenv.
func Load(path string, getenv func(string) string) (Config, error) {
	cfg := Default()
	explicit := path != ""
	if !explicit {
		path = DefaultPath
	}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := decode(string(data), &cfg); err != nil {
			return Config{}, fmt.Errorf("config %s: %w", path, err)
		}
	case errors.Is(err, os.ErrNotExist) && !explicit:
		// No config file: built-in defaults.
	default:
		return Config{}, fmt.Errorf("config: %w", err)
	}
	applyEnv(&cfg, getenv)
	if err := cfg.Validate(); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

func decode(text string, cfg *Config) error {
	md, err := toml.Decode(text, cfg)
	if err != nil {
		return err
	}
	if err := rejectNotSupportedYet(text); err != nil {
		return err
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		keys := make([]string, len(undecoded))
		for i, k := range undecoded {
			keys[i] = k.String()
		}
		return fmt.Errorf("unknown key %s", strings.Join(keys, ", "))
	}
	return nil
}

// notSupportedYet lists the sections CONTRACTS.md names that dateline does
// not act on yet, and why. Setting a key in one to anything but its default
// is an error: a setting must never be silently ignored. The issue that
// implements a section deletes its line; none is left.
func notSupportedYet() []struct{ section, why string } {
	return []struct{ section, why string }{}
}

// rejectNotSupportedYet fails on the first key, in a section not supported
// yet, whose value differs from its default; a section Config does not
// have is refused whole.
func rejectNotSupportedYet(text string) error {
	var given map[string]any
	if _, err := toml.Decode(text, &given); err != nil {
		return err
	}
	var encoded strings.Builder
	if err := toml.NewEncoder(&encoded).Encode(Default()); err != nil {
		return fmt.Errorf("encode the defaults: %w", err)
	}
	var defaults map[string]any
	if _, err := toml.Decode(encoded.String(), &defaults); err != nil {
		return fmt.Errorf("decode the defaults: %w", err)
	}
	for _, s := range notSupportedYet() {
		table, ok := given[s.section].(map[string]any)
		if !ok {
			continue
		}
		def, inConfig := defaults[s.section].(map[string]any)
		if !inConfig {
			return fmt.Errorf("[%s] is not supported yet (%s): remove the section", s.section, s.why)
		}
		for _, key := range slices.Sorted(maps.Keys(table)) {
			if !reflect.DeepEqual(table[key], def[key]) {
				return fmt.Errorf("[%s] is not supported yet (%s): remove %s.%s", s.section, s.why, s.section, key)
			}
		}
	}
	return nil
}

func applyEnv(cfg *Config, getenv func(string) string) {
	if v := getenv("DATELINE_DATA"); v != "" {
		cfg.DataDir = v
	}
	if v := getenv("DISCORD_TOKEN"); v != "" {
		cfg.Discord.Token = v
	}
	if v := getenv("DATELINE_DISCORD_API_URL"); v != "" {
		cfg.Discord.APIURL = v
	}
	if v := getenv("DATELINE_STORE_URL"); v != "" {
		cfg.Store.URL = v
	}
}

// Validate checks values that TOML types cannot.
func (c Config) Validate() error {
	if c.DataDir == "" {
		return errors.New("data_dir is empty")
	}
	loc, err := time.LoadLocation(c.Digest.Timezone)
	if err != nil {
		return fmt.Errorf("digest.timezone: %w", err)
	}
	if _, err := scheduler.Parse(c.Digest.Schedule, loc); err != nil {
		return fmt.Errorf("digest.schedule: %w", err)
	}
	if c.Digest.CatchUp.Duration < 0 {
		return errors.New("digest.catch_up must not be negative")
	}
	if c.Feeds.PollEvery.Duration < time.Minute {
		return fmt.Errorf("feeds.poll_every is %s: at least 1m", c.Feeds.PollEvery)
	}
	if c.Feeds.Lease.Duration <= c.Fetch.Timeout.Duration {
		return fmt.Errorf("feeds.lease is %s: it must be longer than fetch.timeout (%s), or a feed still being read could be polled again by another process", c.Feeds.Lease, c.Fetch.Timeout)
	}
	if c.Fetch.MaxBytes <= 0 {
		return errors.New("fetch.max_bytes must be positive")
	}
	if c.Fetch.Timeout.Duration <= 0 {
		return errors.New("fetch.timeout must be positive")
	}
	if c.Retention.Removed.Duration <= 0 {
		return errors.New(`retention.removed must be positive (e.g. "720h")`)
	}
	if u := c.Store.URL; u != "" && !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
		return errors.New(`store.url must be empty (SQLite in data_dir) or a PostgreSQL URL "postgres://user@host:5432/dbname"`)
	}
	return nil
}
