package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenSampleRemakesABrokenCache: a sample cache left by another version
// of dateline (or damaged) is discarded and made again, not an error that
// stops the README's first command.
func TestOpenSampleRemakesABrokenCache(t *testing.T) {
	ctx := context.Background()
	cache := t.TempDir()
	dir := filepath.Join(cache, "dateline", "sample")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, DBFile), []byte("not a database, from some other version"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := OpenSample(ctx, cache, nil)
	if err != nil {
		t.Fatalf("OpenSample over a broken cache: %v", err)
	}
	defer a.Close()
	if n, err := a.Counts(ctx); err != nil || n == 0 {
		t.Fatalf("sample remade with %d articles, %v", n, err)
	}
}
