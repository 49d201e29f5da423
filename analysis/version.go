package analysis

// Version names what Analyze computes: sentence and passage splitting,
// date mentions (timex) and credits. Any change to any of them that changes
// Analyze's output must bump it; TestVersion fails until it is bumped, and
// an app whose stored passages were computed under another version
// recomputes them on start (and rebuilds the index from them).
const Version = 4
