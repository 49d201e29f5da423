package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
)

// TestApproximateTotal checks that /when over more matches than an answer
// weighs says the archive-wide total as the command line does ("about N",
// answer.CountText), with pages that reach only the weighed entries.
func TestApproximateTotal(t *testing.T) {
	ctx := context.Background()
	engine, err := app.Open(ctx, config.Config{DataDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { engine.Close() })
	in := engine.NewIngester(app.Origin{Source: corpus.SourceFile, By: "test"})
	first := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const reports = 430
	for i := range reports {
		day := first.AddDate(0, 0, i)
		name := fmt.Sprintf("convoy-%03d.txt", i)
		text := fmt.Sprintf("Convoy report %d\n\n%s\n\nA convoy of %d trucks crossed the border on %s, officials said.\n",
			i, day.AddDate(0, 0, 1).Format(time.DateOnly), 10+i, day.Format("2 January 2006"))
		if err := in.Add(ctx, name, parse.Parse(name, []byte(text))); err != nil {
			t.Fatal(err)
		}
	}
	if err := in.Flush(ctx); err != nil || in.Report().Added != reports {
		t.Fatalf("ingest: %+v, %v", in.Report(), err)
	}
	tl, err := engine.When(ctx, app.Caller{}, answer.Query{Raw: "convoy", Terms: []string{"convoy"}})
	if err != nil {
		t.Fatal(err)
	}
	if tl.Total != reports || !tl.TotalApprox {
		t.Fatalf("engine: total %d (approximate %v), want %d (true)", tl.Total, tl.TotalApprox, reports)
	}

	h := startBot(t, engine, discordtest.Options{}, func(o *Options) { o.Now = (&testClock{t: testNow}).now })
	msg := final(t, h.fake.Slash("when", discordtest.StringOption("query", "convoy")))
	want := fmt.Sprintf("1–10 of %s passages · page 1 of 40", answer.CountText(tl.Total, tl.TotalApprox))
	if got := footer(msg); got != want {
		t.Errorf("footer %q, want %q", got, want)
	}
	if !strings.Contains(want, "about 430") {
		t.Errorf("footer %q does not say the approximate total", want)
	}
}
