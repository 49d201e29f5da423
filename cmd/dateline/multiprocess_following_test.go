package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/dateline-bot/dateline/store/postgres/pgtest"
)

// Short periods for the process test: a feed polled every 2 s, leased for
// 6 s (longer than the 4 s fetch timeout, as the config demands), a digest
// every 2 s on the wall clock.
const (
	mpPollEvery = 2 * time.Second
	mpLease     = 6 * time.Second
)

// TestThreeServeProcessesFollowOnPostgres runs three `dateline serve`
// processes (gateway shards 0, 1 and 2 of 3) on one PostgreSQL store, all
// scheduling one server's digest every 2 s and polling one feed served on
// 127.0.0.1 every 2 s:
//   - the feed is fetched once per period, not once per process;
//   - the process holding the feed's lease is killed with SIGKILL in the
//     middle of a poll: another takes the feed over when the lease runs out,
//     and the item that poll was reading arrives;
//   - one digest per slot across the three: every slot posted is on the
//     schedule, the channel shows exactly the messages the claims record,
//     and every new item is announced in exactly one message (back-fill in
//     none).
func TestThreeServeProcessesFollowOnPostgres(t *testing.T) {
	url := pgtest.Start(t).NewDatabase(t)
	fake := discordtest.New(t, discordtest.Options{})
	feed := newCountingFeed(t)
	feed.add("Zero")                                 // back-fill: stored, never announced
	t.Setenv(testPollEveryEnv, mpPollEvery.String()) // inherited by the processes
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	procs := make([]serveProcess, 3)
	for i := range procs {
		dir := t.TempDir()
		p := serveProcess{data: filepath.Join(dir, "data"), addr: freeAddr(t)}
		config := filepath.Join(dir, "dateline.toml")
		toml := fmt.Sprintf("data_dir = %q\n[http]\nlisten = %q\n[store]\nurl = %q\n"+
			"[digest]\nschedule = \"*/2 * * * * *\"\nchannel_id = %q\n"+
			"[feeds]\nlease = %q\n[fetch]\nallow_private = true\ntimeout = \"4s\"\n",
			p.data, p.addr, url, discordtest.DefaultChannelID, mpLease.String())
		if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
			t.Fatal(err)
		}
		p.served = startServe(t, ctx, config, fake, true, "--shards", strconv.Itoa(i), "--shard-count", "3")
		procs[i] = p
	}
	for i, p := range procs {
		waitReady(t, p, fmt.Sprintf("process %d", i))
	}
	db, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())

	if r := dateline(t, procs[0].data, "", "feed", "add", feed.url()); r.code != 0 || !strings.Contains(r.stdout, "1 items stored as back-fill") {
		t.Fatalf("feed add through process 0: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Once per period: over 6 periods the feed is fetched about 6 times
	// by the three together, never 3 × 6.
	feed.add("Alpha")
	const periods = 6
	from := time.Now()
	waitFor(t, "an Alpha digest", 60*time.Second, func() bool { return countMentions(fake, "Alpha") > 0 }, procs)
	time.Sleep(time.Until(from.Add(periods * mpPollEvery))) // a window of polls to count, not a wait for an event
	n := feed.hitsBetween(from, from.Add(periods*mpPollEvery))
	t.Logf("the three processes fetched the feed %d times in %d periods", n, periods)
	if n > periods+1 || n < 2 {
		t.Errorf("fetched %d times in %d periods of %s by three processes, want one fetch a period", n, periods, mpPollEvery)
	}

	// SIGKILL the process polling the feed, while it waits for the feed.
	hung := feed.hangNext()
	feed.add("Charlie")
	killed := -1
	select {
	case <-hung:
	case <-time.After(60 * time.Second):
		t.Fatal("no poll of the feed within 60 s")
	}
	var owner string
	if err := db.QueryRow(ctx, `SELECT lease_owner FROM feeds WHERE url = $1`, feed.url()).Scan(&owner); err != nil {
		t.Fatal(err)
	}
	pid := leasePID(t, owner)
	for i, p := range procs {
		if p.cmd.Process.Pid == pid {
			killed = i
		}
	}
	if killed < 0 {
		t.Fatalf("the feed is leased to %q, none of the three processes", owner)
	}
	if err := procs[killed].cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-procs[killed].exited
	killedAt := time.Now()
	feed.release()
	waitFor(t, "a Charlie digest from the survivors", 60*time.Second, func() bool { return countMentions(fake, "Charlie") > 0 }, procs)
	t.Logf("process %d killed while polling; the feed moved on and its item was posted %s later",
		killed, time.Since(killedAt).Round(time.Millisecond))
	if feed.hitsBetween(killedAt, time.Now()) == 0 {
		t.Errorf("no survivor fetched the feed after process %d died", killed)
	}

	// Let the survivors post a few more slots, then stop them.
	var done0 int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM digest_runs WHERE state = 'done'`).Scan(&done0); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "two more digest slots", 30*time.Second, func() bool {
		var done int
		return db.QueryRow(ctx, `SELECT count(*) FROM digest_runs WHERE state = 'done'`).Scan(&done) == nil && done >= done0+2
	}, procs)
	for i, p := range procs {
		if i != killed {
			p.stop(t)
		}
	}
	checkDigestsOnce(t, ctx, db, fake)
	for _, item := range []string{"Alpha", "Charlie"} {
		if got := countMentions(fake, item); got != 1 {
			t.Errorf("item %s announced in %d messages, want 1", item, got)
		}
	}
	if got := countMentions(fake, "Zero"); got != 0 {
		t.Errorf("the back-filled item was announced in %d messages", got)
	}
	var stored int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM feed_items`).Scan(&stored); err != nil || stored != 3 {
		t.Errorf("feed items stored: %d (%v), want 3 (Zero, Alpha, Charlie once each)", stored, err)
	}
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("fake Discord saw violations:\n%s", strings.Join(v, "\n"))
	}
}

