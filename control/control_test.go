package control

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

func start(t *testing.T, dir string, h Handler) *Server {
	t.Helper()
	s, err := Listen(dir, h)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve() }()
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return s
}

func echo(ctx context.Context, req Request, stdout, stderr io.Writer) int {
	fmt.Fprintf(stdout, "args %s in %s\n", strings.Join(req.Args, " "), req.Cwd)
	fmt.Fprintln(stderr, "a warning")
	if req.Args[0] == "fail" {
		return 3
	}
	return 0
}

func TestRunThroughTheSocket(t *testing.T) {
	dir := t.TempDir()
	start(t, dir, echo)
	info, err := os.Stat(Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&os.ModeSocket == 0 || info.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v, want a socket with permissions 0600", info.Mode())
	}
	for _, tt := range []struct {
		args []string
		code int
	}{{[]string{"when", "x"}, 0}, {[]string{"fail"}, 3}} {
		var out, errOut bytes.Buffer
		code, err := Run(context.Background(), dir, Request{Args: tt.args, Cwd: "/home/u"}, &out, &errOut)
		if err != nil || code != tt.code {
			t.Fatalf("Run = %d, %v; want %d", code, err, tt.code)
		}
		if want := "args " + strings.Join(tt.args, " ") + " in /home/u\n"; out.String() != want || errOut.String() != "a warning\n" {
			t.Errorf("stdout %q stderr %q", out.String(), errOut.String())
		}
	}
}

func TestNoServer(t *testing.T) {
	dir := t.TempDir()
	if _, err := Run(context.Background(), dir, Request{Args: []string{"when"}}, io.Discard, io.Discard); !errors.Is(err, ErrNoServer) {
		t.Errorf("no socket: %v, want ErrNoServer", err)
	}
	// A socket left by a process that died: nothing answers on it.
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: Path(dir), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := Run(context.Background(), dir, Request{Args: []string{"when"}}, io.Discard, io.Discard); !errors.Is(err, ErrNoServer) {
		t.Errorf("stale socket: %v, want ErrNoServer", err)
	}
	// A new server replaces the stale socket.
	start(t, dir, echo)
	if code, err := Run(context.Background(), dir, Request{Args: []string{"when"}}, io.Discard, io.Discard); err != nil || code != 0 {
		t.Errorf("after replacing the stale socket: %d, %v", code, err)
	}
	if _, err := Listen(dir, echo); err == nil || !strings.Contains(err.Error(), "another dateline serve") {
		t.Errorf("a second server on a live socket: %v", err)
	}
}

func TestManyConcurrentCommandsAllSucceed(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	running, most := 0, 0
	release := make(chan struct{})
	var once sync.Once
	start(t, dir, func(ctx context.Context, req Request, stdout, stderr io.Writer) int {
		mu.Lock()
		running++
		most = max(most, running)
		full := running == maxConcurrent
		mu.Unlock()
		if full {
			once.Do(func() { close(release) }) // every slot taken at once: the rest must wait, not fail
		}
		select {
		case <-release:
		case <-ctx.Done():
			return 1
		}
		mu.Lock()
		running--
		mu.Unlock()
		fmt.Fprint(stdout, req.Args[0])
		return 0
	})
	const clients = 60
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out bytes.Buffer
			code, err := Run(context.Background(), dir, Request{Args: []string{fmt.Sprint(i)}}, &out, io.Discard)
			if err != nil || code != 0 || out.String() != fmt.Sprint(i) {
				errs <- fmt.Errorf("client %d: code %d, %v, out %q", i, code, err, out.String())
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if most > maxConcurrent {
		t.Errorf("%d commands ran at once, limit %d", most, maxConcurrent)
	}
}

func TestClientHangingUpCancelsTheCommand(t *testing.T) {
	dir := t.TempDir()
	started, cancelled := make(chan struct{}), make(chan struct{})
	start(t, dir, func(ctx context.Context, req Request, stdout, stderr io.Writer) int {
		close(started)
		<-ctx.Done()
		close(cancelled)
		return 1
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	if _, err := Run(ctx, dir, Request{Args: []string{"ingest"}}, io.Discard, io.Discard); !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want cancelled", err)
	}
	select {
	case <-cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("the command was not cancelled when its client left")
	}
}

func TestUnreadableRequest(t *testing.T) {
	dir := t.TempDir()
	start(t, dir, echo)
	conn, err := net.Dial("unix", Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "not json\n")
	reply, _ := io.ReadAll(conn)
	if !strings.Contains(string(reply), `"exit":2`) {
		t.Errorf("reply %q", reply)
	}
}
