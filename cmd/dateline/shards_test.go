package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/bot"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		shards  string
		count   int
		want    bot.Shard
		wantErr string
	}{
		{"", 0, bot.Shard{}, ""},
		{"3", 16, bot.Shard{ID: 3, Count: 16}, ""},
		{"0-0", 2, bot.Shard{ID: 0, Count: 2}, ""},
		{"0-3", 16, bot.Shard{}, "one gateway shard per process; run one dateline serve for each of shards 0 to 3"},
		{"16", 16, bot.Shard{}, "shard ids run from 0 to 15"},
		{"3", 0, bot.Shard{}, "go together"},
		{"", 16, bot.Shard{}, "go together"},
		{"x", 4, bot.Shard{}, "want a shard id"},
		{"3-1", 4, bot.Shard{}, "want a shard id"},
	}
	for _, tt := range tests {
		got, err := parseShard(tt.shards, tt.count)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseShard(%q, %d) = %v, want an error with %q", tt.shards, tt.count, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseShard(%q, %d) = %+v, %v; want %+v", tt.shards, tt.count, got, err, tt.want)
		}
	}
}

// TestServeAsOneShard runs `dateline serve --shards 3 --shard-count 16`:
// it identifies to the gateway as shard 3 of 16 and leaves registering the
// slash commands to shard 0's process.
func TestServeAsOneShard(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	dir := t.TempDir()
	config := filepath.Join(dir, "dateline.toml")
	toml := fmt.Sprintf("data_dir = %q\n[discord]\nguild_ids = [%q]\n[http]\nlisten = %q\n",
		filepath.Join(dir, "data"), discordtest.DefaultGuildID, freeAddr(t))
	if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p := startServe(t, ctx, config, fake, true, "--shards", "3", "--shard-count", "16")
	waitCtx, waitCancel := context.WithTimeout(ctx, 20*time.Second)
	defer waitCancel()
	if err := fake.WaitConnected(waitCtx); err != nil {
		t.Fatalf("serve did not connect: %v\nstderr:\n%s", err, p.stderr)
	}
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(p.stderr.String(), "registered by shard 0"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no word of registration left to shard 0:\n%s", p.stderr)
		}
	}
	p.stop(t)
	if got := fake.IdentifiedShards(); len(got) == 0 || got[0] != [2]int{3, 16} {
		t.Errorf("identified as shards %v, want [3 16]", got)
	}
	if n := fake.BulkOverwrites(); n != 0 {
		t.Errorf("shard 3 registered the commands (%d overwrites)", n)
	}
	if r := dateline(t, filepath.Join(dir, "data"), "", "serve", "--shards", "0-3", "--shard-count", "16"); r.code != 2 ||
		!strings.Contains(r.stderr, "one gateway shard per process") {
		t.Errorf("a range of shards: exit %d, %s", r.code, r.stderr)
	}
}
