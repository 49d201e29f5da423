package discordtest

import (
	"github.com/bwmarrin/discordgo"
)

// activeConnLocked is the connection fault injection acts on: the current session's, else the newest
// open one (a client that has not identified yet).
func (s *Server) activeConnLocked() *gatewayConn {
	if s.current != nil && s.current.conn != nil {
		return s.current.conn
	}
	if _, open := s.conns[s.newestConn]; open {
		return s.newestConn
	}
	return nil
}

// SendReconnect sends op 7 (Reconnect): discordgo closes with 1012 and RESUMEs on a new connection.
func (s *Server) SendReconnect() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.activeConnLocked(); c != nil {
		c.enqueue(outFrame{data: []byte(`{"op":7,"d":null}`)})
	}
}

// SendInvalidSession sends op 9. With resumable false the session is forgotten, so a later RESUME fails;
// discordgo answers op 9 with IDENTIFY on the same connection either way.
func (s *Server) SendInvalidSession(resumable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.activeConnLocked()
	if c == nil {
		return
	}
	if !resumable && c.session != nil {
		c.session.resumable = false
	}
	c.mayIdentify = true
	if resumable {
		c.enqueue(outFrame{data: []byte(`{"op":9,"d":true}`)})
	} else {
		c.enqueue(outFrame{data: []byte(`{"op":9,"d":false}`)})
	}
}

// DropSocket closes the active gateway connection's TCP socket without a close frame.
// The session stays resumable.
func (s *Server) DropSocket() {
	s.mu.Lock()
	c := s.activeConnLocked()
	s.mu.Unlock()
	if c != nil {
		c.drop()
	}
}

// CloseWith closes the active gateway connection with a close frame carrying code (4004, 4014, …).
// Codes Discord treats as final (4004, 4007, 4009–4014) also forget the session.
func (s *Server) CloseWith(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.activeConnLocked()
	if c == nil {
		return
	}
	if nonResumableClose[code] && c.session != nil {
		c.session.resumable = false
	}
	c.closeWith(code)
}

// Identifies counts accepted IDENTIFYs (each one a new session).
func (s *Server) Identifies() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies
}

// IdentifiedShards lists the [shard id, shard count] of every accepted
// IDENTIFY that named a shard, in order.
func (s *Server) IdentifiedShards() [][2]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][2]int(nil), s.shards...)
}

// Resumes counts accepted RESUMEs.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Connections counts gateway websocket connections ever opened (to check a bot stopped reconnecting).
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connects
}

// Intents are the intents of the last accepted IDENTIFY.
func (s *Server) Intents() discordgo.Intent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return discordgo.Intent(s.intents)
}
