package discordtest

import (
	"net/http"
	"strconv"
	"time"
)

// Discord's rate limits that a bot meets in practice (docs/DISCORD.md): a global 50 requests a second
// for bot-authenticated routes (interaction callbacks and interaction webhooks are exempt), and the
// per-channel bucket of POST /channels/{id}/messages, 5 messages per 5 seconds, and the bucket of
// each interaction's webhook routes, 5 requests per 2 seconds.
const (
	globalLimit        = 50
	globalWindow       = time.Second
	channelLimit       = 5
	channelLimitWindow = 5 * time.Second
	webhookLimit       = 5
	webhookLimitWindow = 2 * time.Second
)

// bucket is a fixed-window counter, the way Discord's buckets reset.
type bucket struct {
	start time.Time
	count int
}

// take counts a request in the bucket; ok is false when the bucket is exhausted.
func (b *bucket) take(now time.Time, limit int, window time.Duration) (remaining int, resetAfter time.Duration, ok bool) {
	if now.Sub(b.start) >= window {
		b.start, b.count = now, 0
	}
	resetAfter = b.start.Add(window).Sub(now)
	if b.count >= limit {
		return 0, resetAfter, false
	}
	b.count++
	return limit - b.count, resetAfter, true
}

// takeGlobal applies the global limit to a bot-authenticated request; on a 429 it answers the request.
func (s *Server) takeGlobal(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	_, resetAfter, ok := s.global.take(time.Now(), globalLimit, globalWindow)
	if !ok {
		s.limited++
	}
	s.mu.Unlock()
	if ok {
		return true
	}
	h := w.Header()
	h.Set("X-RateLimit-Global", "true")
	h.Set("X-RateLimit-Scope", "global")
	s.answer429(w, r, resetAfter, true, "global rate limit of 50 requests/s exceeded")
	return false
}

// takeChannel applies the per-channel message bucket (see takeBucket).
func (s *Server) takeChannel(w http.ResponseWriter, r *http.Request, channelID string) bool {
	return s.takeBucket(w, r, s.channelBuckets, channelID, channelLimit, channelLimitWindow,
		"channel-messages-"+channelID, "channel message bucket (5 per 5 s) exceeded")
}

// takeWebhook applies the bucket of one interaction's webhook routes (follow-ups, edits and deletes of
// its messages, all keyed by its token): 5 requests per 2 seconds, as Discord's webhook buckets.
func (s *Server) takeWebhook(w http.ResponseWriter, r *http.Request, token string) bool {
	return s.takeBucket(w, r, s.webhookBuckets, token, webhookLimit, webhookLimitWindow,
		"webhook-"+token[:min(len(token), 20)], "interaction webhook bucket (5 per 2 s) exceeded")
}

// takeBucket counts a request in the bucket key of buckets and sets the X-RateLimit-* headers a client
// uses to wait before it would exceed the bucket; on a 429 it answers the request. Buckets whose window
// has passed are forgotten once there are many (a token lives 15 minutes; a fake may see millions).
func (s *Server) takeBucket(w http.ResponseWriter, r *http.Request, buckets map[string]*bucket, key string, limit int, window time.Duration, name, why string) bool {
	now := time.Now()
	s.mu.Lock()
	b := buckets[key]
	if b == nil {
		if len(buckets) >= 4096 {
			for k, old := range buckets {
				if now.Sub(old.start) >= window {
					delete(buckets, k)
				}
			}
		}
		b = &bucket{}
		buckets[key] = b
	}
	remaining, resetAfter, ok := b.take(now, limit, window)
	if !ok {
		s.limited++
	}
	s.mu.Unlock()
	// Advertise the reset rounded up to the millisecond, plus one: discordgo
	// truncates the fraction to whole milliseconds (and float rounding can
	// cost one more), and a client that waits as told must never arrive a
	// hair before the window ends.
	resetAfter = resetAfter.Truncate(time.Millisecond) + 2*time.Millisecond
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(now.Add(resetAfter).UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(resetAfter.Seconds(), 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", name)
	if !ok {
		h.Set("X-RateLimit-Scope", "user")
		s.answer429(w, r, resetAfter, false, why)
	}
	return ok
}

// answer429 sends Discord's JSON 429 for a limit the bot itself exceeded, and records it: a bot that
// reads the rate-limit headers never gets one, and Discord bans IPs that collect too many.
func (s *Server) answer429(w http.ResponseWriter, r *http.Request, retryAfter time.Duration, global bool, why string) {
	s.violationf("%s %s: 429 %s", r.Method, redactPath(r.URL.Path), why)
	w.Header().Set("Retry-After", strconv.Itoa(int(retryAfter.Seconds())+1))
	s.writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You are being rate limited.", "retry_after": retryAfter.Seconds(), "global": global})
}
