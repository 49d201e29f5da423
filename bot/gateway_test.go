package bot

import (
	"strings"
	"testing"
)

func TestCheckShards(t *testing.T) {
	for _, tt := range []struct {
		in      []Shard
		want    int // sessions
		wantErr string
	}{
		{nil, 1, ""},
		{[]Shard{{ID: 3, Count: 16}}, 1, ""},
		{[]Shard{{ID: 0, Count: 2}, {ID: 1, Count: 2}}, 2, ""},
		{[]Shard{{ID: 2, Count: 2}}, 0, "ids run from 0"},
		{[]Shard{{ID: 0, Count: 0}}, 0, "ids run from 0"},
		{[]Shard{{ID: 0, Count: 2}, {ID: 1, Count: 4}}, 0, "counts 2 and 4"},
		{[]Shard{{ID: 1, Count: 2}, {ID: 1, Count: 2}}, 0, "shard 1 twice"},
	} {
		got, err := checkShards(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("checkShards(%v) = %v, want an error with %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || len(got) != tt.want {
			t.Errorf("checkShards(%v) = %v, %v; want %d sessions", tt.in, got, err, tt.want)
		}
	}
}
