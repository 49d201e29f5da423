// Package scheduler runs every schedule dateline keeps — the daily digests
// and the feed polls — on one loop, by a clock that tests can drive. It is
// the one importer of robfig/cron, which reads the specs and finds their
// next run; the loop, catch-up after downtime and retries are its own.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Job is work that runs on a Schedule. Run gets the slot: the moment the
// schedule named, not the moment the run began (they differ on catch-up and
// retries), so a slot can be claimed once in a store.
type Job struct {
	Name     string // unique among the scheduler's jobs; Set with the same name replaces
	Schedule Schedule
	Run      func(ctx context.Context, slot time.Time) error

	// CatchUp: when the job is added, a slot missed within this window
	// before now runs once at once (0: none).
	CatchUp time.Duration
	// Missed, when set, is told of the latest slot missed before the
	// catch-up window (within two days) when the job is added, so the
	// caller can say it was skipped.
	Missed func(ctx context.Context, slot time.Time)
	// RetryWithin: a failed run is retried with back-off (1 min, doubling,
	// at most an hour) while the retry falls within this long after its slot
	// and before the next slot (0: never retried).
	RetryWithin time.Duration
}

// missedHorizon is how far back a job's added look for a slot older than
// its catch-up window.
const missedHorizon = 48 * time.Hour

// Retry back-off bounds.
const (
	retryFirst = time.Minute
	retryMax   = time.Hour
)

// Scheduler runs jobs. Set and Remove may be called before and while Run runs.
type Scheduler struct {
	clock Clock
	log   *slog.Logger

	mu   sync.Mutex
	jobs map[string]*entry
	wake chan struct{}
	wg   sync.WaitGroup
}

// entry is a job and where it stands.
type entry struct {
	job     Job
	gen     int       // bumped by each Set, so a run of a replaced job leaves the new one alone
	next    time.Time // next slot; zero when the schedule has ended
	catchUp time.Time // a missed slot to run at once
	missed  time.Time // a slot to tell Missed about
	running bool

	retrySlot time.Time // slot of a failed run waiting for retryAt
	retryAt   time.Time
	attempts  int
}

