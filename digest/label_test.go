package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
)

// TestPlannedEventsSaySo checks that the digest labels dates as every
// answer does (answer.DateRef.Label): a statement about the future as
// published is "expected", in Discord's messages and in the terminal.
func TestPlannedEventsSaySo(t *testing.T) {
	planned := entry("a1", "2026-03-14", "the port will reopen on 14 March")
	planned.Planned = true
	done := entry("a2", "2026-03-02", "the port closed on 2 March")
	arts := []Article{
		article("a1", "Port to reopen", "Wire", "2026-03-02", "The port will reopen on 14 March, officials said.", "port"),
		article("a2", "Port closed", "Wire", "2026-03-02", "The port closed on 2 March, officials said.", "port"),
	}
	d := Compose(Input{Topics: []string{"port"}, Articles: arts, Events: []answer.Entry{planned, done},
		Until: time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC)})
	for name, out := range map[string]string{"messages": strings.Join(Messages(d, time.UTC), "\n"), "text": Text(d, time.UTC)} {
		if !strings.Contains(out, "expected 14 Mar 2026") {
			t.Errorf("%s do not say the reopening is expected:\n%s", name, out)
		}
		if strings.Contains(out, "expected 2 Mar 2026") {
			t.Errorf("%s call a past event expected:\n%s", name, out)
		}
	}
}
