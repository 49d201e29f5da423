//go:build race

package bot

// raceEnabled: the race detector slows every goroutine several times over,
// so timings measured under it say nothing about Discord's deadlines.
const raceEnabled = true
