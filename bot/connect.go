package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/dateline-bot/dateline/config"
)

// Reconnection back-off: 1 s doubling to a minute.
const (
	reconnectFirst = time.Second
	reconnectMax   = time.Minute
)

// newSession makes a discordgo session that talks to cfg.APIURL (REST and
// gateway discovery), whose gateway connections link watches (close codes,
// heartbeat ACKs, op 9, the resume URL), asks for the Guilds intent only
// (interactions need no other), gets uncompressed frames (so that the
// watcher can read them), and leaves reconnection to the bot's supervisor
// so that fatal close codes can stop it.
func newSession(cfg config.Discord, shard Shard, link *gatewayLink, metrics *Metrics) (*discordgo.Session, error) {
	s, err := discordgo.New(botToken(cfg))
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	transport, err := newAPITransport(cfg.APIURL, http.DefaultTransport)
	if err != nil {
		return nil, err
	}
	transport.gatewayURL = link.gatewayURL
	transport.metrics = metrics
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: transport}
	s.Dialer = newGatewayDialer(link, nil)
	if shard.Count > 0 {
		s.ShardID, s.ShardCount = shard.ID, shard.Count
	}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.Compress, s.Identify.Compress = false, false
	s.ShouldReconnectOnError = false
	s.StateEnabled = false
	s.LogLevel = discordgo.LogError
	return s, nil
}

// botToken is the configured token with its "Bot " prefix ("" when none).
func botToken(cfg config.Discord) string {
	token := strings.TrimSpace(cfg.Token)
	if token != "" && !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	return token
}

// Run connects to the gateway (when a token is set) with one session per
// shard, registers the commands when their definitions changed (the
// process holding shard 0), answers interactions from every shard until
// ctx is cancelled, then stops taking interactions, finishes those in flight
// (up to the grace period) and closes every connection. Without a token it
// only serves what InteractionsHandler receives, and drains the same way.
//
// Run returns nil after a clean shutdown, a FatalCloseError when Discord
// refused a connection in a way reconnecting cannot fix (bad token,
// disallowed intents), and another error when a first connection failed;
// either stops every shard. A failed command registration is logged, not
// fatal.
func (b *Bot) Run(ctx context.Context) error {
	b.sweepPages(ctx)
	if b.rest.token == "" {
		b.setStatus("http-only")
		b.log.Info("no bot token: serving HTTP interactions only")
		<-ctx.Done()
		b.drain()
		return nil
	}
	if !b.registers() {
		b.log.Info("slash commands are registered by shard 0's process", "shards", b.shardIDs())
	}
	b.setStatus("") // from now on the shards' statuses say it
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	errs := make(chan error, len(b.gateways))
	for i, g := range b.gateways {
		disconnected, remove := g.listen(b.router.dispatch)
		defer remove()
		go func() {
			// Discord lets a bot IDENTIFY one shard at a time (every 5 s
			// with max_concurrency 1): shards start one gap apart.
			if sleepCtx(runCtx, time.Duration(i)*b.timing.identifyGap) != nil {
				errs <- nil
				return
			}
			err := g.run(runCtx, disconnected, func(ctx context.Context) {
				if g.shard.ID != 0 {
					return
				}
				if err := b.registerCommands(ctx, g); err != nil && ctx.Err() == nil {
					// Not fatal: the commands registered last time still
					// work, and the hash was not updated, so the next start
					// tries again.
					b.log.Error("could not register the slash commands", "error", err)
				}
			})
			if err != nil {
				stop() // one shard that cannot go on stops the process
			}
			errs <- err
		}()
	}
	var failed []error
	for range b.gateways {
		if err := <-errs; err != nil {
			failed = append(failed, err)
		}
	}
	b.drain()
	for _, g := range b.gateways {
		g.closeSession()
		g.setStatus("stopped")
	}
	b.setStatus("stopped")
	if len(failed) == 1 {
		return failed[0]
	}
	return errors.Join(failed...)
}

// registers says whether this process registers the slash commands: it
// holds shard 0 (or is not sharded).
func (b *Bot) registers() bool {
	for _, g := range b.gateways {
		if g.shard.ID == 0 {
			return true
		}
	}
	return false
}

func (b *Bot) shardIDs() []int {
	ids := make([]int, 0, len(b.gateways))
	for _, g := range b.gateways {
		ids = append(ids, g.shard.ID)
	}
	return ids
}

// listen hands every interaction the session receives to dispatch, follows
// READY and RESUMED, and reports disconnects on the channel it returns,
// until remove is called: after the drain, so that an interaction arriving
// while the bot stops is still told to come back.
func (g *gateway) listen(dispatch func(*discordgo.Interaction)) (disconnected <-chan struct{}, remove func()) {
	lost := make(chan struct{}, 1)
	removeInteractions := g.session.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
		dispatch(ic.Interaction)
	})
	removeDisconnect := g.session.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		select {
		case lost <- struct{}{}:
		default:
		}
	})
	var identified atomic.Bool // the first READY is no reconnect
	removeReady := g.session.AddHandler(func(_ *discordgo.Session, e *discordgo.Event) {
		switch e.Type {
		case "READY":
			g.link.ready(e.RawData)
			if identified.Swap(true) {
				g.metrics.observeReconnect(g.shard.ID, "identify")
			}
		case "RESUMED":
			g.metrics.observeReconnect(g.shard.ID, "resume")
		}
	})
	return lost, func() {
		removeReady()
		removeDisconnect()
		removeInteractions()
	}
}

