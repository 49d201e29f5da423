package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/bot/discordtest"
)

// lockedBuffer collects a subprocess's stderr while the test reads it.
type lockedBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{} // closed and replaced on every write
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.written != nil {
		close(l.written)
	}
	l.written = make(chan struct{})
	return l.b.Write(p)
}

// waitFor waits until the buffer holds substr, or ctx ends.
func (l *lockedBuffer) waitFor(ctx context.Context, substr string) error {
	for {
		l.mu.Lock()
		if l.written == nil {
			l.written = make(chan struct{})
		}
		found, written := strings.Contains(l.b.String(), substr), l.written
		l.mu.Unlock()
		if found {
			return nil
		}
		select {
		case <-written:
		case <-ctx.Done():
			return fmt.Errorf("waiting for %q: %w", substr, ctx.Err())
		}
	}
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// freeAddr returns a 127.0.0.1 address nothing listens on (just now).
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func get(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitForMetric reads url until its body holds want, or ctx ends; it returns
// the last status (0 when want never showed) and body.
func waitForMetric(ctx context.Context, url, want string) (int, string) {
	for {
		code, body := get(url)
		if code == 200 && strings.Contains(body, want) {
			return code, body
		}
		select {
		case <-ctx.Done():
			return 0, body
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestServeAnswersAndExitsZeroOnSIGTERM runs `dateline serve` as a process
// against the fake Discord: it connects, answers /help, serves /healthz and
// /metrics, and on SIGTERM stops cleanly with exit status 0, leaving the
// data directory usable by the next process.
func TestServeAnswersAndExitsZeroOnSIGTERM(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	dir := t.TempDir()
	addr := freeAddr(t)
	config := filepath.Join(dir, "dateline.toml")
	toml := fmt.Sprintf("data_dir = %q\n[discord]\nguild_ids = [%q]\n[http]\nlisten = %q\n",
		filepath.Join(dir, "data"), discordtest.DefaultGuildID, addr)
	if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p := startServe(t, ctx, config, fake, true)
	stderr := p.stderr

	waitCtx, waitCancel := context.WithTimeout(ctx, 20*time.Second)
	defer waitCancel()
	if err := fake.WaitConnected(waitCtx); err != nil {
		t.Fatalf("serve did not connect: %v\nstderr:\n%s", err, stderr)
	}
	msg, err := fake.Slash("help").Final(waitCtx)
	if err != nil || len(msg.Embeds) != 1 {
		t.Fatalf("/help: %v\nstderr:\n%s", err, stderr)
	}
	if code, body := get("http://" + addr + "/healthz"); code != 200 || !strings.Contains(body, `"discord":"connected"`) {
		t.Errorf("/healthz: %d %s", code, body)
	}
	// The answer reaches Discord before its outcome is counted: wait for
	// the counter rather than read it once (under load it lagged the
	// answer, and this test failed 4 times in 20).
	if code, body := waitForMetric(waitCtx, "http://"+addr+"/metrics", `dateline_interactions_total{command="help",outcome="ok"} 1`); code != 200 {
		t.Errorf("/metrics: %d, no help counter in:\n%s", code, body)
	}
	if code, body := get("http://" + addr + "/readyz"); code != 200 || !strings.Contains(body, `"ready":true`) {
		t.Errorf("/readyz: %d %s", code, body)
	}
	if _, body := get("http://" + addr + "/metrics"); !strings.Contains(body, "dateline_replica_lag_changes 0") ||
		!strings.Contains(body, "dateline_store_up 1") || !strings.Contains(body, "dateline_articles ") {
		t.Errorf("/metrics lacks the engine's gauges:\n%s", body)
	}

	p.stop(t)
	if strings.Contains(stderr.String(), "test-token") {
		t.Error("the token appeared in the log")
	}
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("fake Discord saw violations:\n%s", strings.Join(v, "\n"))
	}
	// The index lock was released: another command can open the data directory.
	if r := dateline(t, filepath.Join(dir, "data"), "", "reindex"); r.code != 0 {
		t.Errorf("data directory not usable after serve: exit %d, %s", r.code, r.stderr)
	}
}

// TestServeHTTPOnly runs `dateline serve` with a public key and no token:
// no gateway, interactions arrive as signed POSTs on the HTTP listener.
func TestServeHTTPOnly(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	dir := t.TempDir()
	addr := freeAddr(t)
	config := filepath.Join(dir, "dateline.toml")
	toml := fmt.Sprintf("data_dir = %q\n[discord]\npublic_key = %q\n[http]\nlisten = %q\n",
		filepath.Join(dir, "data"), fake.PublicKey(), addr)
	if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p := startServe(t, ctx, config, fake, false)
	stderr := p.stderr
	url := "http://" + addr + "/interactions"
	var err error
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err = fake.VerifyEndpoint(ctx, url); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("endpoint never verified: %v\nstderr:\n%s", err, stderr)
	}
	fake.SetInteractionsURL(url)
	waitCtx, waitCancel := context.WithTimeout(ctx, 10*time.Second)
	defer waitCancel()
	if msg, err := fake.Slash("help").Final(waitCtx); err != nil || len(msg.Embeds) != 1 {
		t.Fatalf("/help over HTTP: %v\nstderr:\n%s", err, stderr)
	}
	if code, body := get("http://" + addr + "/healthz"); code != 200 || !strings.Contains(body, `"discord":"http-only"`) {
		t.Errorf("/healthz: %d %s", code, body)
	}
	p.stop(t)
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("fake Discord saw violations:\n%s", strings.Join(v, "\n"))
	}
}

func TestServeNeedsTokenOrPublicKey(t *testing.T) {
	r := dateline(t, t.TempDir(), "", "serve")
	if r.code != 1 || !strings.Contains(r.stderr, "DISCORD_TOKEN") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// served is a running `dateline serve` process.
type served struct {
	cmd    *exec.Cmd
	exited chan error
	stderr *lockedBuffer
}

// startServe starts `dateline --config config serve args…` pointed at the
// fake Discord, with the fake's bot token when withToken is set (else none:
// HTTP interactions only). The process is killed at the end of the test if
// it is still running.
func startServe(t *testing.T, ctx context.Context, config string, fake *discordtest.Server, withToken bool, args ...string) *served {
	t.Helper()
	token := ""
	if withToken {
		token = strings.TrimPrefix(fake.Token(), "Bot ")
	}
	cmd := exec.CommandContext(ctx, binary, append([]string{"--config", config, "serve"}, args...)...)
	cmd.Env = append(os.Environ(), "DISCORD_TOKEN="+token, "DATELINE_DISCORD_API_URL="+fake.APIURL())
	p := &served{cmd: cmd, exited: make(chan error, 1), stderr: &lockedBuffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.exited <- cmd.Wait() }()
	// Killing a process that has already exited is a harmless error.
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return p
}

// stop sends SIGTERM and expects `dateline serve` to exit 0 within 20 s.
func (p *served) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.exited:
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM\nstderr:\n%s", err, p.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("serve still running 20 s after SIGTERM\nstderr:\n%s", p.stderr)
	}
}

// TestServeRegistersCommandsOnlyWhenAsked runs `dateline serve` three times
// on one data directory: the first start registers the slash commands, a
// restart with the same definitions does not, and --register-commands does.
func TestServeRegistersCommandsOnlyWhenAsked(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	dir := t.TempDir()
	config := filepath.Join(dir, "dateline.toml")
	toml := fmt.Sprintf("data_dir = %q\n[discord]\nguild_ids = [%q]\n[http]\nlisten = %q\n",
		filepath.Join(dir, "data"), discordtest.DefaultGuildID, freeAddr(t))
	if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, tt := range []struct {
		args []string
		log  string
		want int // overwrites so far
	}{
		{nil, "registered commands", 1},
		{nil, "definitions unchanged", 1},
		{[]string{"--register-commands"}, "registered commands", 2},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		p := startServe(t, ctx, config, fake, true, tt.args...)
		for deadline := time.Now().Add(20 * time.Second); !strings.Contains(p.stderr.String(), tt.log); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				cancel()
				t.Fatalf("run %d: no %q in the log:\n%s", i+1, tt.log, p.stderr)
			}
		}
		p.stop(t)
		cancel()
		if n := fake.BulkOverwrites(); n != tt.want {
			t.Errorf("run %d: %d overwrites so far, want %d", i+1, n, tt.want)
		}
	}
}

