// Package bot puts dateline in Discord: slash-command definitions and their
// registration, one router that acknowledges, recovers and checks permissions
// for every interaction, rendering of answers to embeds and buttons within
// Discord's limits, the gateway connection and the HTTP interactions
// endpoint. It is the only package that imports discordgo.
package bot

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

// Engine is what the bot asks questions of: the same engine the command line
// uses (*app.App satisfies it).
// Every call names its caller (the server, channel and user), and the
// engine answers from the archives that server sees.
type Engine interface {
	When(ctx context.Context, c app.Caller, q answer.Query) (answer.Timeline, error)
	Search(ctx context.Context, c app.Caller, q answer.Query) (answer.Results, error)
	// Article returns app.ErrNotFound when there is no such article (in
	// the archives the caller sees).
	Article(ctx context.Context, c app.Caller, id string) (corpus.Article, error)
	Remove(ctx context.Context, c app.Caller, id string) (corpus.Article, error)
	Suggest(ctx context.Context, c app.Caller, prefix string, n int) ([]string, error)
	// Restore brings back an article the caller's server removed.
	Restore(ctx context.Context, c app.Caller, id string) (corpus.Article, error)
	// AuditLog is the caller's server's audit log, newest first.
	AuditLog(ctx context.Context, c app.Caller, limit int) ([]store.AuditEntry, error)
	// AddURL, AddFile and AddForm add to the caller's server's archive;
	// their refusals (app.ErrRefused, *app.DuplicateError) say why.
	AddURL(ctx context.Context, c app.Caller, url, date string) (app.Added, error)
	AddFile(ctx context.Context, c app.Caller, name, url string, size int64, date string) (app.FileResult, error)
	AddForm(ctx context.Context, c app.Caller, f app.Form) (app.Added, error)
}

// Shard is one gateway shard of a bot split into Count shards: guilds
// whose (id >> 22) % Count == ID reach this shard's gateway session.
type Shard struct {
	ID, Count int
}

// Options configure a Bot. Engine and Config are required; the rest have
// defaults.
type Options struct {
	Config config.Discord
	// Shards are the gateway shards this process connects as, one session
	// each, all of the same Count (none: one session, no sharding). Only
	// the process holding shard 0 registers the slash commands.
	Shards   []Shard
	Settings Settings // remembers the registered commands' hash; nil: always overwrite
	Engine   Engine
	// Following serves /settings, /track, /feed and /digest; nil leaves
	// them answering that they are not enabled.
	Following Following
	// Pages keeps the state of Previous/Next buttons: dateline serve gives
	// the store of record, so any process sharing it answers a button and
	// buttons outlive restarts; nil keeps it in this process's memory.
	Pages   store.Pages
	Logger  *slog.Logger
	Metrics *Metrics // nil: no metrics
	// Retention is how long removed articles stay restorable, as told to
	// admins; default app.DefaultRetention.
	Retention time.Duration

	Now        func() time.Time // default time.Now
	DeferAfter time.Duration    // acknowledge with a defer when no answer by then; default 1.5 s
	PageTTL    time.Duration    // how long Previous/Next keep working; default 15 min
	Grace      time.Duration    // how long shutdown waits for interactions in flight; default 5 s

	// Each user may send UserBurst commands and clicks at once, then one
	// every UserRefill (defaults 5 and 3 s); faster ones get a polite
	// "try again in N seconds".
	UserBurst  int
	UserRefill time.Duration

	// extraCommands are offered after the bot's own: tests use it to prove
	// that a command needs no edit outside its own file.
	extraCommands []command
	// timing replaces the gateway watchdog's clocks (tests).
	timing *gatewayTiming
}

// Defaults.
const (
	defaultDeferAfter = 1500 * time.Millisecond
	defaultPageTTL    = 15 * time.Minute
	defaultGrace      = 5 * time.Second
)

