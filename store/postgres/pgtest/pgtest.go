// Package pgtest gives tests a real PostgreSQL: a throwaway cluster started
// with initdb and pg_ctl in a temporary directory, listening on a free
// loopback port (or the server named by DATELINE_TEST_POSTGRES), and a fresh
// database for each test. It is test support for the PostgreSQL engine, so it
// talks to the server with the engine's driver (pgx).
//
// Tests that need PostgreSQL skip when no server can be had, except in CI
// (CI set), where they fail: the PostgreSQL tests never skip in CI.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names an existing server tests may create databases on instead of
// starting their own, e.g. postgres://postgres@127.0.0.1:5432/postgres.
const EnvURL = "DATELINE_TEST_POSTGRES"

// Server is a PostgreSQL server tests create databases on.
type Server struct {
	admin string // URL of the maintenance database, as a superuser
	stop  func() error
}

// Start gives t a server for the whole test (stopped at its end): the one
// DATELINE_TEST_POSTGRES names, or a new cluster. Without either it skips
// t, or fails it when CI is set.
func Start(t testing.TB) *Server {
	t.Helper()
	if u := os.Getenv(EnvURL); u != "" {
		return &Server{admin: u, stop: func() error { return nil }}
	}
	bin, err := findBin()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL tests never skip in CI: %v (set %s or install the postgresql package)", err, EnvURL)
		}
		t.Skipf("no PostgreSQL: %v (set %s or install the postgresql package)", err, EnvURL)
	}
	s, err := startCluster(t.TempDir(), bin)
	if err != nil {
		t.Fatalf("start PostgreSQL: %v", err)
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Errorf("stop PostgreSQL: %v", err)
		}
	})
	return s
}

// NewDatabase creates an empty database for t, dropped at its end, and
// returns its URL.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	name := "t_" + randomHex(6)
	if err := s.admin1(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		// FORCE ends connections a failed test left open.
		if err := s.admin1(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(s.admin)
	if err != nil {
		t.Fatalf("server URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// AdminURL is the URL of the server's maintenance database.
func (s *Server) AdminURL() string { return s.admin }

// admin1 runs one statement on the maintenance database.
func (s *Server) admin1(ctx context.Context, sql string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// findBin finds the directory of initdb, pg_ctl and postgres: on PATH, or
// in Debian's /usr/lib/postgresql/<version>/bin (newest version first).
func findBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin") // the pattern is valid
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("initdb not found on PATH or in /usr/lib/postgresql/*/bin")
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// startCluster runs initdb and pg_ctl start in dir. PostgreSQL refuses to
// run as root, so as root the server runs as the postgres user (or nobody)
// and dir is opened up for it.
func startCluster(dir, bin string) (*Server, error) {
	runAs, err := serverUser()
	if err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	logFile := filepath.Join(dir, "server.log")
	if runAs != nil {
		if err := openUp(dir, runAs); err != nil {
			return nil, err
		}
	}
	initdb := []string{filepath.Join(bin, "initdb"), "-D", data, "-U", "dateline", "--auth=trust",
		"--no-sync", "--encoding=UTF8", "--locale=C"}
	if out, err := command(runAs, initdb...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %w: %s", err, out)
	}
	// A free port can be taken between our check and the server's bind:
	// try a few.
	var lastErr error
	for range 5 {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		srv, err := runServer(runAs, bin, data, logFile, port)
		if err == nil {
			return srv, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

// guard runs the server under a shell that stops it (fast shutdown) as
// soon as its standard input ends: when Stop closes it, and also when the
// test process dies without cleaning up (its end of the pipe closes), so
// no server outlives the tests that started it.
const guard = `"$0" "$@" & pid=$!; read -r _; kill -INT "$pid"; wait "$pid"`

// runServer starts postgres on port under guard and waits until it takes
// connections.
func runServer(runAs *user.User, bin, data, logFile string, port int) (*Server, error) {
	log, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("server log: %w", err)
	}
	args := []string{"sh", "-c", guard, filepath.Join(bin, "postgres"), "-D", data,
		"-c", "listen_addresses=127.0.0.1", "-c", fmt.Sprintf("port=%d", port), "-c", "unix_socket_directories=",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"}
	cmd := command(runAs, args...)
	cmd.Stdout, cmd.Stderr = log, log
	stdin, err := cmd.StdinPipe()
	if err != nil {
		log.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); log.Close() }()
	stop := func() error {
		stdin.Close()
		select {
		case <-exited:
			return nil
		case <-time.After(60 * time.Second):
			return errors.New("postgres did not stop within 60 s")
		}
	}
	admin := fmt.Sprintf("postgres://dateline@127.0.0.1:%d/postgres?sslmode=disable", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, admin)
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return &Server{admin: admin, stop: stop}, nil
		}
		select {
		case werr := <-exited:
			out, _ := os.ReadFile(logFile)
			return nil, fmt.Errorf("postgres exited (%v):\n%s", werr, tail(out))
		default:
		}
		if time.Now().After(deadline) {
			stop()
			out, _ := os.ReadFile(logFile)
			return nil, fmt.Errorf("postgres not ready within 60 s: %v\n%s", err, tail(out))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// serverUser is the user to run the server as: nil for the current one,
// unless that is root.
func serverUser() (*user.User, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		if u, err := user.Lookup(name); err == nil {
			return u, nil
		}
	}
	return nil, errors.New("running as root and neither the postgres nor the nobody user exists to run the server as")
}

// openUp lets u reach dir (the test's temporary directories are 0700) and
// own it.
func openUp(dir string, u *user.User) error {
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	for d := dir; d != filepath.Dir(d) && d != os.TempDir(); d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return err
		}
		if err := os.Chmod(d, fi.Mode().Perm()|0o011); err != nil {
			return fmt.Errorf("let the server user reach %s: %w", d, err)
		}
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		return fmt.Errorf("give %s to %s: %w", dir, u.Username, err)
	}
	return nil
}

// command runs args as runAs (via setpriv) when it is not nil.
func command(runAs *user.User, args ...string) *exec.Cmd {
	if runAs == nil {
		return exec.Command(args[0], args[1:]...)
	}
	full := append([]string{"--reuid", runAs.Uid, "--regid", runAs.Gid, "--clear-groups", "--"}, args...)
	cmd := exec.Command("setpriv", full...)
	cmd.Env = append(os.Environ(), "HOME="+runAs.HomeDir)
	cmd.Dir = "/"
	return cmd
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func tail(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}
