package scheduler

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// specParser reads five-field cron specs (minute hour day month weekday), an
// optional leading seconds field, and the descriptors (@daily, @every 15m).
var specParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour |
	cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Schedule says when a job runs: a cron spec read in a time zone.
//
// Calendar specs are evaluated on the wall clock of the zone, so daylight
// saving never skips nor doubles a day: a time the clocks skip (02:30 on the
// night they go forward) runs as many minutes after the change as it lies
// inside the gap (03:30), and a time that happens twice (02:30 on the night
// they go back) runs once, the first time. "@every" specs are intervals of
// real time and ignore the zone; their runs fall on multiples of the interval
// (every 15 minutes: :00, :15, :30, :45), not at a distance from a process's
// start, so processes sharing a store name the same slots and claim each once.
type Schedule struct {
	spec  string
	loc   *time.Location
	sched cron.Schedule
	every time.Duration // the interval of an "@every" spec; 0 for calendar specs
}

// Parse reads spec in the zone loc. A spec is a time of day ("08:00"), a cron
// spec with five fields ("0 8 * * *") or six (seconds first), or a descriptor
// ("@daily", "@every 15m"). The zone is given apart: a "TZ=" prefix is refused.
func Parse(spec string, loc *time.Location) (Schedule, error) {
	spec = strings.TrimSpace(spec)
	if loc == nil {
		return Schedule{}, errors.New("no time zone")
	}
	if spec == "" {
		return Schedule{}, errors.New("empty schedule")
	}
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return Schedule{}, fmt.Errorf("schedule %q: give the time zone apart, not in the spec", spec)
	}
	cronSpec, err := timeOfDay(spec)
	if err != nil {
		return Schedule{}, err
	}
	sched, err := specParser.Parse(cronSpec)
	if err != nil {
		return Schedule{}, fmt.Errorf("schedule %q is neither a time such as 08:00 nor a cron spec such as \"0 8 * * *\": %w", spec, err)
	}
	var every time.Duration
	if d, ok := sched.(cron.ConstantDelaySchedule); ok {
		every = d.Delay // cron rounds it to whole seconds, at least one
	}
	return Schedule{spec: spec, loc: loc, sched: sched, every: every}, nil
}

// timeOfDay turns "HH:MM" into the cron spec "MM HH * * *"; anything without
// a colon is returned as it is.
func timeOfDay(spec string) (string, error) {
	h, m, ok := strings.Cut(spec, ":")
	if !ok || strings.Contains(spec, " ") {
		return spec, nil
	}
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || len(m) != 2 || hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return "", fmt.Errorf("time %q: want HH:MM between 00:00 and 23:59", spec)
	}
	return fmt.Sprintf("%d %d * * *", minute, hour), nil
}

// String is the spec as given.
func (s Schedule) String() string { return s.spec }

// Location is the zone the spec is read in.
func (s Schedule) Location() *time.Location { return s.loc }

// IsZero reports whether s was never parsed.
func (s Schedule) IsZero() bool { return s.sched == nil }

// Next is the first run strictly after t, or the zero time when the spec
// never runs again (e.g. 30 February).
func (s Schedule) Next(t time.Time) time.Time {
	if s.every > 0 {
		return t.Truncate(s.every).Add(s.every)
	}
	wall := wallClock(t.In(s.loc))
	for range 1000 { // each step moves at least one wall-clock second forward
		wall = s.sched.Next(wall)
		if wall.IsZero() {
			return time.Time{}
		}
		if at := instant(wall, s.loc); at.After(t) {
			return at
		}
	}
	return time.Time{}
}

// Prev is the latest run at or before t and after t-window, or the zero time
// when there is none.
func (s Schedule) Prev(t time.Time, window time.Duration) time.Time {
	var last time.Time
	for at := s.Next(t.Add(-window)); !at.IsZero() && !at.After(t); at = s.Next(at) {
		last = at
	}
	return last
}

// wallClock is t's clock reading in its zone, as the same reading in UTC (a
// zone without daylight saving, where cron arithmetic is plain).
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// instant is the earliest moment whose clock reading in loc is wall; a reading
// the clocks skip is read with the offset in force before the change, which
// lands as far past the change as the reading lies inside the gap.
func instant(wall time.Time, loc *time.Location) time.Time {
	probe := wall.Add(-12 * time.Hour).In(loc)
	_, before := probe.Zone()
	_, after := wall.Add(12 * time.Hour).In(loc).Zone()
	var best time.Time
	for _, off := range []int{before, after} {
		at := wall.Add(-time.Duration(off) * time.Second)
		if wallClock(at.In(loc)).Equal(wall) && (best.IsZero() || at.Before(best)) {
			best = at
		}
	}
	if best.IsZero() {
		best = wall.Add(-time.Duration(before) * time.Second)
	}
	return best.In(loc)
}
