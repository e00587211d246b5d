// Package prom counts telemetry events for a Prometheus /metrics endpoint. It is
// apart from telemetry so the Lambda functions, which write EMF instead, do not
// link the Prometheus client.
package prom

import (
	"net/http"

	"github.com/feedingfriend/skill/internal/telemetry"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Prometheus counts events for a /metrics endpoint.
type Prometheus struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// New returns a recorder with its own registry (no global state).
func New() *Prometheus {
	p := &Prometheus{reg: prometheus.NewRegistry()}
	p.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "feedingfriend_requests_total",
		Help: "Requests answered, by platform, topic and outcome (welcome, topic, fallback, urgent, unapproved-blocked, error...).",
	}, []string{"platform", "topic", "outcome"})
	p.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "feedingfriend_answer_seconds",
		Help:    "Time to answer a request inside the skill, by platform.",
		Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .05},
	}, []string{"platform"})
	p.reg.MustRegister(p.requests, p.latency)
	return p
}

// Record counts e.
func (p *Prometheus) Record(e telemetry.Event) {
	p.requests.WithLabelValues(e.Platform, telemetry.OrNone(e.Topic), string(e.Outcome)).Inc()
	p.latency.WithLabelValues(e.Platform).Observe(e.Latency.Seconds())
}

// Handler serves the metrics in the Prometheus text format.
func (p *Prometheus) Handler() http.Handler {
	return promhttp.HandlerFor(p.reg, promhttp.HandlerOpts{})
}
