package bot

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// restClient is dateline's own client for the REST calls that answer
// interactions (callbacks, @original edits and deletes, follow-ups) and for
// channel posts. discordgo keeps one rate-limit bucket per URL (the
// interaction token included), never frees them, holds a lock across each
// round trip and retries 429s without limit; here nothing is shared between
// interactions but the HTTP connection pool and the end of a global 429,
// every call is bound by its context, and retries are bounded:
//
//   - 429: wait retry_after (at most maxRetryAfter, at most maxRateLimited
//     times), and before a call, wait out a bucket the previous answer said
//     was empty (X-RateLimit-Remaining 0, X-RateLimit-Reset-After);
//   - 5xx and connection errors: calls that are safe to repeat (PATCH,
//     DELETE, GET, creates carrying an enforced nonce) are retried with
//     jittered exponential back-off, up to maxAttempts; a request that was
//     never written is retried whatever it is; anything else reports
//     errMaybeLanded and the caller decides (the interaction callback asks
//     Discord whether it landed before trying again: exchange.callback).
type restClient struct {
	http  *http.Client
	base  string // https://discord.com/api/v9, rewritten to api_url by the transport
	token string // "Bot …" for channel posts; interaction routes carry their token in the URL
	agent string

	policy retryPolicy
	// globalUntil is when a global 429 ends (Unix nanoseconds), shared
	// without a lock.
	globalUntil atomic.Int64
	// rttNanos is a moving average of round trips to Discord (what the
	// router keeps in hand before the acknowledgement deadline).
	rttNanos atomic.Int64

	channels *channelBuckets
}

// retryPolicy bounds the retries of one call.
type retryPolicy struct {
	maxAttempts    int           // attempts after 5xx or connection errors
	maxRateLimited int           // 429s waited out
	maxRetryAfter  time.Duration // a longer retry_after is not waited for
	firstBackoff   time.Duration
	maxBackoff     time.Duration
	attemptTimeout time.Duration // one request, when the context allows more
}

var defaultRetryPolicy = retryPolicy{
	maxAttempts:    5,
	maxRateLimited: 5,
	maxRetryAfter:  10 * time.Second,
	firstBackoff:   200 * time.Millisecond,
	maxBackoff:     3 * time.Second,
	attemptTimeout: 10 * time.Second,
}

// maxAnswerBody bounds what is read of a REST answer.
const maxAnswerBody = 1 << 20

func newRESTClient(apiURL, token string, metrics *Metrics) (*restClient, error) {
	tr, err := newAPITransport(apiURL, restTransport())
	if err != nil {
		return nil, err
	}
	tr.metrics = metrics
	// 429s are this client's to handle, JSON or not.
	tr.retries = 0
	return &restClient{
		http:     &http.Client{Transport: tr},
		base:     strings.TrimRight(discordgo.EndpointAPI, "/"),
		token:    token,
		agent:    "DiscordBot (https://github.com/dateline-bot/dateline, 1)",
		policy:   defaultRetryPolicy,
		channels: newChannelBuckets(),
	}, nil
}

// restTransport keeps enough idle connections for a burst of answers: the
// default two per host would reopen (and, on Discord, TLS-handshake) a
// connection for nearly every call of 200 concurrent interactions.
func restTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	t.ResponseHeaderTimeout = 15 * time.Second
	return t
}

// apiCall is one REST request.
type apiCall struct {
	method, path string // path under the API base
	body         any    // JSON; nil sends none
	auth         bool   // send the bot token
	idempotent   bool   // safe to repeat after a 5xx or a connection error
	bucket       *bucket
}

// bucket is what the last answer of a route said about its rate limit. One
// is kept per interaction (its webhook routes) or per channel, by the
// caller; it needs no lock of its own when its owner uses it from one
// goroutine at a time.
type bucket struct {
	empty   bool
	resetAt time.Time
}

// restError is an answer Discord refused (or failed), with its JSON error.
type restError struct {
	Status  int
	Code    int
	Message string
}

func (e *restError) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("HTTP %d, Discord error %d: %s", e.Status, e.Code, e.Message)
	}
	return fmt.Sprintf("HTTP %d: %s", e.Status, e.Message)
}

