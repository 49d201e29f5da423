package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/control"
)

// localCommands never go through a running server: they do not touch the
// data directory (dates, version, help), or they are the server (serve).
var localCommands = []string{"serve", "dates", "version", "help", "-h", "--help", "-help"}

// serverRefuses are commands a running server will not carry out for a
// client, with the reason.
var serverRefuses = map[string]string{
	"serve":   "dateline serve is already running on this data directory",
	"reindex": "reindex replaces the index the running server answers from: stop dateline serve, reindex, then start it again",
}

// forward hands the command to the `dateline serve` running on the same
// data directory, when there is one, through its control socket: that
// process holds the index, so it carries out the command, with the same
// output and exit status. forwarded is false when no server answers, and
// the command runs here as usual.
func (c *cli) forward(ctx context.Context, rest []string) (code int, forwarded bool) {
	if c.engine != nil || slices.Contains(localCommands, rest[0]) {
		return 0, false
	}
	cfg, err := c.config()
	if err != nil {
		return 0, false // running it here reports the configuration error
	}
	cwd, err := os.Getwd()
	if err != nil {
		return 0, false
	}
	code, err = control.Run(ctx, cfg.DataDir, control.Request{Args: rest, Cwd: cwd}, c.stdout, c.stderr)
	switch {
	case errors.Is(err, control.ErrNoServer):
		return 0, false
	case err != nil:
		fmt.Fprintf(c.stderr, "dateline %s: %v\n", rest[0], err)
		return 1, true
	}
	return code, true
}

// serveControl answers the control socket of a running serve: each request
// runs its command against the server's own engine.
func (c *cli) serveControl(dir string, engine *app.App) (*control.Server, error) {
	return control.Listen(dir, func(ctx context.Context, req control.Request, stdout, stderr io.Writer) int {
		if why, refused := serverRefuses[req.Args[0]]; refused {
			fmt.Fprintf(stderr, "dateline %s: %s\n", req.Args[0], why)
			return 1
		}
		client := &cli{stdin: eofReader{}, stdout: stdout, stderr: stderr, getenv: c.getenv, global: c.global,
			cwd: req.Cwd, engine: engine}
		return client.dispatch(ctx, req.Args)
	})
}

// eofReader is the standard input of a command that came through the
// socket: none.
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
