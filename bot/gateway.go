package bot

import (
	"fmt"
	"log/slog"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/config"
)

// gateway is one shard's gateway session with its own watchdog: the
// connection, what its frames said (link), the close codes it saw, and how
// it is connected. Every shard of a process shares the bot's router (the
// work queue and the engine) and its REST client.
type gateway struct {
	shard   Shard
	session *discordgo.Session
	link    *gatewayLink
	closes  *closeCodes
	log     *slog.Logger
	timing  gatewayTiming
	metrics *Metrics

	mu     sync.Mutex
	status string // starting, connecting, connected, reconnecting, paused, stopped
}

func newGateway(cfg config.Discord, shard Shard, log *slog.Logger, timing gatewayTiming, metrics *Metrics) (*gateway, error) {
	if shard.Count > 0 {
		log = log.With("shard", shard.ID)
	}
	g := &gateway{shard: shard, closes: &closeCodes{}, log: log, timing: timing, metrics: metrics, status: "starting"}
	g.link = newGatewayLink(g.closes, log, timing)
	session, err := newSession(cfg, shard, g.link, metrics)
	if err != nil {
		return nil, err
	}
	g.session = session
	g.link.budget = sessionBudget(session)
	return g, nil
}

func (g *gateway) getStatus() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.status
}

func (g *gateway) setStatus(s string) {
	g.mu.Lock()
	g.status = s
	g.mu.Unlock()
}

// checkShards checks a process's shards (distinct ids below one count) and
// gives the one unsharded session when there are none.
func checkShards(shards []Shard) ([]Shard, error) {
	if len(shards) == 0 {
		return []Shard{{}}, nil
	}
	seen := map[int]bool{}
	for _, s := range shards {
		switch {
		case s.Count < 1 || s.ID < 0 || s.ID >= s.Count:
			return nil, fmt.Errorf("bot: shard %d of %d: ids run from 0 to count-1", s.ID, s.Count)
		case s.Count != shards[0].Count:
			return nil, fmt.Errorf("bot: shards of counts %d and %d in one process", shards[0].Count, s.Count)
		case seen[s.ID]:
			return nil, fmt.Errorf("bot: shard %d twice", s.ID)
		}
		seen[s.ID] = true
	}
	return shards, nil
}
