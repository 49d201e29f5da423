package bot

import (
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts interactions for GET /metrics. A nil *Metrics counts
// nothing.
type Metrics struct {
	interactions *prometheus.CounterVec
	duration     *prometheus.HistogramVec
	ack          prometheus.Histogram
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
	}
	for _, c := range []prometheus.Collector{m.interactions, m.duration, m.ack} {
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
