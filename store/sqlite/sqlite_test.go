package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dateline-bot/dateline/store"
	"github.com/dateline-bot/dateline/store/storetest"
)

// openTemp opens a new store in a file of the test's own directory.
func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "dateline.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}
