package store

import (
	"slices"
	"testing"
)

func TestSameArticles(t *testing.T) {
	tests := []struct {
		name        string
		same        []Same
		wantDup     string
		wantReplace []string
	}{
		{"nothing the same: added", nil, "", nil},
		{"a live copy in the server's archive", []Same{{"a1", "guild:1", true}}, "a1", nil},
		{"the shared archive's live copy is named first",
			[]Same{{"a1", "guild:1", true}, {"a2", "shared", true}}, "a2", nil},
		{"a live copy wins over a removed one", []Same{{"new", "guild:1", false}, {"a1", "guild:1", true}}, "a1", nil},
		{"a removed copy with the same id is replaced", []Same{{"new", "shared", false}}, "", []string{"new"}},
		{"a removed copy in the same scope is replaced", []Same{{"a1", "guild:1", false}}, "", []string{"a1"}},
		{"a removed copy in the shared archive stays for Restore", []Same{{"a2", "shared", false}}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dup, replace := SameArticles("new", "guild:1", tt.same)
			if dup != tt.wantDup || !slices.Equal(replace, tt.wantReplace) {
				t.Fatalf("SameArticles = %q, %v; want %q, %v", dup, replace, tt.wantDup, tt.wantReplace)
			}
		})
	}
}
