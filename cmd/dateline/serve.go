package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/bot"
	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/control"
)

// httpShutdownGrace bounds how long the HTTP listener waits for requests in
// flight when the process stops.
const httpShutdownGrace = 5 * time.Second

// runServe runs the Discord bot (gateway mode when a token is set, HTTP
// interactions when public_key is set, or both) and the HTTP listener
// (/healthz, /metrics, /interactions) until SIGINT/SIGTERM, then stops
// taking interactions, finishes those in flight, closes the index and the
// store, and returns nil (exit 0).
func runServe(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("serve")
	register := fs.Bool("register-commands", false, "send the slash-command definitions to Discord even if they did not change")
	shards := fs.String("shards", "", "the gateway shard `IDS` this process connects as (with --shard-count): one id such as 3, or a range such as 0-3 (one gateway session each)")
	shardCount := fs.Int("shard-count", 0, "how many gateway shards (`N`) the bot is split into (0: no sharding)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: serve takes no arguments", errUsage)
	}
	shardList, err := parseShards(*shards, *shardCount)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	cfg, err := c.config()
	if err != nil {
		return err
	}
	if cfg.Discord.Token == "" && cfg.Discord.PublicKey == "" {
		return errors.New("nothing to serve: set DISCORD_TOKEN (gateway mode) or [discord] public_key (HTTP interactions); see docs/operations.md")
	}
	logger := c.logger()

	engine, err := app.Open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() {
		if err := engine.Close(); err != nil {
			logger.Error("closing the data directory", "error", err)
		}
	}()
	pages, files := webFetchers(cfg.Fetch)
	defer pages.Close()
	defer files.Close()
	engine.UseWeb(pages, files)

	// Other dateline commands on this data directory are carried out here,
	// through the control socket, while the server holds the index.
	ctl, err := c.serveControl(cfg.DataDir, engine)
	if err != nil {
		return err
	}
	ctlDone := make(chan error, 1)
	go func() { ctlDone <- ctl.Serve() }()
	defer func() {
		if err := errors.Join(ctl.Close(), <-ctlDone); err != nil {
			logger.Error("closing the control socket", "error", err)
		}
	}()
	logger.Info("control socket ready", "path", control.Path(cfg.DataDir))
	// Removed articles past the retention period are purged hourly.
	purgeCtx, stopPurge := context.WithCancel(ctx)
	purgeDone := make(chan struct{})
	go func() {
		defer close(purgeDone)
		purgeEvery(purgeCtx, engine, time.Hour, logger)
	}()
	defer func() {
		stopPurge()
		<-purgeDone
	}()
	if *register {
		// Forget what was registered: the bot registers again on connecting.
		if err := engine.SetSetting(ctx, bot.CommandsHashKey, ""); err != nil {
			return err
		}
	}

	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics, err := bot.NewMetrics(registry)
	if err != nil {
		return err
	}
	if err := registerEngineMetrics(registry, engine); err != nil {
		return err
	}
	timed, err := newTimedEngine(registry, engine)
	if err != nil {
		return err
	}
	follow, err := newFollowMetrics(registry)
	if err != nil {
		return err
	}
	engine.Observe(follow)
	b, err := bot.New(bot.Options{
		Config:    cfg.Discord,
		Shards:    shardList,
		Settings:  engine,
		Engine:    timed,
		Following: engine,
		Pages:     engine.Pages(),
		Logger:    logger,
		Metrics:   metrics,
		Retention: cfg.Retention.Removed.Duration,
	})
	if err != nil {
		return err
	}
	engine.UseFetcher(newFeedFetcher(cfg), cfg.Feeds.PollEvery.Duration)
	stopFollowing := startFollowing(ctx, cfg, engine, b, logger)
	defer stopFollowing()

	listener, err := net.Listen("tcp", cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("http listener: %w", err)
	}
	server := &http.Server{
		Handler:           serveMux(b, engine, registry),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- server.Serve(listener) }()
	logger.Info("http listener started", "addr", listener.Addr().String(), "interactions", cfg.Discord.PublicKey != "")

	// Stop the HTTP listener as soon as the signal comes, so no new HTTP
	// interaction arrives while the bot finishes those in flight.
	stopHTTP := make(chan struct{})
	httpDone := make(chan struct{})
	go func() {
		defer close(httpDone)
		select {
		case <-ctx.Done():
		case <-stopHTTP:
		}
		shutdownCtx, cancel := context.WithTimeout(context.Background(), httpShutdownGrace)
		defer cancel()
		if err := server.Shutdown(shutdownCtx); err != nil {
			logger.Warn("http listener shutdown", "error", err)
		}
	}()

	// The index follows the store (changes other processes make) until
	// the bot has stopped.
	followCtx, stopFollowing := context.WithCancel(context.WithoutCancel(ctx))
	following := make(chan struct{})
	go func() { defer close(following); engine.Follow(followCtx, followPoll) }()

	runErr := b.Run(ctx)
	close(stopHTTP)
	<-httpDone
	stopFollowing()
	<-following
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(runErr, fmt.Errorf("http listener: %w", err))
	}
	if runErr != nil {
		return runErr
	}
	logger.Info("stopped cleanly")
	return nil
}