// run connects one shard's session and keeps it connected until ctx ends
// or a close code reconnecting cannot fix (disconnected says when the
// connection is lost); connected is called once after the first connect.
// It leaves the session open for Run to close after draining.
func (g *gateway) run(ctx context.Context, disconnected <-chan struct{}, connected func(context.Context)) error {
	g.setStatus("connecting")
	if err := g.waitForBudget(ctx); err != nil {
		g.setStatus("stopped")
		return nil // cancelled while paused: a clean shutdown
	}
	if err := g.open(ctx); err != nil {
		g.setStatus("stopped")
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	g.setStatus("connected")
	g.log.Info("connected to the Discord gateway")
	watchCtx, stopWatch := context.WithCancel(ctx)
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		g.watch(watchCtx)
	}()
	connected(ctx)
	err := g.supervise(ctx, disconnected)
	stopWatch()
	<-watching
	return err
}

// waitForBudget pauses before a first IDENTIFY while the daily budget is at
// its reserve, with a log line; it returns ctx's error if ctx ends first.
func (g *gateway) waitForBudget(ctx context.Context) error {
	wait, low := g.link.budgetLow()
	if !low {
		return nil
	}
	g.setStatus("paused")
	return sleepCtx(ctx, wait)
}

// open opens the gateway, turning a fatal close code into a
// FatalCloseError. A dial turned away for resume_gateway_url is tried again
// at once (discordgo then asks for the URL and gets the resume URL).
func (g *gateway) open(ctx context.Context) error {
	err := g.openOnce(ctx)
	if errors.Is(err, errResumeRedirect) {
		err = g.openOnce(ctx)
	}
	if errors.Is(err, discordgo.ErrWSAlreadyOpen) {
		return nil
	}
	if code := g.fatalCode(err); code != 0 {
		return FatalCloseError{Code: code}
	}
	if err != nil {
		return fmt.Errorf("connect to the discord gateway: %w", err)
	}
	return nil
}

// openOnce runs discordgo's Open with a deadline: a gateway that accepts the
// connection and then says nothing would hang it (and shutdown with it), so
// past the deadline, or when ctx ends, the connection is dropped, which
// makes Open return.
func (g *gateway) openOnce(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- g.session.Open() }()
	timer := time.NewTimer(g.timing.connectTimeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		g.link.drop()
		err := <-done
		return errors.Join(fmt.Errorf("no HELLO and READY from the gateway within %v", g.timing.connectTimeout), err)
	case <-ctx.Done():
		g.link.drop()
		<-done
		return ctx.Err()
	}
}

// fatalCode finds a fatal close code in err or among those the connections
// saw.
func (g *gateway) fatalCode(err error) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		g.closes.record(ce.Code)
	}
	return g.closes.get()
}

// supervise reconnects after every disconnect (op 7, op 9 left aside, which
// discordgo handles on the same connection; dropped sockets; missed
// heartbeats) with jittered back-off, until ctx is done or a fatal close
// code shows; it first waits out a pause for the IDENTIFY budget.
func (g *gateway) supervise(ctx context.Context, disconnected <-chan struct{}) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-disconnected:
		}
		if code := g.closes.get(); code != 0 {
			return FatalCloseError{Code: code}
		}
		if wait := g.link.paused(); wait > 0 {
			g.setStatus("paused")
			g.log.Warn("gateway connection paused for the IDENTIFY budget", "resumes_in", wait.Round(time.Second))
			if sleepCtx(ctx, wait) != nil {
				return nil
			}
		}
		g.setStatus("reconnecting")
		delay := reconnectFirst
		for {
			if ctx.Err() != nil {
				return nil
			}
			err := g.open(ctx)
			var fatal FatalCloseError
			if errors.As(err, &fatal) {
				return fatal
			}
			if err == nil {
				g.setStatus("connected")
				g.log.Info("reconnected to the Discord gateway")
				break
			}
			wait := jitter(delay)
			g.log.Warn("reconnecting to the Discord gateway failed", "error", err, "retry_in", wait.Round(time.Millisecond))
			if sleepCtx(ctx, wait) != nil {
				return nil
			}
			delay *= 2
			if delay > reconnectMax {
				delay = reconnectMax
			}
		}
	}
}

func (g *gateway) closeSession() {
	if err := g.session.Close(); err != nil {
		g.log.Warn("closing the gateway connection", "error", err)
	}
}

// applicationID is the bot's application, from the READY payload.
func (g *gateway) applicationID() string {
	st := g.session.State
	if st == nil {
		return ""
	}
	st.RLock()
	defer st.RUnlock()
	if st.Ready.Application != nil && st.Ready.Application.ID != "" {
		return st.Ready.Application.ID
	}
	if st.Ready.User != nil {
		// A bot user's id is its application's id.
		return st.Ready.User.ID
	}
	return ""
}

// drain stops taking interactions and waits for those in flight.
func (b *Bot) drain() {
	if !b.router.shutdown(b.grace) {
		b.log.Warn("interactions still in flight after the grace period were cancelled", "grace", b.grace)
	}
}

// sweepPages deletes the page states that expired while no process stored
// new ones (storing sweeps too). A failure is logged: it costs space, not
// answers.
func (b *Bot) sweepPages(ctx context.Context) {
	n, err := b.router.pages.sweep(ctx)
	if err != nil {
		b.log.Warn("sweeping expired page states", "error", err)
		return
	}
	b.log.Debug("swept expired page states", "deleted", n)
}
