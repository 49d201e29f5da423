package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
)

// queryFlags are the flags `when` and `search` share.
type queryFlags struct {
	asJSON       bool
	limit        int
	since, until string
	outlet       string
	guild        string
}

// parseQueryArgs reads flags and words, and turns them into a Query with
// the one query parser the bot uses too; what it cannot read is a usage error.
func parseQueryArgs(name string, args []string, withDates bool, now time.Time) (answer.Query, queryFlags, error) {
	var qf queryFlags
	fs := newFlagSet(name)
	fs.BoolVar(&qf.asJSON, "json", false, "print one JSON object (the contract's shape) instead of text")
	fs.IntVar(&qf.limit, "limit", answer.DefaultLimit, "show at most `N` entries")
	fs.StringVar(&qf.outlet, "outlet", "", "only passages from the outlet `NAME` (as outlet:NAME in the query)")
	fs.StringVar(&qf.guild, "guild", "", "answer as the Discord server `ID` (its archive and the shared one)")
	if withDates {
		fs.StringVar(&qf.since, "since", "", "only events from `DATE` on: 2025-12-01, 2025-12, December 2025, \"last week\"…")
		fs.StringVar(&qf.until, "until", "", "only events up to `DATE` (same forms as --since)")
	}
	words, err := parseInterspersed(fs, args)
	if err != nil {
		return answer.Query{}, qf, err
	}
	if err := checkGuild(qf.guild); err != nil {
		return answer.Query{}, qf, err
	}
	if qf.limit < 1 {
		return answer.Query{}, qf, fmt.Errorf("%w: --limit must be at least 1", errUsage)
	}
	filters := answer.Filters{Since: qf.since, Until: qf.until, Outlet: qf.outlet}
	q, err := answer.ParseQuery(strings.Join(words, " "), filters, now)
	if err != nil {
		return answer.Query{}, qf, fmt.Errorf("%w: %v", errUsage, err)
	}
	q.Limit = qf.limit
	return q, qf, nil
}

func runWhen(ctx context.Context, c *cli, args []string) error {
	return runQuery(ctx, c, "when", args, true, (*app.App).When, printTimeline)
}

// runQuery runs a query command: read the query, open the data (or the
// sample), ask, and print the answer as JSON or for a person.
func runQuery[T any](ctx context.Context, c *cli, name string, args []string, withDates bool,
	ask func(*app.App, context.Context, app.Caller, answer.Query) (T, error), print func(*cli, T)) error {
	q, qf, err := parseQueryArgs(name, args, withDates, time.Now())
	if err != nil {
		return err
	}
	a, done, err := c.openForQuery(ctx)
	if err != nil {
		return err
	}
	defer done()
	caller := c.caller(qf.guild, "")
	res, err := ask(a, ctx, caller, q)
	if errors.Is(err, app.ErrIndexRebuilding) {
		// The index was found damaged and is being rebuilt from the store:
		// say so, wait for it, and answer.
		fmt.Fprintf(c.stderr, "dateline: %v; waiting for the rebuild…\n", app.ErrIndexRebuilding)
		if err := a.WaitIndex(ctx); err != nil {
			return err
		}
		res, err = ask(a, ctx, caller, q)
	}
	if err != nil {
		return err
	}
	if qf.asJSON {
		return writeJSON(c.stdout, res)
	}
	print(c, res)
	return nil
}

// printTimeline writes a timeline for a person: date column, quote, credit line.
func printTimeline(c *cli, tl answer.Timeline) {
	if tl.ReadAs != "" {
		fmt.Fprintf(c.stdout, "Read as: %s\n\n", tl.ReadAs)
	}
	if len(tl.Entries) == 0 {
		fmt.Fprintf(c.stdout, "No dated passages match %q.\n", tl.Query)
		return
	}
	const dateWidth = 22
	for _, e := range tl.Entries {
		printQuote(c, e.Label(), dateWidth, e.Quote)
		fmt.Fprintf(c.stdout, "%s— %s\n\n", strings.Repeat(" ", dateWidth+2), credit(e.Attribution, e.Article, e.AlsoIn))
	}
	fmt.Fprintln(c.stdout, countLine(len(tl.Entries), tl.Total, tl.TotalApprox, tl.Articles, "entries"))
}

// countLine is "10 of 37 entries from 12 articles"; with an approximate
// total, "10 of about 2345 entries (the 400 most relevant passages
// weighed)": the articles of the rest are not known.
func countLine(shown, total int, approx bool, articles int, noun string) string {
	if approx {
		return fmt.Sprintf("%d of %s %s (the %d most relevant passages weighed)", shown, answer.CountText(total, approx), noun, answer.Weighed)
	}
	return fmt.Sprintf("%d of %d %s from %d articles", shown, total, noun, articles)
}

// printQuote prints a quote wrapped at word boundaries, under a label
// column; a label wider than the column has a line of its own above.
func printQuote(c *cli, label string, width int, quote string) {
	if utf8.RuneCountInString(label) > width {
		fmt.Fprintln(c.stdout, label)
		label = ""
	}
	lines := wrap("“"+quote+"”", 78)
	for i, l := range lines {
		col := ""
		if i == 0 {
			col = label
		}
		fmt.Fprintf(c.stdout, "%-*s  %s\n", width, col, l)
	}
}

// credit is "who · outlet · "title", date" with syndicated outlets added.
func credit(who string, a answer.ArticleRef, also []answer.ArticleRef) string {
	var parts []string
	if who != "" {
		parts = append(parts, who)
	}
	outlets := a.Outlet
	for _, o := range also {
		if o.Outlet != "" && !strings.Contains(outlets, o.Outlet) {
			outlets += ", " + o.Outlet
		}
	}
	if outlets != "" {
		parts = append(parts, outlets)
	}
	title := fmt.Sprintf("%q", a.Title)
	if a.Published != "" {
		title += ", " + a.PublishedDay()
	}
	parts = append(parts, title)
	if a.URL != "" {
		parts = append(parts, a.URL)
	}
	parts = append(parts, "id "+a.ID)
	return strings.Join(parts, " · ")
}

// wrap cuts text into lines of at most width runes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	var cur []rune
	for _, w := range strings.Fields(text) {
		if len(cur) > 0 && len(cur)+1+len([]rune(w)) > width {
			lines = append(lines, string(cur))
			cur = cur[:0]
		}
		if len(cur) > 0 {
			cur = append(cur, ' ')
		}
		cur = append(cur, []rune(w)...)
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}
