package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestExampleDocumentsDefaults(t *testing.T) {
	cfg, err := Load("../config.example.toml", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, Default()) {
		t.Errorf("config.example.toml differs from the defaults:\n got %+v\nwant %+v", cfg, Default())
	}
}

func TestExampleNamesEveryKey(t *testing.T) {
	data, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"data_dir", "token", "api_url", "guild_ids", "admin_role_ids", "public_key",
		"listen", "schedule", "timezone", "channel_id", "allow_private", "max_bytes", "timeout"} {
		if !strings.Contains(string(data), "\n"+key+" = ") {
			t.Errorf("config.example.toml does not document %s", key)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		text    string
		env     map[string]string
		check   func(Config) bool
		wantErr string
	}{
		{"values", "data_dir = \"/x\"\n[fetch]\ntimeout = \"2s\"\n", nil,
			func(c Config) bool { return c.DataDir == "/x" && c.Fetch.Timeout.Duration == 2*time.Second }, ""},
		{"env wins", "data_dir = \"/x\"\n[discord]\ntoken = \"file\"\n",
			map[string]string{"DATELINE_DATA": "/env", "DISCORD_TOKEN": "Bot t", "DATELINE_DISCORD_API_URL": "http://127.0.0.1:1/api/v9"},
			func(c Config) bool {
				return c.DataDir == "/env" && c.Discord.Token == "Bot t" && c.Discord.APIURL == "http://127.0.0.1:1/api/v9"
			}, ""},
		{"unknown key", "data_dir = \"/x\"\n[discord]\ntokn = \"x\"\n", nil, nil, "unknown key discord.tokn"},
		{"bad timezone", "[digest]\ntimezone = \"Mars/Olympus\"\n", nil, nil, "digest.timezone"},
		{"bad schedule", "[digest]\nschedule = \"0 8 * *\"\n", nil, nil, "digest.schedule: schedule \"0 8 * *\" is neither"},
		{"schedule as a time", "[digest]\nschedule = \"07:30\"\ntimezone = \"Europe/Berlin\"\n", nil,
			func(c Config) bool { return c.Digest.Schedule == "07:30" }, ""},
		{"bad duration", "[fetch]\ntimeout = \"soon\"\n", nil, nil, "duration"},
		{"bad toml", "data_dir = \n", nil, nil, "config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(write(tt.name+".toml", tt.text), env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(cfg) {
				t.Errorf("unexpected config %+v", cfg)
			}
		})
	}
}

func TestMissingExplicitFileIsAnError(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "none.toml"), env(nil)); err == nil {
		t.Fatal("want an error for a missing --config file")
	}
}
