package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/bot"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

func TestParseShards(t *testing.T) {
	tests := []struct {
		shards  string
		count   int
		want    []bot.Shard
		wantErr string
	}{
		{"", 0, nil, ""},
		{"3", 16, []bot.Shard{{ID: 3, Count: 16}}, ""},
		{"0-0", 2, []bot.Shard{{ID: 0, Count: 2}}, ""},
		{"0-3", 16, []bot.Shard{{ID: 0, Count: 16}, {ID: 1, Count: 16}, {ID: 2, Count: 16}, {ID: 3, Count: 16}}, ""},
		{"14-15", 16, []bot.Shard{{ID: 14, Count: 16}, {ID: 15, Count: 16}}, ""},
		{"16", 16, nil, "shard ids run from 0 to 15"},
		{"12-16", 16, nil, "shard ids run from 0 to 15"},
		{"3", 0, nil, "go together"},
		{"", 16, nil, "go together"},
		{"x", 4, nil, "want a shard id"},
		{"3-1", 4, nil, "want a shard id"},
		{"-1", 4, nil, "want a shard id"},
	}
	for _, tt := range tests {
		got, err := parseShards(tt.shards, tt.count)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseShards(%q, %d) = %v, want an error with %q", tt.shards, tt.count, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("parseShards(%q, %d) = %+v, %v; want %+v", tt.shards, tt.count, got, err, tt.want)
		}
	}
}

// TestServeSeveralShards runs `dateline serve --shards 0-1 --shard-count 2`:
// one process identifies twice, as [0,2] and [1,2], answers an interaction
// arriving on each shard's session, registers the commands once (it holds
// shard 0), and is ready only with both shards connected.
func TestServeSeveralShards(t *testing.T) {
	const guild1 = "200000000004194305" // (id >> 22) % 2 == 1; DefaultGuildID is on shard 0
	fake := discordtest.New(t, discordtest.Options{GuildIDs: []string{discordtest.DefaultGuildID, guild1}})
	dir := t.TempDir()
	addr := freeAddr(t)
	config := filepath.Join(dir, "dateline.toml")
	toml := fmt.Sprintf("data_dir = %q\n[discord]\nguild_ids = [%q, %q]\n[http]\nlisten = %q\n",
		filepath.Join(dir, "data"), discordtest.DefaultGuildID, guild1, addr)
	if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p := startServe(t, ctx, config, fake, true, "--shards", "0-1", "--shard-count", "2")
	waitCtx, waitCancel := context.WithTimeout(ctx, 40*time.Second)
	defer waitCancel()
	if err := fake.WaitShardsConnected(waitCtx, 2); err != nil {
		t.Fatalf("serve did not connect both shards: %v\nstderr:\n%s", err, p.stderr)
	}
	if code, body := waitForMetric(waitCtx, "http://"+addr+"/readyz", `"discord":"connected"`); code != 200 {
		t.Errorf("/readyz with both shards connected: %d %s", code, body)
	}
	for _, g := range []string{discordtest.DefaultGuildID, guild1} {
		if msg, err := fake.Slash("help", discordtest.InGuild(g)).Final(waitCtx); err != nil || len(msg.Embeds) != 1 {
			t.Fatalf("/help in guild %s: %v\nstderr:\n%s", g, err, p.stderr)
		}
	}
	p.stop(t)
	got := fake.IdentifiedShards()
	slices.SortFunc(got, func(a, b [2]int) int { return a[0] - b[0] })
	if !slices.Equal(got, [][2]int{{0, 2}, {1, 2}}) {
		t.Errorf("identified as shards %v, want [0 2] and [1 2]", got)
	}
	if n := fake.BulkOverwrites(); n != 2 { // once in each of the two guilds
		t.Errorf("%d command overwrites, want 2 (one registration, two guilds)", n)
	}
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("fake Discord saw violations:\n%s", strings.Join(v, "\n"))
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
	if r := dateline(t, filepath.Join(dir, "data"), "", "serve", "--shards", "15-16", "--shard-count", "16"); r.code != 2 ||
		!strings.Contains(r.stderr, "shard ids run from 0 to 15") {
		t.Errorf("shards beyond the count: exit %d, %s", r.code, r.stderr)
	}
}
