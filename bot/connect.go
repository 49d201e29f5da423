package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
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
func newSession(cfg config.Discord, shard Shard, link *gatewayLink) (*discordgo.Session, error) {
	s, err := discordgo.New(botToken(cfg))
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	transport, err := newAPITransport(cfg.APIURL, http.DefaultTransport)
	if err != nil {
		return nil, err
	}
	transport.gatewayURL = link.gatewayURL
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

// Run connects to the gateway (when a token is set), registers the commands
// when their definitions changed, answers interactions until ctx is
// cancelled, then stops taking interactions, finishes those in flight (up to
// the grace period) and closes the connection. Without a token it only
// serves what InteractionsHandler receives, and drains the same way.
//
// Run returns nil after a clean shutdown, a FatalCloseError when Discord
// refused the connection in a way reconnecting cannot fix (bad token,
// disallowed intents), and another error when the first connection failed.
// A failed command registration is logged, not fatal.
func (b *Bot) Run(ctx context.Context) error {
	b.sweepPages(ctx)
	if b.session.Token == "" {
		b.setStatus("http-only")
		b.log.Info("no bot token: serving HTTP interactions only")
		<-ctx.Done()
		b.drain()
		return nil
	}
	disconnected := make(chan struct{}, 1)
	removeInteractions := b.session.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
		b.router.dispatch(ic.Interaction)
	})
	removeDisconnect := b.session.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		select {
		case disconnected <- struct{}{}:
		default:
		}
	})
	removeReady := b.session.AddHandler(func(_ *discordgo.Session, e *discordgo.Event) {
		if e.Type == "READY" {
			b.link.ready(e.RawData)
		}
	})
	defer removeReady()
	defer removeDisconnect()
	defer removeInteractions()

	b.setStatus("connecting")
	if err := b.waitForBudget(ctx); err != nil {
		b.setStatus("stopped")
		return nil // cancelled while paused: a clean shutdown
	}
	if err := b.open(ctx); err != nil {
		b.setStatus("stopped")
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	b.setStatus("connected")
	b.log.Info("connected to the Discord gateway")
	watchCtx, stopWatch := context.WithCancel(ctx)
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		b.watch(watchCtx)
	}()
	if b.shard.Count > 0 && b.shard.ID != 0 {
		b.log.Info("slash commands are registered by shard 0's process", "shard", b.shard.ID, "shards", b.shard.Count)
	} else if err := b.registerCommands(ctx); err != nil && ctx.Err() == nil {
		// Not fatal: the commands registered last time still work, and the
		// hash was not updated, so the next start tries again.
		b.log.Error("could not register the slash commands", "error", err)
	}
	err := b.supervise(ctx, disconnected)
	stopWatch()
	<-watching
	b.drain()
	b.closeSession()
	b.setStatus("stopped")
	return err
}

// waitForBudget pauses before a first IDENTIFY while the daily budget is at
// its reserve, with a log line; it returns ctx's error if ctx ends first.
func (b *Bot) waitForBudget(ctx context.Context) error {
	wait, low := b.link.budgetLow()
	if !low {
		return nil
	}
	b.setStatus("paused")
	return sleepCtx(ctx, wait)
}

// open opens the gateway, turning a fatal close code into a
// FatalCloseError. A dial turned away for resume_gateway_url is tried again
// at once (discordgo then asks for the URL and gets the resume URL).
func (b *Bot) open(ctx context.Context) error {
	err := b.openOnce(ctx)
	if errors.Is(err, errResumeRedirect) {
		err = b.openOnce(ctx)
	}
	if errors.Is(err, discordgo.ErrWSAlreadyOpen) {
		return nil
	}
	if code := b.fatalCode(err); code != 0 {
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
func (b *Bot) openOnce(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- b.session.Open() }()
	timer := time.NewTimer(b.timing.connectTimeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		b.link.drop()
		err := <-done
		return errors.Join(fmt.Errorf("no HELLO and READY from the gateway within %v", b.timing.connectTimeout), err)
	case <-ctx.Done():
		b.link.drop()
		<-done
		return ctx.Err()
	}
}

// fatalCode finds a fatal close code in err or among those the connections
// saw.
func (b *Bot) fatalCode(err error) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		b.closes.record(ce.Code)
	}
	return b.closes.get()
}

// supervise reconnects after every disconnect (op 7, op 9 left aside, which
// discordgo handles on the same connection; dropped sockets; missed
// heartbeats) with jittered back-off, until ctx is done or a fatal close
// code shows; it first waits out a pause for the IDENTIFY budget.
func (b *Bot) supervise(ctx context.Context, disconnected <-chan struct{}) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-disconnected:
		}
		if code := b.closes.get(); code != 0 {
			return FatalCloseError{Code: code}
		}
		if wait := b.link.paused(); wait > 0 {
			b.setStatus("paused")
			b.log.Warn("gateway connection paused for the IDENTIFY budget", "resumes_in", wait.Round(time.Second))
			if sleepCtx(ctx, wait) != nil {
				return nil
			}
		}
		b.setStatus("reconnecting")
		delay := reconnectFirst
		for {
			if ctx.Err() != nil {
				return nil
			}
			err := b.open(ctx)
			var fatal FatalCloseError
			if errors.As(err, &fatal) {
				return fatal
			}
			if err == nil {
				b.setStatus("connected")
				b.log.Info("reconnected to the Discord gateway")
				break
			}
			wait := jitter(delay)
			b.log.Warn("reconnecting to the Discord gateway failed", "error", err, "retry_in", wait.Round(time.Millisecond))
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

// drain stops taking interactions and waits for those in flight.
func (b *Bot) drain() {
	if !b.router.shutdown(b.grace) {
		b.log.Warn("interactions still in flight after the grace period were cancelled", "grace", b.grace)
	}
}

func (b *Bot) closeSession() {
	if err := b.session.Close(); err != nil {
		b.log.Warn("closing the gateway connection", "error", err)
	}
}

// applicationID is the bot's application, from the READY payload.
func (b *Bot) applicationID() string {
	st := b.session.State
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