// errMaybeLanded: a request that is not safe to repeat was sent and its
// answer was lost (a 5xx or a broken connection): it may have been carried
// out.
var errMaybeLanded = errors.New("the request may have landed: its answer was lost")

// discordCode is the Discord error code of err (0 when none).
func discordCode(err error) int {
	var re *restError
	if errors.As(err, &re) {
		return re.Code
	}
	return 0
}

// do sends a call, honouring rate limits and retrying as the policy allows,
// and returns the answer's body.
func (c *restClient) do(ctx context.Context, call apiCall) ([]byte, error) {
	var payload []byte
	if call.body != nil {
		var err error
		if payload, err = json.Marshal(call.body); err != nil {
			return nil, fmt.Errorf("encode %s body: %w", call.method, err)
		}
	}
	limited, failed := 0, 0
	for {
		if err := c.waitLimits(ctx, call.bucket); err != nil {
			return nil, err
		}
		status, header, body, wrote, err := c.once(ctx, call, payload)
		if err == nil {
			c.note(call.bucket, header, status)
		}
		switch {
		case err == nil && status < 300:
			return body, nil
		case err == nil && status == http.StatusTooManyRequests:
			wait, global := retryAfter(header, body)
			limited++
			if global {
				c.globalUntil.Store(time.Now().Add(wait).UnixNano())
			}
			if limited > c.policy.maxRateLimited || wait > c.policy.maxRetryAfter {
				return nil, fmt.Errorf("rate limited %d times (retry after %v): %w", limited, wait, answerError(status, body))
			}
			if err := sleepCtx(ctx, wait); err != nil {
				return nil, fmt.Errorf("waiting out a 429: %w", err)
			}
			continue
		case err == nil && status < 500:
			return nil, answerError(status, body)
		}
		// A 5xx or a connection error.
		cause := err
		if cause == nil {
			cause = answerError(status, body)
		}
		if ctx.Err() != nil {
			return nil, cause
		}
		if !call.idempotent && wrote {
			return nil, fmt.Errorf("%w (%v)", errMaybeLanded, cause)
		}
		failed++
		if failed >= c.policy.maxAttempts {
			return nil, fmt.Errorf("%d attempts: %w", failed, cause)
		}
		if err := sleepCtx(ctx, c.backoff(failed)); err != nil {
			return nil, errors.Join(cause, err)
		}
	}
}

// once sends one request. wrote says whether the request was written out
// in full (after which the server may have carried it out).
func (c *restClient) once(ctx context.Context, call apiCall, payload []byte) (status int, header http.Header, body []byte, wrote bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.policy.attemptTimeout)
	defer cancel()
	var written atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) { written.Store(info.Err == nil) },
	})
	var reader io.Reader
	if payload != nil {
		reader = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, call.method, c.base+call.path, reader)
	if err != nil {
		return 0, nil, nil, false, err
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", c.agent)
	if call.auth && c.token != "" {
		req.Header.Set("Authorization", c.token)
	}
	sent := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, written.Load(), err
	}
	c.noteRTT(time.Since(sent))
	defer resp.Body.Close()
	body, err = io.ReadAll(io.LimitReader(resp.Body, maxAnswerBody))
	if err != nil {
		// The status came: the request was carried out or refused; only
		// its body was lost, which matters for a 2xx alone.
		if resp.StatusCode < 300 {
			return resp.StatusCode, resp.Header, nil, true, nil
		}
		return 0, nil, nil, true, fmt.Errorf("read the answer: %w", err)
	}
	return resp.StatusCode, resp.Header, body, true, nil
}

// noteRTT folds one round trip into the moving average (weight 1/4), without
// a lock: a lost update among concurrent ones costs nothing.
func (c *restClient) noteRTT(d time.Duration) {
	old := c.rttNanos.Load()
	if old == 0 {
		c.rttNanos.Store(int64(d))
		return
	}
	c.rttNanos.CompareAndSwap(old, old+(int64(d)-old)/4)
}

