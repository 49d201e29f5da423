package scheduler

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// run is one call of a job's Run, as a test sees it.
type run struct {
	slot time.Time
	at   time.Time // the clock when it ran
}

// recorder is a job's Run function that reports every call on a channel and
// fails the first fails calls.
type recorder struct {
	clock Clock
	runs  chan run
	mu    sync.Mutex
	fails int
}

func newRecorder(clock Clock, fails int) *recorder {
	return &recorder{clock: clock, runs: make(chan run, 16), fails: fails}
}

func (r *recorder) Run(_ context.Context, slot time.Time) error {
	r.runs <- run{slot: slot, at: r.clock.Now()}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails > 0 {
		r.fails--
		return errors.New("discord said no")
	}
	return nil
}

// startScheduler runs s until the test ends.
func startScheduler(t *testing.T, s *Scheduler) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
}

// waitRun waits for a run to be recorded, then for the scheduler to see it
// end: a slot due while its job still runs is skipped by design, so a test
// must not move the clock on before then.
func waitRun(t *testing.T, runs <-chan run, s *Scheduler) run {
	t.Helper()
	select {
	case r := <-runs:
		waitIdle(t, s)
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("no run")
		return run{}
	}
}

// waitIdle waits until no job of s is running.
func waitIdle(t *testing.T, s *Scheduler) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		s.mu.Lock()
		busy := false
		for _, e := range s.jobs {
			busy = busy || e.running
		}
		s.mu.Unlock()
		if !busy {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("a run did not end")
		}
	}
}

func noRun(t *testing.T, runs <-chan run) {
	t.Helper()
	select {
	case r := <-runs:
		t.Fatalf("unexpected run of slot %s", r.slot)
	default:
	}
}

// advanceTo waits for the scheduler to arm its timer for at (so it has
// finished with what came before), then moves the clock there.
func advanceTo(t *testing.T, c *ManualClock, at time.Time) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.WaitDeadline(ctx, at); err != nil {
		t.Fatal(err)
	}
	c.Set(at)
}

