package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/digest"
	"github.com/dateline-bot/dateline/scheduler"
	"github.com/dateline-bot/dateline/store"
)

// Digest runs: each server's settings, and posting each (server, slot)
// exactly once through the store's claims.

// digestLease is how long a claim protects a digest being posted: past it,
// the claim's owner is taken to have died and another may resume the post.
const digestLease = 10 * time.Minute

// firstDigestSpan is what a server's first digest covers.
const firstDigestSpan = 24 * time.Hour

// feedTick is how often the scheduler looks for feeds due for a poll; each
// feed keeps its own period (feeds.poll_every).
const feedTick = "@every 30s"

// ErrClaimedElsewhere is returned when another process is posting the slot;
// the scheduler retries, and the retry finds it done (or takes it over).
var ErrClaimedElsewhere = errors.New("another dateline process is posting this digest")

// Poster posts one message to a Discord channel with no mention parsed (the bot).
type Poster interface {
	PostMessage(ctx context.Context, channelID, content string) error
}

// SetDigestDefaults sets what servers' digests default to ([digest]).
func (a *App) SetDigestDefaults(d config.Digest) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.digestDefaults = d
}

func (a *App) defaults() config.Digest {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.digestDefaults
}

// DigestSettings returns a server's settings (false when it has none).
func (a *App) DigestSettings(ctx context.Context, guildID string) (store.DigestSettings, bool, error) {
	return a.store.DigestSettings(ctx, guildID)
}

