package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// discordAPIPrefix is the path discordgo puts before every REST route.
var discordAPIPrefix = "/api/v" + discordgo.APIVersion

// apiTransport sends discordgo's REST calls to the configured api_url:
// discordgo's endpoints are package-level strings fixed to discord.com, so
// the transport rewrites scheme and host (and the /api/v9 prefix, when
// api_url has another path) of requests for discord.com. It also backs off
// on 429 answers that are not JSON (a proxy's or Cloudflare's), which
// discordgo would turn into an immediate error; JSON 429s are left to
// discordgo, which honours their retry_after.
type apiTransport struct {
	base http.RoundTripper
	// gatewayURL, when set and not empty, answers GET /gateway without
	// asking Discord: the gateway watchdog's way to make discordgo resume
	// at resume_gateway_url (see watchdog.go).
	gatewayURL func() string
	target     *url.URL // scheme, host and path of api_url
	metrics    *Metrics // counts failed attempts; nil counts nothing
	retries    int
	firstDelay time.Duration
	maxDelay   time.Duration
}

// Back-off for non-JSON 429s: 0.5 s, 1 s, 2 s, 4 s, 8 s, then give up.
const (
	non429Retries    = 5
	non429FirstDelay = 500 * time.Millisecond
	non429MaxDelay   = 8 * time.Second
)

func newAPITransport(apiURL string, base http.RoundTripper) (*apiTransport, error) {
	if apiURL == "" {
		apiURL = discordgo.EndpointAPI
	}
	u, err := url.Parse(strings.TrimRight(apiURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("discord.api_url %q: %w", apiURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discord.api_url %q: want an absolute http(s) URL", apiURL)
	}
	return &apiTransport{base: base, target: u, retries: non429Retries, firstDelay: non429FirstDelay, maxDelay: non429MaxDelay}, nil
}

// RoundTrip rewrites and sends one request.
func (t *apiTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if resp := t.answerGateway(req); resp != nil {
		return resp, nil
	}
	out := t.rewrite(req)
	delay := t.firstDelay
	for attempt := 0; ; attempt++ {
		resp, err := t.base.RoundTrip(out)
		t.count(req, resp, err)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests {
			return resp, err
		}
		body, jsonBody, err := peekJSON(resp)
		if err != nil {
			return nil, fmt.Errorf("read 429 body: %w", err)
		}
		if jsonBody || attempt >= t.retries || out.Body != nil && out.GetBody == nil {
			resp.Body = io.NopCloser(bytes.NewReader(body))
			return resp, nil
		}
		wait := retryAfterHeader(resp.Header, delay, t.maxDelay)
		if err := sleepCtx(req.Context(), wait); err != nil {
			return nil, err
		}
		delay *= 2
		if delay > t.maxDelay {
			delay = t.maxDelay
		}
		if out, err = t.again(out); err != nil {
			return nil, err
		}
	}
}

// count tells the metrics about a failed attempt; one the caller gave up
// on (its context ended) is not Discord's failure.
func (t *apiTransport) count(req *http.Request, resp *http.Response, err error) {
	if err != nil && req.Context().Err() != nil || err == nil && resp.StatusCode < 400 {
		return
	}
	t.metrics.observeREST(strings.TrimPrefix(req.URL.Path, discordAPIPrefix), resp, err)
}

// answerGateway answers discordgo's GET /gateway itself with the URL
// gatewayURL gives, if any.
func (t *apiTransport) answerGateway(req *http.Request) *http.Response {
	if t.gatewayURL == nil || req.Method != http.MethodGet || req.URL.Host != "discord.com" || req.URL.Path != discordAPIPrefix+"/gateway" {
		return nil
	}
	u := t.gatewayURL()
	if u == "" {
		return nil
	}
	body, err := json.Marshal(map[string]string{"url": u})
	if err != nil {
		return nil
	}
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": []string{"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// rewrite points a request for discord.com at the target.
func (t *apiTransport) rewrite(req *http.Request) *http.Request {
	if req.URL.Host != "discord.com" || !strings.HasPrefix(req.URL.Path, discordAPIPrefix) {
		return req
	}
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme, u.Host = t.target.Scheme, t.target.Host
	u.Path = t.target.Path + strings.TrimPrefix(req.URL.Path, discordAPIPrefix)
	if u.RawPath != "" {
		u.RawPath = t.target.EscapedPath() + strings.TrimPrefix(req.URL.RawPath, discordAPIPrefix)
	}
	out.URL = &u
	out.Host = u.Host
	return out
}

// again prepares a request to be sent once more (a fresh body).
func (t *apiTransport) again(req *http.Request) (*http.Request, error) {
	out := req.Clone(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("replay request body: %w", err)
		}
		out.Body = body
	}
	return out, nil
}

// peekJSON reads a 429 body (at most 64 KiB) and says whether it is the JSON
// discordgo understands (an object with retry_after).
func peekJSON(resp *http.Response) ([]byte, bool, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, false, err
	}
	var probe struct {
		RetryAfter *float64 `json:"retry_after"`
	}
	ok := json.Unmarshal(body, &probe) == nil && probe.RetryAfter != nil
	return body, ok, nil
}

// retryAfterHeader honours a Retry-After header in seconds (capped at max),
// else returns fallback.
func retryAfterHeader(h http.Header, fallback, max time.Duration) time.Duration {
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
			d := time.Duration(s * float64(time.Second))
			if d > max {
				d = max
			}
			return d
		}
	}
	return fallback
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