// startFollowing runs every schedule (each server's digest, the feed polls)
// beside the bot, and returns the function that stops it and waits. The
// configuration's [digest] channel_id turns the digest on for its server.
// Digests post as the bot, so they need the token.
func startFollowing(ctx context.Context, cfg config.Config, engine *app.App, b *bot.Bot, logger *slog.Logger) func() {
	var poster app.Poster
	if cfg.Discord.Token != "" {
		poster = b
	} else {
		logger.Warn("digests are not posted: they need the bot token (DISCORD_TOKEN)")
	}
	if ch := cfg.Digest.ChannelID; ch != "" && poster != nil {
		guild, err := b.ChannelGuild(ctx, ch)
		if err == nil {
			err = engine.EnsureDigestChannel(ctx, guild, ch)
		}
		if err != nil {
			logger.Error("digest.channel_id: the digest is not turned on", "channel", ch, "error", err)
		}
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := engine.Following(nil, poster, cfg.Digest.CatchUp.Duration).Run(runCtx); err != nil {
			logger.Error("schedules stopped", "error", err)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// purgeEvery does the hourly upkeep until ctx is done: it purges removed
// articles past the retention period and checks the index's files against
// their checksums (damage starts a rebuild while serving goes on).
func purgeEvery(ctx context.Context, engine *app.App, interval time.Duration, logger *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := engine.Purge(ctx); err != nil && ctx.Err() == nil {
				logger.Warn("purging removed articles", "error", err)
			}
			if err := engine.CheckIndex(); err != nil {
				logger.Error("the index is damaged; rebuilding it from the store", "error", err)
			}
		}
	}
}

// serveMux routes the HTTP listener: GET /healthz (alive), GET /readyz
// (store reachable, index caught up, Discord ready: 200, else 503),
// GET /metrics, and POST /interactions when the bot has a public key.
func serveMux(b *bot.Bot, engine *app.App, registry *prometheus.Registry) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"status": "ok", "discord": b.Status()})
	})
	mux.Handle("GET /readyz", readyHandler(engine, b.Status))
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{Registry: registry}))
	if h := b.InteractionsHandler(); h != nil {
		mux.Handle("POST /interactions", h)
	}
	return mux
}

// parseShards reads --shards and --shard-count: a shard id ("3") or a
// range of ids ("0-3") below the count, each a gateway session of this
// process; none when the bot is not sharded.
func parseShards(shards string, count int) ([]bot.Shard, error) {
	switch {
	case shards == "" && count == 0:
		return nil, nil
	case shards == "" || count <= 0:
		return nil, errors.New("--shards and --shard-count go together (e.g. --shards 0-3 --shard-count 16)")
	}
	from, to, isRange := strings.Cut(shards, "-")
	if !isRange {
		to = from
	}
	first, err1 := strconv.Atoi(from)
	last, err2 := strconv.Atoi(to)
	switch {
	case err1 != nil || err2 != nil || first < 0 || last < first:
		return nil, fmt.Errorf("--shards %q: want a shard id such as 3 or a range such as 0-3", shards)
	case last >= count:
		return nil, fmt.Errorf("--shards %q: shard ids run from 0 to %d with --shard-count %d", shards, count-1, count)
	}
	out := make([]bot.Shard, 0, last-first+1)
	for id := first; id <= last; id++ {
		out = append(out, bot.Shard{ID: id, Count: count})
	}
	return out, nil
}