// rtt is the recent round trip to Discord (0 before the first).
func (c *restClient) rtt() time.Duration { return time.Duration(c.rttNanos.Load()) }

// waitLimits waits out a global 429 and an empty bucket.
func (c *restClient) waitLimits(ctx context.Context, b *bucket) error {
	if until := time.Unix(0, c.globalUntil.Load()); time.Now().Before(until) {
		if err := sleepCtx(ctx, time.Until(until)); err != nil {
			return fmt.Errorf("waiting out a global rate limit: %w", err)
		}
	}
	if b != nil && b.empty {
		if wait := time.Until(b.resetAt); wait > 0 {
			if err := sleepCtx(ctx, wait); err != nil {
				return fmt.Errorf("waiting for the rate-limit bucket: %w", err)
			}
		}
		b.empty = false
	}
	return nil
}

// note keeps what an answer says about its route's bucket.
func (c *restClient) note(b *bucket, h http.Header, status int) {
	if b == nil {
		return
	}
	remaining, err := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	if err != nil || remaining > 0 && status != http.StatusTooManyRequests {
		b.empty = false
		return
	}
	after, err := strconv.ParseFloat(h.Get("X-RateLimit-Reset-After"), 64)
	if err != nil || after < 0 || after > c.policy.maxRetryAfter.Seconds() {
		return
	}
	b.empty, b.resetAt = true, time.Now().Add(time.Duration(after*float64(time.Second)))
}

// backoff is the wait before attempt n+1 (n ≥ 1): exponential with full
// jitter, so that many calls failing together do not retry together.
func (c *restClient) backoff(n int) time.Duration {
	ceiling := c.policy.firstBackoff << (n - 1)
	if ceiling > c.policy.maxBackoff || ceiling <= 0 {
		ceiling = c.policy.maxBackoff
	}
	return ceiling/2 + rand.N(ceiling/2+1)
}

// retryAfter reads how long a 429 asks to wait: the JSON retry_after, else
// the headers; global says the limit is the bot's, not the route's.
func retryAfter(h http.Header, body []byte) (time.Duration, bool) {
	var rl struct {
		RetryAfter *float64 `json:"retry_after"`
		Global     bool     `json:"global"`
	}
	global := h.Get("X-RateLimit-Global") == "true"
	if json.Unmarshal(body, &rl) == nil && rl.RetryAfter != nil && *rl.RetryAfter >= 0 {
		return time.Duration(*rl.RetryAfter * float64(time.Second)), global || rl.Global
	}
	for _, name := range []string{"X-RateLimit-Reset-After", "Retry-After"} {
		if s, err := strconv.ParseFloat(h.Get(name), 64); err == nil && s >= 0 {
			return time.Duration(s * float64(time.Second)), global
		}
	}
	// A 429 page with nothing to go by (a proxy's): a second.
	return time.Second, global
}

// answerError reads Discord's JSON error from a refused answer.
func answerError(status int, body []byte) error {
	e := &restError{Status: status}
	var de struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &de) == nil && de.Message != "" {
		e.Code, e.Message = de.Code, truncate(cleanText(de.Message), 200)
	} else {
		e.Message = http.StatusText(status)
	}
	return e
}

// newNonce makes the nonce of a create that may be retried: Discord answers
// a repeated create carrying the same enforced nonce with the first one's
// message instead of a second message.
func newNonce() string {
	var raw [10]byte
	_, _ = crand.Read(raw[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(raw[:])
}

// messageCreate is a follow-up or channel message with its enforced nonce.
type messageCreate struct {
	Content         string                            `json:"content"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
	Components      []discordgo.MessageComponent      `json:"components"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Flags           discordgo.MessageFlags            `json:"flags,omitempty"`
	Nonce           string                            `json:"nonce"`
	EnforceNonce    bool                              `json:"enforce_nonce"`
}

func newMessageCreate(m *discordgo.InteractionResponseData) messageCreate {
	return messageCreate{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      m.Components,
		AllowedMentions: m.AllowedMentions,
		Flags:           m.Flags,
		Nonce:           newNonce(),
		EnforceNonce:    true,
	}
}
