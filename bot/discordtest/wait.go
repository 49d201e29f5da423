package discordtest

import (
	"context"
	"fmt"
)

// waitLocked calls cond under s.mu until it returns true or ctx ends.
func (s *Server) waitLocked(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return fmt.Errorf("fake Discord closed")
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Wait blocks until cond returns true or ctx ends; cond may call any Server method. It is re-checked
// whenever the fake's state changes.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// WaitConnected waits until a session has IDENTIFYed (or RESUMEd), been sent READY (or RESUMED) on a
// connection that is still open, and heartbeated on it: only then is a client fully running (discordgo
// starts its heartbeat goroutine after Open returns), so faults injected afterwards are handled cleanly.
func (s *Server) WaitConnected(ctx context.Context) error {
	if err := s.waitLocked(ctx, s.connectedLocked); err != nil {
		return fmt.Errorf("wait for a gateway session: %w", err)
	}
	return nil
}
