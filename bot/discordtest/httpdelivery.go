package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// HTTP interactions mode: when an application has an interactions endpoint URL, Discord POSTs each
// interaction there, signed with Ed25519 over timestamp+body, instead of dispatching it on the gateway.
// The endpoint answers inline (200 with an interaction response) or 202/204 and uses the REST callback.

// PublicKey is the hex Ed25519 public key the fake signs HTTP-delivered interactions with: what the
// bot's [discord] public_key is set to.
func (s *Server) PublicKey() string {
	return hex.EncodeToString(s.signKey.Public().(ed25519.PublicKey))
}

// SetInteractionsURL makes the fake deliver every later interaction by a signed POST to url, as Discord
// does for an application with an interactions endpoint, instead of over the gateway ("" switches back).
func (s *Server) SetInteractionsURL(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interactionsURL = url
}

// VerifyEndpoint does what Discord does when an interactions endpoint URL is saved: a signed PING must
// get 200 {"type":1} and a PING with a bad signature must get 401.
func (s *Server) VerifyEndpoint(ctx context.Context, url string) error {
	ping := []byte(fmt.Sprintf(`{"id":%q,"application_id":%q,"type":1,"token":%q,"version":1}`, s.ids.next(), s.opts.AppID, interactionToken()))
	resp, body, err := s.postSigned(ctx, url, ping, true)
	if err != nil {
		return fmt.Errorf("verify endpoint: signed PING: %w", err)
	}
	if resp.StatusCode != http.StatusOK || !bytes.Equal(bytes.TrimSpace(body), []byte(`{"type":1}`)) {
		return fmt.Errorf("verify endpoint: signed PING answered %d %q, want 200 {\"type\":1}", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		return fmt.Errorf("verify endpoint: PONG Content-Type %q, want application/json", ct)
	}
	resp, body, err = s.postSigned(ctx, url, ping, false)
	if err != nil {
		return fmt.Errorf("verify endpoint: badly signed PING: %w", err)
	}
	if resp.StatusCode != http.StatusUnauthorized {
		return fmt.Errorf("verify endpoint: badly signed PING answered %d %q, want 401", resp.StatusCode, body)
	}
	return nil
}

// postSigned POSTs body to url with Discord's signature headers (a wrong signature unless valid).
func (s *Server) postSigned(ctx context.Context, url string, body []byte, valid bool) (*http.Response, []byte, error) {
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	sig := ed25519.Sign(s.signKey, append([]byte(stamp), body...))
	if !valid {
		sig[0] ^= 0xff
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", stamp)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, maxUploadBytes+maxJSONBody))
	if err != nil {
		return nil, nil, fmt.Errorf("read answer: %w", err)
	}
	return resp, out, nil
}

// deliverHTTP POSTs an interaction to the interactions endpoint and treats an inline answer as the
// callback. Discord waits up to the acknowledgement deadline for the answer.
func (s *Server) deliverHTTP(in *Interaction, url string) {
	defer s.wg.Done()
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.AckDeadline+time.Second)
	defer cancel()
	where := "POST " + url + " (interaction " + in.id + ")"
	resp, body, err := s.postSigned(ctx, url, in.raw, true)
	arrived := time.Now()
	if err != nil {
		s.mu.Lock()
		in.rejectLocked("delivery failed: %v", err)
		s.violationLocked("%s: delivery failed: %v", where, err)
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	in.delivered = true
	s.broadcastLocked()
	s.mu.Unlock()
	switch resp.StatusCode {
	case http.StatusAccepted, http.StatusNoContent:
		return // the bot answers through POST /interactions/{id}/{token}/callback
	case http.StatusOK:
		payload, files, f := parseBody(resp.Header.Get("Content-Type"), bytes.NewReader(body))
		if f == nil {
			f = s.applyCallback(in, payload, files, arrived, where+" inline answer")
		}
		if f != nil {
			s.violationf("%s inline answer: %s", where, f)
		}
	default:
		s.mu.Lock()
		in.rejectLocked("endpoint answered %d", resp.StatusCode)
		s.violationLocked("%s: endpoint answered %d %q", where, resp.StatusCode, truncate(body, 200))
		s.mu.Unlock()
	}
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