// TestRunsSlotsAcrossDST drives the loop with a manual clock through the
// spring and autumn changes in both zones: one run a day, at local time.
func TestRunsSlotsAcrossDST(t *testing.T) {
	tests := []struct {
		zone, spec, start string
		want              []string
	}{
		{"Europe/Berlin", "08:00", "2026-03-27T12:00:00Z",
			[]string{"2026-03-28T07:00:00Z", "2026-03-29T06:00:00Z", "2026-03-30T06:00:00Z"}},
		{"Europe/Berlin", "02:30", "2026-10-23T12:00:00Z",
			[]string{"2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}},
		{"America/New_York", "02:30", "2026-03-07T00:00:00Z",
			[]string{"2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"}},
		{"America/New_York", "23:30", "2026-10-31T12:00:00Z",
			[]string{"2026-11-01T03:30:00Z", "2026-11-02T04:30:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.spec, func(t *testing.T) {
			clock := NewManualClock(utc(tt.start))
			s := New(clock, nil)
			rec := newRecorder(clock, 0)
			sched, err := Parse(tt.spec, mustZone(t, tt.zone))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Set(Job{Name: "digest", Schedule: sched, Run: rec.Run}); err != nil {
				t.Fatal(err)
			}
			startScheduler(t, s)
			for _, w := range tt.want {
				advanceTo(t, clock, utc(w))
				r := waitRun(t, rec.runs, s)
				if !r.slot.Equal(utc(w)) || !r.at.Equal(r.slot) {
					t.Fatalf("ran slot %s at %s, want %s", r.slot.UTC(), r.at.UTC(), w)
				}
			}
		})
	}
}

func TestCatchUpAfterDowntime(t *testing.T) {
	daily, err := Parse("08:00", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		now        string
		catchUp    time.Duration
		wantRun    string // "" when no catch-up run
		wantMissed string // "" when Missed is not called
	}{
		{"a slot missed 2h ago runs once at start", "2026-05-01T10:00:00Z", 6 * time.Hour, "2026-05-01T08:00:00Z", ""},
		{"a slot missed 7h ago is skipped and told", "2026-05-01T15:00:00Z", 6 * time.Hour, "", "2026-05-01T08:00:00Z"},
		{"yesterday's slot before today's is skipped and told", "2026-05-01T07:00:00Z", 6 * time.Hour, "", "2026-04-30T08:00:00Z"},
		{"no catch-up configured", "2026-05-01T09:00:00Z", 0, "", "2026-05-01T08:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := NewManualClock(utc(tt.now))
			s := New(clock, nil)
			rec := newRecorder(clock, 0)
			missed := make(chan time.Time, 1)
			job := Job{Name: "digest", Schedule: daily, Run: rec.Run, CatchUp: tt.catchUp,
				Missed: func(_ context.Context, slot time.Time) { missed <- slot }}
			if err := s.Set(job); err != nil {
				t.Fatal(err)
			}
			startScheduler(t, s)
			if tt.wantRun != "" {
				if r := waitRun(t, rec.runs, s); !r.slot.Equal(utc(tt.wantRun)) || !r.at.Equal(utc(tt.now)) {
					t.Fatalf("caught up slot %s at %s", r.slot, r.at)
				}
			}
			if tt.wantMissed != "" {
				select {
				case slot := <-missed:
					if !slot.Equal(utc(tt.wantMissed)) {
						t.Fatalf("missed slot %s, want %s", slot, tt.wantMissed)
					}
				case <-time.After(10 * time.Second):
					t.Fatal("Missed was not called")
				}
			}
			// The next run is the next regular slot, once.
			want := daily.Next(utc(tt.now))
			advanceTo(t, clock, want)
			r := waitRun(t, rec.runs, s)
			if !r.slot.Equal(want) {
				t.Fatalf("next run slot %s, want %s", r.slot, want)
			}
			noRun(t, rec.runs)
			select {
			case slot := <-missed:
				t.Fatalf("Missed called again for %s", slot)
			default:
			}
		})
	}
}

func TestFailedRunIsRetriedWithBackOffWithinTheDay(t *testing.T) {
	daily, err := Parse("08:00", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	clock := NewManualClock(utc("2026-05-01T07:00:00Z"))
	s := New(clock, nil)
	rec := newRecorder(clock, 3)
	if err := s.Set(Job{Name: "digest", Schedule: daily, Run: rec.Run, RetryWithin: 24 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	startScheduler(t, s)
	slot := utc("2026-05-01T08:00:00Z")
	for i, wantAt := range []string{"2026-05-01T08:00:00Z", "2026-05-01T08:01:00Z", "2026-05-01T08:03:00Z", "2026-05-01T08:07:00Z"} {
		advanceTo(t, clock, utc(wantAt))
		r := waitRun(t, rec.runs, s)
		if !r.slot.Equal(slot) || !r.at.Equal(utc(wantAt)) {
			t.Fatalf("attempt %d: slot %s at %s, want %s", i, r.slot, r.at, wantAt)
		}
	}
	// Succeeded: the next run is tomorrow's slot.
	advanceTo(t, clock, utc("2026-05-02T08:00:00Z"))
	if r := waitRun(t, rec.runs, s); !r.slot.Equal(utc("2026-05-02T08:00:00Z")) {
		t.Fatalf("after success ran %s", r.slot)
	}
}

func TestRetriesStopBeforeTheNextSlot(t *testing.T) {
	every, err := Parse("*/5 * * * *", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	clock := NewManualClock(utc("2026-05-01T07:59:00Z"))
	s := New(clock, nil)
	rec := newRecorder(clock, 100)
	if err := s.Set(Job{Name: "j", Schedule: every, Run: rec.Run, RetryWithin: 24 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	startScheduler(t, s)
	// 08:00, retries at 08:01 and 08:03 (08:07 would pass the 08:05 slot), 08:05, 08:06.
	var slots []time.Time
	for _, at := range []string{"2026-05-01T08:00:00Z", "2026-05-01T08:01:00Z", "2026-05-01T08:03:00Z", "2026-05-01T08:05:00Z", "2026-05-01T08:06:00Z"} {
		advanceTo(t, clock, utc(at))
		slots = append(slots, waitRun(t, rec.runs, s).slot)
	}
	want := []string{"2026-05-01T08:00:00Z", "2026-05-01T08:00:00Z", "2026-05-01T08:00:00Z", "2026-05-01T08:05:00Z", "2026-05-01T08:05:00Z"}
	for i, w := range want {
		if !slots[i].Equal(utc(w)) {
			t.Fatalf("run %d slot %s, want %s (all: %v)", i, slots[i], w, slots)
		}
	}
}

func TestSetReplacesAndRemoveStops(t *testing.T) {
	clock := NewManualClock(utc("2026-05-01T07:00:00Z"))
	s := New(clock, nil)
	rec := newRecorder(clock, 0)
	eight, _ := Parse("08:00", time.UTC)
	nine, _ := Parse("09:00", time.UTC)
	if err := s.Set(Job{Name: "d", Schedule: eight, Run: rec.Run}); err != nil {
		t.Fatal(err)
	}
	startScheduler(t, s)
	if err := s.Set(Job{Name: "d", Schedule: nine, Run: rec.Run}); err != nil {
		t.Fatal(err)
	}
	if next, _ := s.Next("d"); !next.Equal(utc("2026-05-01T09:00:00Z")) {
		t.Fatalf("next after replacing = %s", next)
	}
	advanceTo(t, clock, utc("2026-05-01T09:00:00Z"))
	if r := waitRun(t, rec.runs, s); !r.slot.Equal(utc("2026-05-01T09:00:00Z")) {
		t.Fatalf("ran %s", r.slot)
	}
	s.Remove("d")
	if _, ok := s.Next("d"); ok {
		t.Fatal("removed job still scheduled")
	}
	clock.Advance(48 * time.Hour)
	noRun(t, rec.runs)
	if err := s.Set(Job{Name: "bad"}); err == nil {
		t.Fatal("a job without schedule was accepted")
	}
}

// TestRealCronRun runs one job on the real clock with a seconds-level spec.
func TestRealCronRun(t *testing.T) {
	every, err := Parse("* * * * * *", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	s := New(nil, nil)
	rec := newRecorder(RealClock{}, 0)
	start := time.Now()
	if err := s.Set(Job{Name: "tick", Schedule: every, Run: rec.Run}); err != nil {
		t.Fatal(err)
	}
	startScheduler(t, s)
	r := waitRun(t, rec.runs, s)
	if !r.slot.After(start) || r.slot.Nanosecond() != 0 || r.at.Before(r.slot) {
		t.Fatalf("slot %s ran at %s (start %s)", r.slot, r.at, start)
	}
}

func TestPanickingRunDoesNotStopTheScheduler(t *testing.T) {
	clock := NewManualClock(utc("2026-05-01T07:00:00Z"))
	s := New(clock, nil)
	hourly, _ := Parse("0 * * * *", time.UTC)
	rec := newRecorder(clock, 0)
	calls := 0
	job := Job{Name: "p", Schedule: hourly, Run: func(ctx context.Context, slot time.Time) error {
		calls++
		if calls == 1 {
			rec.runs <- run{slot: slot}
			panic("boom")
		}
		return rec.Run(ctx, slot)
	}}
	if err := s.Set(job); err != nil {
		t.Fatal(err)
	}
	startScheduler(t, s)
	advanceTo(t, clock, utc("2026-05-01T08:00:00Z"))
	waitRun(t, rec.runs, s)
	advanceTo(t, clock, utc("2026-05-01T09:00:00Z"))
	if r := waitRun(t, rec.runs, s); !r.slot.Equal(utc("2026-05-01T09:00:00Z")) {
		t.Fatalf("after the panic ran %s", r.slot)
	}
}
