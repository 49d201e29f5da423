package main

import (
	"strings"
	"testing"
)

// TestQueryUsageErrors: a query the one query parser refuses (filters and no
// words, a date it cannot read) is a usage error, exit 2, with the parser's
// reason and the command's usage.
func TestQueryUsageErrors(t *testing.T) {
	data := newDataDir(t)
	tests := []struct {
		args []string
		says string
	}{
		{[]string{"when", "outlet:Reuters"}, "no words to look for"},
		{[]string{"when", "since:2025-12"}, "no words to look for"},
		{[]string{"when", "--since", "2025-12", "--outlet", "Reuters"}, "no words to look for"},
		{[]string{"search", "outlet:Reuters"}, "no words to look for"},
		{[]string{"search", "--json", "when", "did"}, "no words to look for"},
		{[]string{"when", "--since", "blorp", "russia"}, `since: cannot read "blorp" as a date`},
		{[]string{"when", "russia", "until:blorp"}, `until: cannot read "blorp" as a date`},
	}
	for _, tt := range tests {
		r := dateline(t, data, "", tt.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.says) || !strings.Contains(r.stderr, "usage: dateline "+tt.args[0]) {
			t.Errorf("%q: code %d, stderr %q; want 2 and %q", tt.args, r.code, r.stderr, tt.says)
		}
		if r.stdout != "" {
			t.Errorf("%q: printed %q", tt.args, r.stdout)
		}
	}
}