// Bot is a configured Discord bot; Run connects it.
type Bot struct {
	cfg      config.Discord
	settings Settings
	log      *slog.Logger
	gateways []*gateway  // one per shard; the first also serves discordgo's REST calls
	rest     *restClient // interaction answers and channel posts
	router   *router
	pubKey   ed25519.PublicKey // nil unless HTTP interactions are enabled
	now      func() time.Time
	grace    time.Duration
	timing   gatewayTiming
	metrics  *Metrics

	mu     sync.Mutex
	status string // for /healthz; "" while the shards' statuses say it
}

// New prepares a bot: the REST client pointed at api_url, the gateway dialer
// and the router with every command. It does not connect.
func New(opts Options) (*Bot, error) {
	if opts.Engine == nil {
		return nil, errors.New("bot: no engine")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.DeferAfter <= 0 {
		opts.DeferAfter = defaultDeferAfter
	}
	if opts.PageTTL <= 0 {
		opts.PageTTL = defaultPageTTL
	}
	if opts.Grace <= 0 {
		opts.Grace = defaultGrace
	}
	b := &Bot{
		cfg:      opts.Config,
		settings: opts.Settings,
		log:      opts.Logger,
		now:      opts.Now,
		grace:    opts.Grace,
		metrics:  opts.Metrics,
		status:   "starting",
	}
	if opts.Config.PublicKey != "" {
		key, err := hex.DecodeString(strings.TrimSpace(opts.Config.PublicKey))
		if err != nil || len(key) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("bot: discord.public_key must be %d hex-encoded bytes", ed25519.PublicKeySize)
		}
		b.pubKey = ed25519.PublicKey(key)
	}
	b.timing = defaultGatewayTiming
	if opts.timing != nil {
		b.timing = *opts.timing
	}
	shards, err := checkShards(opts.Shards)
	if err != nil {
		return nil, err
	}
	for _, shard := range shards {
		g, err := newGateway(opts.Config, shard, b.log, b.timing, opts.Metrics)
		if err != nil {
			return nil, err
		}
		b.gateways = append(b.gateways, g)
	}
	if opts.Retention <= 0 {
		opts.Retention = app.DefaultRetention
	}
	rest, err := newRESTClient(opts.Config.APIURL, botToken(opts.Config), opts.Metrics)
	if err != nil {
		return nil, err
	}
	b.rest = rest
	d := deps{
		engine:    opts.Engine,
		following: opts.Following,
		pages:     newPageStore(opts.Pages, opts.PageTTL, opts.Now),
		retention: formatDays(opts.Retention),
	}
	b.router = newRouter(routerConfig{
		rest:       rest,
		commands:   commandSet(d, opts.extraCommands...),
		owners:     opts.Config.OwnerGuildIDs,
		pages:      d.pages,
		adminRoles: opts.Config.AdminRoleIDs,
		log:        opts.Logger,
		metrics:    opts.Metrics,
		now:        opts.Now,
		deferAfter: opts.DeferAfter,
		userBurst:  opts.UserBurst,
		userRefill: opts.UserRefill,
	})
	return b, nil
}

// deps is what commands need from the bot.
type deps struct {
	engine    Engine
	following Following // nil when not enabled
	pages     *pageStore
	retention string // how long removed articles stay restorable, as said to admins
}

// Status says how the bot is connected, for /healthz: with several shards,
// "connected" once every shard is, else the first other shard's status.
func (b *Bot) Status() string {
	b.mu.Lock()
	status := b.status
	b.mu.Unlock()
	if status != "" {
		return status
	}
	for _, g := range b.gateways {
		if s := g.getStatus(); s != "connected" {
			return s
		}
	}
	return "connected"
}

func (b *Bot) setStatus(s string) {
	b.mu.Lock()
	b.status = s
	b.mu.Unlock()
}

// formatDays writes 720h as "30 days".
func formatDays(d time.Duration) string {
	if d >= 48*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	}
	return d.String()
}
