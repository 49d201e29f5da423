package discordtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

// client is a real discordgo Session connected to a fake, with the interactions it received.
type client struct {
	srv   *discordtest.Server
	dg    *discordgo.Session
	got   chan *discordgo.Interaction
	ready chan *discordgo.Ready
}

// reconnectOptions keep heartbeats slower than discordgo's one-second sleep in Close: discordgo v0.29.0's
// heartbeat goroutine, if it ticks during that sleep, can fail on the old socket and then close the *new*
// connection with 1000, which (as on Discord) ends the session and forces a fresh IDENTIFY.
func reconnectOptions() discordtest.Options {
	return discordtest.Options{HeartbeatInterval: 5 * time.Second}
}

func connect(t *testing.T, opts discordtest.Options) *client {
	t.Helper()
	srv := discordtest.New(t, opts)
	c := &client{srv: srv, dg: srv.Session(t), got: make(chan *discordgo.Interaction, 64), ready: make(chan *discordgo.Ready, 8)}
	c.dg.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { c.got <- i.Interaction })
	c.dg.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { c.ready <- r })
	if err := c.dg.Open(); err != nil {
		t.Fatalf("open: %v", err)
	}
	if err := srv.WaitConnected(ctxT(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	return c
}

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// next waits for the next interaction the session received.
func (c *client) next(t *testing.T) *discordgo.Interaction {
	t.Helper()
	select {
	case i := <-c.got:
		return i
	case <-time.After(5 * time.Second):
		t.Fatal("no interaction arrived over the gateway")
		return nil
	}
}

func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func expectNoViolations(t *testing.T, srv *discordtest.Server) {
	t.Helper()
	if v := srv.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
}
