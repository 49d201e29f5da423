// Package devdata finds the development data sets (TempEval-3, Wikinews,
// Reuters-21578) that live beside the repository in ../shared/data and are
// never part of it. Tests and benchmarks that use them skip when absent.
package devdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared data directory, or skips tb when there is none.
// It is ../shared/data beside the repository root, found by walking up
// from the working directory, so it is found from a clone and from a git
// worktree kept elsewhere alike; DATELINE_DEVDATA overrides it.
func Dir(tb testing.TB) string {
	tb.Helper()
	if dir := os.Getenv("DATELINE_DEVDATA"); dir != "" {
		return dir
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatalf("devdata: %v", err)
	}
	for {
		candidate := filepath.Join(dir, "shared", "data")
		if info, err := os.Stat(candidate); err == nil && info.IsDir() {
			return candidate
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("../shared/data is absent")
			return ""
		}
		dir = parent
	}
}

// Path returns a path inside the shared data directory, or skips tb when
// it does not exist.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	path := filepath.Join(append([]string{Dir(tb)}, elem...)...)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("%s is absent", path)
	}
	return path
}
