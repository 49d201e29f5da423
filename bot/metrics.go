package bot

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts what the bot does for GET /metrics: interactions, Discord's
// REST errors and rate limits, gateway reconnects. A nil *Metrics counts
// nothing.
type Metrics struct {
	interactions *prometheus.CounterVec
	duration     *prometheus.HistogramVec
	ack          prometheus.Histogram
	restErrors   *prometheus.CounterVec
	rateLimited  *prometheus.CounterVec
	reconnects   *prometheus.CounterVec
}

// NewMetrics registers the bot's collectors with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dateline_interactions_total",
			Help: "Discord interactions handled, by command and outcome.",
		}, []string{"command", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "dateline_interaction_duration_seconds",
			Help:    "Time from receiving an interaction to sending its final answer.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 1.5, 2, 3, 5, 10, 30},
		}, []string{"command"}),
		ack: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "dateline_interaction_ack_seconds",
			Help:    "Time from receiving an interaction to acknowledging it (Discord allows 3 s).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 1.5, 2, 2.5, 3, 5},
		}),
		restErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dateline_discord_rest_errors_total",
			Help: "Discord REST requests that failed (each attempt), by route class and status class (4xx, 5xx, connection); 429s are counted in dateline_discord_rate_limited_total.",
		}, []string{"route", "status"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dateline_discord_rate_limited_total",
			Help: "Discord REST requests answered 429, by route class and scope (route, global).",
		}, []string{"route", "scope"}),
		reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dateline_gateway_reconnects_total",
			Help: "Gateway sessions taken up again after the first connection, by shard and how: resume (the session went on) or identify (a new session).",
		}, []string{"shard", "how"}),
	}
	for _, c := range []prometheus.Collector{m.interactions, m.duration, m.ack, m.restErrors, m.rateLimited, m.reconnects} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register bot metrics: %w", err)
		}
	}
	return m, nil
}

func (m *Metrics) observe(command, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	m.interactions.WithLabelValues(command, outcome).Inc()
	if d > 0 {
		m.duration.WithLabelValues(command).Observe(d.Seconds())
	}
}

func (m *Metrics) observeAck(d time.Duration) {
	if m == nil {
		return
	}
	m.ack.Observe(d.Seconds())
}

// observeREST counts one REST attempt that did not succeed: a connection
// error (err set), a 429, or another 4xx or 5xx answer.
func (m *Metrics) observeREST(path string, resp *http.Response, err error) {
	if m == nil {
		return
	}
	route := routeClass(path)
	switch {
	case err != nil:
		m.restErrors.WithLabelValues(route, "connection").Inc()
	case resp.StatusCode == http.StatusTooManyRequests:
		scope := "route"
		if resp.Header.Get("X-RateLimit-Global") == "true" || resp.Header.Get("X-RateLimit-Scope") == "global" {
			scope = "global"
		}
		m.rateLimited.WithLabelValues(route, scope).Inc()
	case resp.StatusCode >= 500:
		m.restErrors.WithLabelValues(route, "5xx").Inc()
	case resp.StatusCode >= 400:
		m.restErrors.WithLabelValues(route, "4xx").Inc()
	}
}

// observeReconnect counts a session taken up again on shard: "resume" or
// "identify".
func (m *Metrics) observeReconnect(shard int, how string) {
	if m == nil {
		return
	}
	m.reconnects.WithLabelValues(strconv.Itoa(shard), how).Inc()
}

// routeClass names a REST path's family for the metrics (a label with few
// values: never an id or a token).
func routeClass(path string) string {
	switch {
	case strings.HasPrefix(path, "/interactions/") && strings.HasSuffix(path, "/callback"):
		return "interaction_callback"
	case strings.HasPrefix(path, "/webhooks/"):
		return "interaction_webhook"
	case strings.HasPrefix(path, "/channels/") && strings.Contains(path, "/messages"):
		return "channel_messages"
	case strings.HasPrefix(path, "/channels/"):
		return "channel"
	case strings.HasPrefix(path, "/applications/") && strings.Contains(path, "/commands"):
		return "commands"
	case strings.HasPrefix(path, "/gateway"):
		return "gateway"
	}
	return "other"
}