// TestServePostsTheDigest sets [digest] channel_id and a seconds-level
// schedule: serve finds the channel's server, turns its digest on and posts
// it through the fake Discord, with allowed_mentions empty.
func TestServePostsTheDigest(t *testing.T) {
	const channel = "700000000000000042"
	fake := discordtest.New(t, discordtest.Options{ChannelGuilds: map[string]string{channel: discordtest.DefaultGuildID}})
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if r := dateline(t, data, "", "ingest", seedPath(t)); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	config := filepath.Join(dir, "dateline.toml")
	toml := fmt.Sprintf("data_dir = %q\n[discord]\nguild_ids = [%q]\n[http]\nlisten = %q\n[digest]\nchannel_id = %q\nschedule = \"* * * * * *\"\n",
		data, discordtest.DefaultGuildID, freeAddr(t), channel)
	if err := os.WriteFile(config, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p := startServe(t, ctx, config, fake, true)
	waitCtx, waitCancel := context.WithTimeout(ctx, 30*time.Second)
	defer waitCancel()
	// Posted, and recorded as posted (the log line comes once the store says done).
	if err := p.stderr.waitFor(waitCtx, "digest posted"); err != nil || len(fake.ChannelMessages(channel)) == 0 {
		t.Fatalf("no digest posted: %v\nstderr:\n%s", err, p.stderr)
	}
	if msg := fake.ChannelMessages(channel)[0]; !strings.Contains(msg.Content, "Digest\\: 1 new article") || !strings.Contains(msg.Content, "Putin to host Syria") {
		t.Errorf("digest:\n%s", msg.Content)
	}
	p.stop(t)
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("fake Discord saw violations:\n%s", strings.Join(v, "\n"))
	}
}
