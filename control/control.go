// Package control is the local control socket of a running `dateline
// serve`: a unix socket in the data directory (permissions 0600, no network
// port) through which the other dateline commands on that data directory
// are carried out by the one process that owns the index. A request is the
// command's arguments and working directory; the answer streams back the
// command's stdout and stderr, then its exit status.
package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// SocketName is the socket's file name in the data directory.
const SocketName = "control.sock"

// Limits on what a client may send, and on how many commands run at once
// (more wait their turn: a read-only command is never refused).
const (
	maxRequestBytes = 1 << 20
	maxConcurrent   = 16
)

// Request is one command to run.
type Request struct {
	Args []string `json:"args"` // the command and its arguments, without the global flags
	Cwd  string   `json:"cwd"`  // the client's working directory, for relative paths
}

// frame is one message of the answer: output, or the final exit status.
type frame struct {
	Stream string `json:"stream,omitempty"` // "stdout" or "stderr"
	Data   string `json:"data,omitempty"`
	Exit   *int   `json:"exit,omitempty"`
}

// Handler runs one command, writing its output, and returns its exit
// status. ctx is cancelled when the client goes away or the server stops.
type Handler func(ctx context.Context, req Request, stdout, stderr io.Writer) int

// Server answers requests on the socket.
type Server struct {
	path    string
	ln      *net.UnixListener
	handler Handler
	slots   chan struct{}
	wg      sync.WaitGroup
	cancel  context.CancelFunc
	ctx     context.Context
}

// Path is the socket of the data directory dir.
func Path(dir string) string { return filepath.Join(dir, SocketName) }

// Listen creates the socket in dir. It is created under a temporary name,
// made 0600 and only then renamed into place, so no other user can ever
// connect to it. A socket left by a process that died is replaced; one a
// live server answers on is an error.
func Listen(dir string, h Handler) (*Server, error) {
	path := Path(dir)
	if conn, err := net.Dial("unix", path); err == nil {
		conn.Close()
		return nil, fmt.Errorf("control socket %s: another dateline serve is answering on it", path)
	}
	tmp := filepath.Join(dir, fmt.Sprintf(".%s.%d", SocketName, os.Getpid()))
	os.Remove(tmp)
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: tmp, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	ln.SetUnlinkOnClose(false) // it is renamed: Close removes it by its final name
	if err := os.Chmod(tmp, 0o600); err != nil {
		ln.Close()
		os.Remove(tmp)
		return nil, fmt.Errorf("control socket: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		ln.Close()
		os.Remove(tmp)
		return nil, fmt.Errorf("control socket: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{path: path, ln: ln, handler: h, slots: make(chan struct{}, maxConcurrent), ctx: ctx, cancel: cancel}, nil
}

// Serve accepts connections until Close.
func (s *Server) Serve() error {
	for {
		conn, err := s.ln.AcceptUnix()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return fmt.Errorf("control socket: %w", err)
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serveConn(conn)
		}()
	}
}

// Close stops accepting, cancels the commands still running, waits for
// them, and removes the socket.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.cancel()
	s.wg.Wait()
	if rerr := os.Remove(s.path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
		err = errors.Join(err, rerr)
	}
	return err
}

func (s *Server) serveConn(conn *net.UnixConn) {
	defer conn.Close()
	if !sameUser(conn) {
		return // the 0600 mode already keeps others out; this is a second lock
	}
	var req Request
	dec := json.NewDecoder(io.LimitReader(conn, maxRequestBytes))
	if err := dec.Decode(&req); err != nil || len(req.Args) == 0 {
		writeExit(json.NewEncoder(conn), &sync.Mutex{}, "control socket: unreadable request\n", 2)
		return
	}
	select {
	case s.slots <- struct{}{}:
	case <-s.ctx.Done():
		return
	}
	defer func() { <-s.slots }()

	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	go func() {
		// The client sends nothing after the request: a read returns when it
		// hangs up (Ctrl-C), and the command is cancelled.
		io.Copy(io.Discard, conn)
		cancel()
	}()
	var mu sync.Mutex
	enc := json.NewEncoder(conn)
	stdout := &frameWriter{enc: enc, mu: &mu, stream: "stdout"}
	stderr := &frameWriter{enc: enc, mu: &mu, stream: "stderr"}
	code := s.handler(ctx, req, stdout, stderr)
	writeExit(enc, &mu, "", code)
}

func writeExit(enc *json.Encoder, mu *sync.Mutex, msg string, code int) {
	mu.Lock()
	defer mu.Unlock()
	if msg != "" {
		_ = enc.Encode(frame{Stream: "stderr", Data: msg})
	}
	_ = enc.Encode(frame{Exit: &code}) // a client that left cannot be told
}

// frameWriter sends what a command writes to one stream as frames.
type frameWriter struct {
	enc    *json.Encoder
	mu     *sync.Mutex
	stream string
}

func (w *frameWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.enc.Encode(frame{Stream: w.stream, Data: string(p)}); err != nil {
		return 0, err
	}
	return len(p), nil
}

// sameUser checks the peer's user id against ours (SO_PEERCRED).
func sameUser(conn *net.UnixConn) bool {
	raw, err := conn.SyscallConn()
	if err != nil {
		return false
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil || credErr != nil {
		return false
	}
	return int(cred.Uid) == os.Getuid()
}

// ErrNoServer means no dateline serve answers on the data directory: the
// caller runs the command itself.
var ErrNoServer = errors.New("no dateline serve answers on this data directory")

// Run sends req to the server of data directory dir and copies the
// command's output to stdout and stderr as it comes; it returns the
// command's exit status. It returns ErrNoServer when nothing listens (no
// socket, or one left by a process that died).
func Run(ctx context.Context, dir string, req Request, stdout, stderr io.Writer) (int, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", Path(dir))
	if err != nil {
		return 0, ErrNoServer
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := json.NewEncoder(conn).Encode(req); err != nil {
		return 0, fmt.Errorf("control socket: send: %w", err)
	}
	dec := json.NewDecoder(bufio.NewReader(conn))
	for {
		var f frame
		if err := dec.Decode(&f); err != nil {
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			return 0, fmt.Errorf("control socket: the server stopped before the command ended: %w", err)
		}
		switch {
		case f.Exit != nil:
			return *f.Exit, nil
		case f.Stream == "stdout":
			io.WriteString(stdout, f.Data)
		case f.Stream == "stderr":
			io.WriteString(stderr, f.Data)
		}
	}
}