// New returns a scheduler on clock (RealClock{} when nil) logging to logger.
func New(clock Clock, logger *slog.Logger) *Scheduler {
	if clock == nil {
		clock = RealClock{}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{clock: clock, log: logger, jobs: map[string]*entry{}, wake: make(chan struct{}, 1)}
}

// Set adds job, or replaces the job of the same name (its next slot is then
// computed anew from now; a run in progress finishes).
func (s *Scheduler) Set(job Job) error {
	if job.Name == "" || job.Run == nil || job.Schedule.IsZero() {
		return errors.New("scheduler: a job needs a name, a schedule and a run function")
	}
	now := s.clock.Now()
	s.mu.Lock()
	e, replacing := s.jobs[job.Name]
	if !replacing {
		e = &entry{}
		s.jobs[job.Name] = e
		s.addMissed(e, job, now)
	}
	e.job = job
	e.gen++
	e.next = job.Schedule.Next(now)
	e.retrySlot, e.retryAt, e.attempts = time.Time{}, time.Time{}, 0
	s.mu.Unlock()
	s.poke()
	return nil
}

// addMissed notes the slot a new job missed; s.mu is held.
func (s *Scheduler) addMissed(e *entry, job Job, now time.Time) {
	if job.CatchUp > 0 {
		e.catchUp = job.Schedule.Prev(now, job.CatchUp)
	}
	if e.catchUp.IsZero() && job.Missed != nil {
		if prev := job.Schedule.Prev(now, missedHorizon); !prev.IsZero() {
			e.missed = prev
		}
	}
}

// Remove drops the job named name; a run in progress finishes.
func (s *Scheduler) Remove(name string) {
	s.mu.Lock()
	delete(s.jobs, name)
	s.mu.Unlock()
	s.poke()
}

// Next is the next slot of the job named name, false when there is no such job.
func (s *Scheduler) Next(name string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.jobs[name]
	if !ok {
		return time.Time{}, false
	}
	return e.next, true
}

// poke wakes the loop to look at the jobs again.
func (s *Scheduler) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run runs the jobs until ctx ends, then waits for the runs in progress
// (which see ctx end) and returns nil.
func (s *Scheduler) Run(ctx context.Context) error {
	defer s.wg.Wait()
	for {
		next, ok := s.startDue(ctx)
		var fire <-chan time.Time
		var timer Timer
		if ok {
			timer = s.clock.TimerAt(next)
			fire = timer.C()
		}
		select {
		case <-ctx.Done():
			if timer != nil {
				timer.Stop()
			}
			return nil
		case <-s.wake:
		case <-fire:
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

// startDue starts every run that is due and returns when the next one is
// (false when nothing is scheduled).
func (s *Scheduler) startDue(ctx context.Context) (time.Time, bool) {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var earliest time.Time
	for _, e := range s.jobs {
		s.startEntry(ctx, e, now)
		for _, t := range []time.Time{e.next, e.retryAt} {
			if !t.IsZero() && (earliest.IsZero() || t.Before(earliest)) {
				earliest = t
			}
		}
	}
	if earliest.IsZero() {
		return time.Time{}, false
	}
	return earliest, true
}

// startEntry starts e's due work; s.mu is held.
func (s *Scheduler) startEntry(ctx context.Context, e *entry, now time.Time) {
	if !e.missed.IsZero() {
		slot, job := e.missed, e.job
		e.missed = time.Time{}
		s.goRun(func() { job.Missed(ctx, slot) })
	}
	var slot time.Time
	switch {
	case !e.catchUp.IsZero():
		slot, e.catchUp = e.catchUp, time.Time{}
	case !e.retryAt.IsZero() && !e.retryAt.After(now):
		slot, e.retryAt = e.retrySlot, time.Time{}
	case !e.next.IsZero() && !e.next.After(now):
		slot, e.next = e.next, e.job.Schedule.Next(now)
		e.attempts = 0
	default:
		return
	}
	if e.running {
		s.log.Warn("scheduled run skipped: the previous run of this job is still going", "job", e.job.Name, "slot", slot)
		return
	}
	e.running = true
	job, gen := e.job, e.gen
	s.goRun(func() {
		err := runSafely(ctx, job, slot)
		s.finished(job.Name, gen, slot, err)
	})
}

func (s *Scheduler) goRun(fn func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		fn()
	}()
}

// runSafely runs the job, turning a panic into an error: one bad run must
// not stop every schedule.
func runSafely(ctx context.Context, job Job, slot time.Time) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return job.Run(ctx, slot)
}

// finished records the end of a run and arms its retry when it failed.
func (s *Scheduler) finished(name string, gen int, slot time.Time, err error) {
	s.mu.Lock()
	defer s.poke()
	defer s.mu.Unlock()
	e, ok := s.jobs[name]
	if !ok {
		return
	}
	e.running = false
	if e.gen != gen {
		return // replaced meanwhile: the new job keeps its own state
	}
	if err == nil {
		e.attempts = 0
		return
	}
	if e.job.RetryWithin <= 0 {
		s.log.Error("scheduled run failed", "job", name, "slot", slot, "error", err)
		return
	}
	delay := min(retryFirst<<min(e.attempts, 10), retryMax)
	at := s.clock.Now().Add(delay)
	if at.After(slot.Add(e.job.RetryWithin)) || (!e.next.IsZero() && !at.Before(e.next)) {
		s.log.Error("scheduled run failed; no retry left for this slot", "job", name, "slot", slot, "attempts", e.attempts+1, "error", err)
		e.attempts = 0
		return
	}
	e.attempts++
	e.retrySlot, e.retryAt = slot, at
	s.log.Warn("scheduled run failed; retrying", "job", name, "slot", slot, "retry_at", at, "error", err)
}
