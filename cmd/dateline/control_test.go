package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/dateline-bot/dateline/control"
)

// TestCommandsWhileServeRuns runs `dateline serve` against the fake
// Discord, then the other commands on the same data directory from
// "another terminal": they are carried out by the server through its
// control socket (ingest, many queries at once, a removal the bot sees at
// once), with the same output and exit codes; with the server stopped they
// run by themselves again.
func TestCommandsWhileServeRuns(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	config := filepath.Join(dir, "dateline.toml")
	toml := fmt.Sprintf("data_dir = %q\n[discord]\nguild_ids = [%q]\nowner_guild_ids = [%q]\n[http]\nlisten = %q\n",
		data, discordtest.DefaultGuildID, discordtest.DefaultGuildID, freeAddr(t))
	if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p := startServe(t, ctx, config, fake, true)
	waitCtx, waitCancel := context.WithTimeout(ctx, 30*time.Second)
	defer waitCancel()
	if err := fake.WaitConnected(waitCtx); err != nil {
		t.Fatalf("serve did not connect: %v\nstderr:\n%s", err, p.stderr)
	}
	if err := fake.Wait(waitCtx, func() bool { _, err := os.Stat(control.Path(data)); return err == nil }); err != nil {
		t.Fatalf("no control socket: %v\nstderr:\n%s", err, p.stderr)
	}
	if info, err := os.Stat(control.Path(data)); err != nil || info.Mode().Perm() != 0o600 || info.Mode()&os.ModeSocket == 0 {
		t.Fatalf("control socket %v, %v; want a socket with permissions 0600", info.Mode(), err)
	}

	// Ingest, with a path relative to the client's directory.
	rel, err := filepath.Rel(mustGetwd(t), seedPath(t))
	if err != nil {
		t.Fatal(err)
	}
	if r := dateline(t, data, "", "ingest", rel); r.code != 0 || r.stdout != "added 1, duplicates 0, failed 0\n" {
		t.Fatalf("ingest through the socket: exit %d\nstdout %s\nstderr %s\nserve:\n%s", r.code, r.stdout, r.stderr, p.stderr)
	}
	if r := dateline(t, data, "", "ingest", "/no/such/file.txt"); r.code != 1 || !strings.Contains(r.stderr, "failed: /no/such/file.txt") {
		t.Errorf("a failed ingest through the socket: exit %d, stderr %s", r.code, r.stderr)
	}
	if r := dateline(t, data, "", "when", "--limit", "0", "x"); r.code != 2 || !strings.Contains(r.stderr, "usage: dateline when") {
		t.Errorf("a usage error through the socket: exit %d, stderr %s", r.code, r.stderr)
	}
	if r := dateline(t, data, "", "reindex"); r.code != 1 || !strings.Contains(r.stderr, "stop dateline serve") {
		t.Errorf("reindex while serve runs: exit %d, stderr %s", r.code, r.stderr)
	}

	// Many read-only commands at once: every one succeeds.
	const clients = 60
	var wg sync.WaitGroup
	failures := make(chan string, clients)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := []string{"when", "--json", "russia", "qamishli"}
			if i%2 == 1 {
				args = []string{"search", "--json", "hmeimim"}
			}
			r := dateline(t, data, "", args...)
			if r.code != 0 || !json.Valid([]byte(r.stdout)) || !strings.Contains(r.stdout, `"scope": "shared"`) {
				failures <- fmt.Sprintf("client %d: exit %d, stdout %.200s, stderr %s", i, r.code, r.stdout, r.stderr)
			}
		}()
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}

	// A removal from the terminal is what the bot answers from at once.
	var tl struct {
		Entries []struct {
			Article struct{ ID string } `json:"article"`
		} `json:"entries"`
	}
	r := dateline(t, data, "", "when", "--json", "hmeimim")
	if err := json.Unmarshal([]byte(r.stdout), &tl); err != nil || len(tl.Entries) == 0 {
		t.Fatalf("when: %v %s", err, r.stdout)
	}
	id := tl.Entries[0].Article.ID
	before, err := fake.Slash("when", discordtest.StringOption("query", "hmeimim")).Final(waitCtx)
	if err != nil || len(before.Embeds) == 0 {
		t.Fatalf("/when before the removal: %v", err)
	}
	if r := dateline(t, data, "", "remove", id); r.code != 0 || !strings.HasPrefix(r.stdout, "removed "+id) {
		t.Fatalf("remove through the socket: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	after, err := fake.Slash("when", discordtest.StringOption("query", "hmeimim")).Final(waitCtx)
	if err != nil || len(after.Embeds) != 0 || !strings.Contains(after.Content, "No dated passages") {
		t.Errorf("/when after the removal: %v %q, %d embeds", err, after.Content, len(after.Embeds))
	}
	if r := dateline(t, data, "", "audit", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"action": "remove"`) {
		t.Errorf("audit through the socket: %d %s %s", r.code, r.stdout, r.stderr)
	}

	p.stop(t)
	if _, err := os.Stat(control.Path(data)); !os.IsNotExist(err) {
		t.Errorf("the control socket is left behind after serve stopped: %v", err)
	}
	// Without a server the commands open the data directory themselves.
	if r := dateline(t, data, "", "restore", id); r.code != 0 || !strings.HasPrefix(r.stdout, "restored "+id) {
		t.Errorf("restore with serve stopped: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}
