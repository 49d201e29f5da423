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
// gateway discovery), reports gateway close codes to onClose, asks for the
// Guilds intent only (interactions need no other), and leaves reconnection
// to the bot's supervisor so that fatal close codes can stop it.
func newSession(cfg config.Discord, onClose func(code int)) (*discordgo.Session, error) {
	token := strings.TrimSpace(cfg.Token)
	if token != "" && !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	transport, err := newAPITransport(cfg.APIURL, http.DefaultTransport)
	if err != nil {
		return nil, err
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: transport}
	s.Dialer = newGatewayDialer(onClose, nil)
	s.Identify.Intents = discordgo.IntentsGuilds
	s.ShouldReconnectOnError = false
	s.StateEnabled = false
	s.LogLevel = discordgo.LogError
	return s, nil
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
	defer removeDisconnect()
	defer removeInteractions()

	b.setStatus("connecting")
	if err := b.open(); err != nil {
		b.setStatus("stopped")
		return err
	}
	b.setStatus("connected")
	b.log.Info("connected to the Discord gateway")
	if err := b.registerCommands(ctx); err != nil && ctx.Err() == nil {
		// Not fatal: the commands registered last time still work, and the
		// hash was not updated, so the next start tries again.
		b.log.Error("could not register the slash commands", "error", err)
	}
	err := b.supervise(ctx, disconnected)
	b.drain()
	b.closeSession()
	b.setStatus("stopped")
	return err
}

// open opens the gateway once, turning a fatal close code into a
// FatalCloseError.
func (b *Bot) open() error {
	err := b.session.Open()
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
// heartbeats) with back-off, until ctx is done or a fatal close code shows.
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
		b.setStatus("reconnecting")
		delay := reconnectFirst
		for {
			if ctx.Err() != nil {
				return nil
			}
			err := b.open()
			var fatal FatalCloseError
			if errors.As(err, &fatal) {
				return fatal
			}
			if err == nil {
				b.setStatus("connected")
				b.log.Info("reconnected to the Discord gateway")
				break
			}
			b.log.Warn("reconnecting to the Discord gateway failed", "error", err, "retry_in", delay)
			if sleepCtx(ctx, delay) != nil {
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
