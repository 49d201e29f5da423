package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
)

func runSearch(ctx context.Context, c *cli, args []string) error {
	return runQuery(ctx, c, "search", args, false, (*app.App).Search, printResults)
}

func printResults(c *cli, res answer.Results) {
	if res.ReadAs != "" {
		fmt.Fprintf(c.stdout, "Read as: %s\n\n", res.ReadAs)
	}
	if len(res.Hits) == 0 {
		fmt.Fprintf(c.stdout, "No passages match %q.\n", res.Query)
		return
	}
	for i, h := range res.Hits {
		label := fmt.Sprintf("%d.", i+1)
		printQuote(c, label, 4, h.Quote)
		var dates []string
		for _, d := range h.Dates {
			dates = append(dates, d.Label())
		}
		if len(dates) == 0 {
			dates = append(dates, "no date in the text — published "+h.Article.PublishedDay())
		}
		fmt.Fprintf(c.stdout, "      — %s\n", credit(h.Attribution, h.Article, h.AlsoIn))
		if len(dates) > 0 {
			fmt.Fprintf(c.stdout, "      dates: %s\n", strings.Join(dates, "; "))
		}
		fmt.Fprintln(c.stdout)
	}
	fmt.Fprintln(c.stdout, countLine(len(res.Hits), res.Total, res.TotalApprox, res.Articles, "passages"))
}