// checkDigestsOnce checks one digest per slot: every slot claimed is on
// the 2 s schedule, and the channel holds exactly the messages the claims
// recorded (a slot posted twice would show more).
func checkDigestsOnce(t *testing.T, ctx context.Context, db *pgx.Conn, fake *discordtest.Server) {
	t.Helper()
	rows, err := db.Query(ctx, `SELECT slot, state, sent FROM digest_runs ORDER BY slot`)
	if err != nil {
		t.Fatal(err)
	}
	var sent, posted int
	for rows.Next() {
		var slot time.Time
		var state string
		var n int
		if err := rows.Scan(&slot, &state, &n); err != nil {
			t.Fatal(err)
		}
		if slot.Nanosecond() != 0 || slot.Unix()%2 != 0 {
			t.Errorf("slot %s is not on the schedule */2 s", slot.Format(time.RFC3339Nano))
		}
		sent += n
		if n > 0 {
			posted++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	msgs := fake.ChannelMessages(discordtest.DefaultChannelID)
	t.Logf("%d digest messages in %d slots", len(msgs), posted)
	if len(msgs) != sent || posted == 0 {
		for _, m := range msgs {
			t.Logf("message: %q", m.Content)
		}
		t.Errorf("the channel shows %d messages, the claims record %d (in %d slots)", len(msgs), sent, posted)
	}
}

// countMentions is how many messages of the digest channel name item.
func countMentions(fake *discordtest.Server, item string) int {
	n := 0
	for _, m := range fake.ChannelMessages(discordtest.DefaultChannelID) {
		if strings.Contains(m.Content, itemTitle(item)) {
			n++
		}
	}
	return n
}

// waitFor polls cond until it holds, failing after d with the processes' logs.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool, procs []serveProcess) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			var logs strings.Builder
			for i, p := range procs {
				fmt.Fprintf(&logs, "--- process %d:\n%s\n", i, p.stderr)
			}
			t.Fatalf("no %s within %s\n%s", what, d, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// leasePID is the process id in a feed lease's owner ("host:pid:random").
func leasePID(t *testing.T, owner string) int {
	t.Helper()
	parts := strings.Split(owner, ":")
	if len(parts) < 3 {
		t.Fatalf("lease owner %q is not host:pid:random", owner)
	}
	pid, err := strconv.Atoi(parts[len(parts)-2])
	if err != nil {
		t.Fatalf("lease owner %q: %v", owner, err)
	}
	return pid
}

func itemTitle(item string) string { return "Harbour crane " + item + " returns" }

// countingFeed is an RSS feed on 127.0.0.1 whose items the test adds; it
// notes when each request came, and can hold a request until released (a
// poll in progress, to kill its process in the middle).
type countingFeed struct {
	srv *httptest.Server

	mu    sync.Mutex
	items []string
	hits  []time.Time
	hang  chan struct{} // closed when the first request after hangNext arrives
	held  chan struct{} // closed by release; requests wait on it meanwhile
}

func newCountingFeed(t *testing.T) *countingFeed {
	f := &countingFeed{}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	t.Cleanup(f.release) // a held request must not keep Close waiting
	return f
}

func (f *countingFeed) url() string { return f.srv.URL + "/rss.xml" }

func (f *countingFeed) add(item string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(f.items, item)
}

// hangNext holds every request from now until release; the channel closes
// when the first one arrives.
func (f *countingFeed) hangNext() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hang, f.held = make(chan struct{}), make(chan struct{})
	return f.hang
}

func (f *countingFeed) release() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.held != nil {
		close(f.held)
		f.held = nil
	}
}

func (f *countingFeed) hitsBetween(from, to time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, h := range f.hits {
		if !h.Before(from) && h.Before(to) {
			n++
		}
	}
	return n
}

func (f *countingFeed) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits = append(f.hits, time.Now())
	held := f.held
	if f.hang != nil {
		close(f.hang)
		f.hang = nil
	}
	f.mu.Unlock()
	if held != nil {
		select {
		case <-held:
		case <-r.Context().Done(): // the polling process died
			return
		}
	}
	f.mu.Lock()
	items := append([]string(nil), f.items...)
	f.mu.Unlock()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Port Bulletin</title>`)
	for i := len(items) - 1; i >= 0; i-- { // newest first, as feeds list them
		fmt.Fprintf(&b, `<item><title>%s</title><guid>%s</guid><description>The %s crane returned to service on 3 March 2026 after two weeks of repairs, the port authority said on Tuesday.</description></item>`,
			itemTitle(items[i]), items[i], items[i])
	}
	b.WriteString(`</channel></rss>`)
	w.Header().Set("Content-Type", "application/rss+xml")
	_, _ = w.Write([]byte(b.String()))
}
