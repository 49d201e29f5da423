package discordtest_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

// autoRespond answers every interaction at once, so what is measured is the fake plus discordgo.
func autoRespond(c *client) {
	c.dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
		_ = s.InteractionRespond(i.Interaction, message("ok"))
	})
}

func connectB(b *testing.B) *client {
	srv := discordtest.New(b, discordtest.Options{})
	c := &client{srv: srv, dg: srv.Session(b), got: make(chan *discordgo.Interaction, 1<<16)}
	c.dg.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { c.got <- i.Interaction })
	if err := c.dg.Open(); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.WaitConnected(ctx); err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkSlashRoundTrip: dispatch over the gateway, discordgo's callback over REST, Final.
func BenchmarkSlashRoundTrip(b *testing.B) {
	c := connectB(b)
	autoRespond(c)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.srv.Slash("help").Final(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBurst200: 200 interactions at once, as in the bot's load test; reports the slowest
// acknowledgement the fake saw.
func BenchmarkBurst200(b *testing.B) {
	c := connectB(b)
	autoRespond(c)
	ctx := context.Background()
	var worst time.Duration
	for i := 0; i < b.N; i++ {
		ixs := make([]*discordtest.Interaction, 200)
		for j := range ixs {
			ixs[j] = c.srv.Slash("help")
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, ix := range ixs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := ix.Response(ctx)
				if err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				worst = max(worst, r.At)
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ack-ms")
	if v := c.srv.Violations(); len(v) > 0 {
		b.Errorf("violations: %q", v[:min(3, len(v))])
	}
}