// DigestSchedule is when a server's digest runs: its own schedule and zone,
// or the configuration's.
func (a *App) DigestSchedule(s store.DigestSettings) (scheduler.Schedule, error) {
	d, builtIn := a.defaults(), config.Default().Digest
	spec := firstOf(s.Schedule, d.Schedule, builtIn.Schedule)
	zone := firstOf(s.Timezone, d.Timezone, builtIn.Timezone)
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return scheduler.Schedule{}, fmt.Errorf("%w: %q is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)", ErrInvalid, zone)
	}
	sched, err := scheduler.Parse(spec, loc)
	if err != nil {
		return scheduler.Schedule{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return sched, nil
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// SetDigestSettings validates and stores a server's settings; a running
// scheduler applies them at once.
func (a *App) SetDigestSettings(ctx context.Context, s store.DigestSettings) error {
	if _, err := a.DigestSchedule(s); err != nil {
		return err
	}
	s.UpdatedAt = a.now().UTC()
	if err := a.store.SetDigestSettings(ctx, s); err != nil {
		return err
	}
	a.mu.Lock()
	onChange := a.onChange
	a.mu.Unlock()
	if onChange != nil {
		onChange(s)
	}
	return nil
}

// EnsureDigestChannel turns the digest on in channelID for guildID (the
// configuration's [digest] channel_id) unless the server has settings of
// its own, which win.
func (a *App) EnsureDigestChannel(ctx context.Context, guildID, channelID string) error {
	if _, ok, err := a.store.DigestSettings(ctx, guildID); err != nil || ok {
		return err
	}
	return a.SetDigestSettings(ctx, store.DigestSettings{GuildID: guildID, ChannelID: channelID, Enabled: true, UpdatedBy: "config"})
}

// DigestSince is where a server's next digest starts: its last posted slot
// before until, or a day before until for a first digest.
func (a *App) DigestSince(ctx context.Context, guildID string, until time.Time) (time.Time, error) {
	last, err := a.store.LastDigest(ctx, guildID, until)
	if err != nil || !last.IsZero() {
		return last, err
	}
	return until.Add(-firstDigestSpan), nil
}

// PostDigest posts the digest of (guild, slot) once: it claims the slot in
// the store, composes what the archive gained since the last posted slot,
// posts it message by message (recording each, so a process that takes over
// a dead one's claim resumes after the last message posted) and marks the
// slot done. A failed post marks it failed and returns the error: the
// scheduler retries.
// owner names the posting process in the claim.
func (a *App) PostDigest(ctx context.Context, guildID string, slot time.Time, owner string, poster Poster) error {
	s, ok, err := a.store.DigestSettings(ctx, guildID)
	if err != nil {
		return err
	}
	if !ok || !s.Enabled || s.ChannelID == "" {
		return nil
	}
	claim, err := a.store.ClaimDigest(ctx, guildID, slot, owner, a.now(), digestLease)
	switch {
	case err != nil:
		return err
	case claim.Done:
		return nil
	case !claim.Claimed:
		return ErrClaimedElsewhere
	}
	msgs, err := a.digestMessages(ctx, s, slot)
	if err == nil {
		err = a.post(ctx, s, slot, owner, msgs, claim.Sent, poster)
	}
	// Record the outcome even when ctx ended: the claim must not wait for its lease.
	finish := a.store.FinishDigest(context.WithoutCancel(ctx), guildID, slot, owner, err == nil, a.now())
	if err != nil {
		a.digestFinished(DigestFailed)
		return errors.Join(fmt.Errorf("digest of %s at %s: %w", guildID, slot.UTC().Format(time.RFC3339), err), finish)
	}
	switch {
	case finish != nil:
		a.digestFinished(DigestFailed)
	case len(msgs) == 0:
		a.digestFinished(DigestEmpty)
		a.log.Info("digest: nothing new, nothing posted", "guild", guildID, "slot", slot)
	default:
		a.digestFinished(DigestPosted)
		a.log.Info("digest posted", "guild", guildID, "slot", slot, "messages", len(msgs))
	}
	return finish
}

// digestMessages composes a slot's messages: the digest, one line for an
// empty day when the server asked for it, or none.
func (a *App) digestMessages(ctx context.Context, s store.DigestSettings, slot time.Time) ([]string, error) {
	since, err := a.DigestSince(ctx, s.GuildID, slot)
	if err != nil {
		return nil, err
	}
	d, err := a.Digest(ctx, s.GuildID, since, slot)
	if err != nil {
		return nil, err
	}
	sched, err := a.DigestSchedule(s)
	if err != nil {
		return nil, err
	}
	switch {
	case !d.Empty():
		return digest.Messages(d, sched.Location()), nil
	case s.PostEmpty:
		return []string{digest.EmptyLine(d, sched.Location())}, nil
	}
	return nil, nil
}

func (a *App) post(ctx context.Context, s store.DigestSettings, slot time.Time, owner string, msgs []string, from int, poster Poster) error {
	for i := from; i < len(msgs); i++ {
		if err := poster.PostMessage(ctx, s.ChannelID, msgs[i]); err != nil {
			return err
		}
		if err := a.store.DigestSent(context.WithoutCancel(ctx), s.GuildID, slot, owner, i+1); err != nil {
			return err
		}
	}
	return nil
}

// Following runs every schedule of a serving process: each server's digest
// and the feed polls.
type Following struct {
	app     *App
	sched   *scheduler.Scheduler
	poster  Poster
	catchUp time.Duration
	owner   string // this runner, in digest claims
}

// Following returns the runner of a's schedules on clock (nil: the real
// one), posting through poster; a slot missed within catchUp before the
// start is posted on start.
func (a *App) Following(clock scheduler.Clock, poster Poster, catchUp time.Duration) *Following {
	return &Following{app: a, sched: scheduler.New(clock, a.log), poster: poster, catchUp: catchUp, owner: newOwner()}
}

// Scheduler is the runner's scheduler (tests read its next slots).
func (f *Following) Scheduler() *scheduler.Scheduler { return f.sched }

// Run schedules every server's digest and the feed polls, and runs them
// until ctx ends; settings changed meanwhile apply at once.
func (f *Following) Run(ctx context.Context) error {
	a := f.app
	a.mu.Lock()
	a.onChange = func(s store.DigestSettings) { f.apply(s, 0) }
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.onChange = nil
		a.mu.Unlock()
	}()
	all, err := a.store.AllDigestSettings(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting
		}
		return err
	}
	for _, s := range all {
		f.apply(s, f.catchUp)
	}
	if f.poster == nil && len(all) > 0 {
		a.log.Warn("digests are not scheduled: nothing to post them with")
	}
	if a.poller != nil {
		tick, err := scheduler.Parse(feedTick, time.UTC)
		if err != nil {
			return err
		}
		if err := f.sched.Set(scheduler.Job{Name: "feeds", Schedule: tick,
			Run: func(ctx context.Context, _ time.Time) error { return a.PollFeeds(ctx) }}); err != nil {
			return err
		}
	}
	defer a.WaitFeeds()
	return f.sched.Run(ctx)
}

// apply (re)schedules one server's digest.
func (f *Following) apply(s store.DigestSettings, catchUp time.Duration) {
	a := f.app
	name := "digest " + s.GuildID
	if !s.Enabled || s.ChannelID == "" || f.poster == nil {
		f.sched.Remove(name)
		return
	}
	sched, err := a.DigestSchedule(s)
	if err != nil {
		a.log.Error("digest not scheduled: bad settings", "guild", s.GuildID, "error", err)
		f.sched.Remove(name)
		return
	}
	guild := s.GuildID
	job := scheduler.Job{
		Name:        name,
		Schedule:    sched,
		CatchUp:     catchUp,
		RetryWithin: 24 * time.Hour,
		Run: func(ctx context.Context, slot time.Time) error {
			return a.PostDigest(ctx, guild, slot, f.owner, f.poster)
		},
		Missed: func(ctx context.Context, slot time.Time) {
			last, err := a.store.LastDigest(ctx, guild, slot.Add(time.Nanosecond))
			if err == nil && !last.Equal(slot) {
				a.log.Warn("digest skipped: missed by more than digest.catch_up while dateline was down", "guild", guild, "slot", slot)
			}
		},
	}
	if err := f.sched.Set(job); err != nil {
		a.log.Error("digest not scheduled", "guild", guild, "error", err)
	}
}
