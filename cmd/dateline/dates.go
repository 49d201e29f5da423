package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dateline-bot/dateline/timex"
)

// maxDatesInput bounds what `dates` reads, like every other outside text.
const maxDatesInput = 10 << 20

// dateMention is the JSON shape of CONTRACTS.md for `dates --json`.
type dateMention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Type  string `json:"type"`
	Value string `json:"value"`
	Mod   string `json:"mod,omitempty"`
}

func runDates(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("dates")
	dctFlag := fs.String("dct", "", "resolve relative dates against the document creation time `YYYY-MM-DD` (default today)")
	asJSON := fs.Bool("json", false, "print one JSON array (the contract's shape) instead of text")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) > 1 {
		return fmt.Errorf("%w: at most one FILE", errUsage)
	}
	dct := time.Now().UTC().Truncate(24 * time.Hour)
	if *dctFlag != "" {
		if dct, err = time.Parse(time.DateOnly, *dctFlag); err != nil {
			return fmt.Errorf("%w: --dct %q is not YYYY-MM-DD", errUsage, *dctFlag)
		}
	}
	var in io.Reader = c.stdin
	name := "stdin"
	if len(files) == 1 {
		f, err := os.Open(files[0])
		if err != nil {
			return fmt.Errorf("open: %w", err)
		}
		defer f.Close()
		in, name = f, files[0]
	}
	text, err := io.ReadAll(io.LimitReader(in, maxDatesInput+1))
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	if len(text) > maxDatesInput {
		return fmt.Errorf("%s is larger than %d bytes", name, maxDatesInput)
	}
	mentions := timex.Find(string(text), dct)
	if *asJSON {
		out := make([]dateMention, len(mentions))
		for i, m := range mentions {
			out[i] = dateMention{m.Start, m.End, m.Text, string(m.Type), m.Value, m.Mod}
		}
		return writeJSON(c.stdout, out)
	}
	for _, m := range mentions {
		mod := ""
		if m.Mod != "" {
			mod = " mod=" + m.Mod
		}
		fmt.Fprintf(c.stdout, "%6d-%-6d %-8s %-14s%s  %q\n", m.Start, m.End, m.Type, m.Value, mod, m.Text)
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(rawWriter(w))
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
