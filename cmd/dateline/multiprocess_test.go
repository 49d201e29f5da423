package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/dateline-bot/dateline/store/postgres/pgtest"
)

// serveProcess is one `dateline serve` of a multi-process deployment.
type serveProcess struct {
	*served
	data, addr string
}

// TestThreeServeProcessesOnPostgres runs three `dateline serve` processes on
// one PostgreSQL store, each with its own data directory (its index
// replica), taking HTTP interactions from the fake Discord as a load
// balancer would hand them out:
//   - an article ingested through one process (its control socket) is
//     answered by the other two within 5 s;
//   - one process killed with SIGKILL: the others answer on, and a removal
//     made through one of them is seen by the other at once;
//   - a replica deleted while its process runs is rebuilt, and no answer
//     given meanwhile is wrong.
func TestThreeServeProcessesOnPostgres(t *testing.T) {
	url := pgtest.Start(t).NewDatabase(t)
	fake := discordtest.New(t, discordtest.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	procs := make([]serveProcess, 3)
	for i := range procs {
		dir := t.TempDir()
		p := serveProcess{data: filepath.Join(dir, "data"), addr: freeAddr(t)}
		config := filepath.Join(dir, "dateline.toml")
		toml := fmt.Sprintf("data_dir = %q\n[discord]\npublic_key = %q\n[http]\nlisten = %q\n[store]\nurl = %q\n",
			p.data, fake.PublicKey(), p.addr, url)
		if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
			t.Fatal(err)
		}
		p.served = startServe(t, ctx, config, fake, false)
		procs[i] = p
	}
	for i, p := range procs {
		waitReady(t, p, fmt.Sprintf("process %d", i))
	}

	// Through the first process: the command line hands the ingest to it.
	if r := dateline(t, procs[0].data, "", "ingest", seedPath(t)); r.code != 0 || !strings.Contains(r.stdout, "added 1") {
		t.Fatalf("ingest through process 0: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	added := time.Now()
	for i := 1; i < 3; i++ {
		waitAnswer(t, ctx, fake, procs[i], "hmeimim", true, 5*time.Second-time.Since(added))
	}
	t.Logf("an article ingested through process 0 was answered by processes 1 and 2 within %s", time.Since(added).Round(time.Millisecond))

	// Process 1 dies without a word; 0 and 2 carry on.
	if err := procs[1].cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-procs[1].exited
	id := articleID(t, procs[2].data, "hmeimim")
	if r := dateline(t, procs[2].data, "", "remove", id); r.code != 0 {
		t.Fatalf("remove through process 2: exit %d %s", r.code, r.stderr)
	}
	waitAnswer(t, ctx, fake, procs[0], "hmeimim", false, 5*time.Second)
	if r := dateline(t, procs[0].data, "", "restore", id); r.code != 0 {
		t.Fatalf("restore through process 0: exit %d %s", r.code, r.stderr)
	}
	waitAnswer(t, ctx, fake, procs[2], "hmeimim", true, 5*time.Second)

	// Process 2's replica is deleted under it: every answer meanwhile is
	// right, and the index is back.
	index := filepath.Join(procs[2].data, "index.bleve")
	if err := os.RemoveAll(index); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		// A right answer, or a plain "being rebuilt, try again": never none.
		msg := ask(t, ctx, fake, procs[2], "hmeimim")
		if len(msg.Embeds) == 0 && !strings.Contains(msg.Content, "being rebuilt") {
			t.Fatalf("while its index was rebuilt, process 2 answered /when hmeimim with %q", msg.Content)
		}
		if _, err := os.Stat(filepath.Join(index, "index_meta.json")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the deleted index was not rebuilt within 30 s\nstderr:\n%s", procs[2].stderr)
		}
	}
	if !strings.Contains(procs[2].stderr.String(), "rebuilding the index from the store") {
		t.Errorf("no rebuild in process 2's log:\n%s", procs[2].stderr)
	}
	for _, i := range []int{0, 2} {
		procs[i].stop(t)
	}
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("fake Discord saw violations:\n%s", strings.Join(v, "\n"))
	}
}

// waitReady waits until the process's /readyz says ready.
func waitReady(t *testing.T, p serveProcess, name string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		code, body := get("http://" + p.addr + "/readyz")
		if code == 200 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready: %d %s\nstderr:\n%s", name, code, body, p.stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// answerHas asks the process /when query over HTTP interactions and says
// whether the answer quotes anything.
func answerHas(t *testing.T, ctx context.Context, fake *discordtest.Server, p serveProcess, query string) bool {
	t.Helper()
	return len(ask(t, ctx, fake, p, query).Embeds) > 0
}

// ask sends the process /when query over HTTP interactions and returns its
// final answer.
func ask(t *testing.T, ctx context.Context, fake *discordtest.Server, p serveProcess, query string) *discordgo.Message {
	t.Helper()
	fake.SetInteractionsURL("http://" + p.addr + "/interactions")
	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	// Each question from another member: the bot's per-member rate limit
	// is not what this test is about.
	member := discordtest.AsMember(fmt.Sprint(300000000000000000+time.Now().UnixNano()%1e15), 0)
	msg, err := fake.Slash("when", discordtest.StringOption("query", query), member).Final(waitCtx)
	if err != nil {
		t.Fatalf("/when %s: %v\nstderr:\n%s", query, err, p.stderr)
	}
	return msg
}

// waitAnswer asks until the process's answer quotes something (want) or
// nothing (!want), within d.
func waitAnswer(t *testing.T, ctx context.Context, fake *discordtest.Server, p serveProcess, query string, want bool, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for answerHas(t, ctx, fake, p, query) != want {
		if time.Now().After(deadline) {
			t.Fatalf("/when %s at %s: not %v within %s\nstderr:\n%s", query, p.addr, want, d, p.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// articleID is the id of the first article `when --json query` finds.
func articleID(t *testing.T, data, query string) string {
	t.Helper()
	var tl struct {
		Entries []struct {
			Article struct{ ID string } `json:"article"`
		} `json:"entries"`
	}
	r := dateline(t, data, "", "when", "--json", query)
	if err := json.Unmarshal([]byte(r.stdout), &tl); err != nil || len(tl.Entries) == 0 {
		t.Fatalf("when %s: %v %s %s", query, err, r.stdout, r.stderr)
	}
	return tl.Entries[0].Article.ID
}
