package main

import (
	"context"
	"fmt"
	"time"
)

// auditJSON is one entry of `audit --json`.
type auditJSON struct {
	At      string `json:"at"`
	Actor   string `json:"actor"`
	Guild   string `json:"guild"`
	Channel string `json:"channel"`
	Action  string `json:"action"`
	Target  string `json:"target"`
	Detail  string `json:"detail"`
	Origin  string `json:"origin"`
}

// runAudit prints the audit log, newest first: one server's with --guild
// (what /audit shows there), every entry without.
func runAudit(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("audit")
	asJSON := fs.Bool("json", false, "print one JSON array instead of text")
	limit := fs.Int("limit", 20, "show at most `N` entries")
	guild := fs.String("guild", "", "only the entries of the Discord server `ID` (what /audit shows there)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := checkGuild(*guild); err != nil {
		return err
	}
	if len(rest) > 0 || *limit < 1 {
		return fmt.Errorf("%w: audit takes no arguments, and --limit must be at least 1", errUsage)
	}
	a, done, err := c.openApp(ctx)
	if err != nil {
		return err
	}
	defer done()
	entries, err := a.AuditLog(ctx, c.caller(*guild, ""), *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]auditJSON, len(entries))
		for i, e := range entries {
			out[i] = auditJSON{At: e.At.Format(time.RFC3339), Actor: e.Actor, Guild: e.Guild, Channel: e.Channel,
				Action: e.Action, Target: e.Target, Detail: e.Detail, Origin: e.Origin}
		}
		return writeJSON(c.stdout, out)
	}
	if len(entries) == 0 {
		fmt.Fprintln(c.stdout, "The audit log is empty.")
		return nil
	}
	for _, e := range entries {
		where := "command line"
		if e.Guild != "" {
			where = "server " + e.Guild
			if e.Channel != "" {
				where += " #" + e.Channel
			}
		}
		fmt.Fprintf(c.stdout, "%s  %-7s %s  %q  by %s in %s", e.At.Format("2006-01-02 15:04:05"), e.Action, e.Target, e.Detail, e.Actor, where)
		if e.Origin != "" {
			fmt.Fprintf(c.stdout, " from %s", e.Origin)
		}
		fmt.Fprintln(c.stdout)
	}
	return nil
}
