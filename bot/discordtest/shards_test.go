package discordtest_test

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/bot/discordtest"
)

// TestShardsGetTheirGuildsInteractions: with two shard sessions, an
// interaction goes to the session of shard (guild_id >> 22) % 2, as on
// Discord.
func TestShardsGetTheirGuildsInteractions(t *testing.T) {
	const guild1 = "200000000004194305" // shard 1 of 2; DefaultGuildID is on shard 0
	srv := discordtest.New(t, discordtest.Options{GuildIDs: []string{discordtest.DefaultGuildID, guild1}})
	got := make([]chan *discordgo.Interaction, 2)
	for id := range 2 {
		got[id] = make(chan *discordgo.Interaction, 4)
		dg := srv.Session(t)
		dg.ShardID, dg.ShardCount = id, 2
		dg.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got[id] <- i.Interaction })
		if err := dg.Open(); err != nil {
			t.Fatalf("open shard %d: %v", id, err)
		}
	}
	if err := srv.WaitShardsConnected(ctxT(t, 10*time.Second), 2); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		guild string
		shard int
	}{{discordtest.DefaultGuildID, 0}, {guild1, 1}} {
		srv.Slash("help", discordtest.InGuild(tt.guild))
		select {
		case ix := <-got[tt.shard]:
			if ix.GuildID != tt.guild {
				t.Errorf("shard %d got guild %s's interaction, want %s's", tt.shard, ix.GuildID, tt.guild)
			}
		case ix := <-got[1-tt.shard]:
			t.Errorf("guild %s's interaction went to shard %d", ix.GuildID, 1-tt.shard)
		case <-time.After(10 * time.Second):
			t.Fatalf("guild %s's interaction never arrived", tt.guild)
		}
	}
	if v := srv.Violations(); len(v) > 0 {
		t.Fatalf("violations: %q", v)
	}
}
