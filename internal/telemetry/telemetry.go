package telemetry

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/feedingfriend/skill/internal/skill"
)

// Event is what is recorded about one request. It deliberately has no field for
// identifiers or user text.
type Event struct {
	Platform       string
	RequestType    string
	Intent         string
	Topic          string
	Outcome        skill.Outcome
	Latency        time.Duration
	ContentVersion string
	// ErrorKind is the skill.Kind of a failed request ("" when it succeeded).
	ErrorKind string
}

// Recorder records events.
type Recorder interface {
	Record(e Event)
}

// RecorderFunc adapts a function to Recorder.
type RecorderFunc func(Event)

// Record calls f.
func (f RecorderFunc) Record(e Event) { f(e) }

// Middleware records one event per request to every recorder. known says which
// intent names may be recorded as they are; others are recorded as "other".
func Middleware(platform, contentVersion string, known skill.Known, recs ...Recorder) skill.Middleware {
	return func(next skill.Handler) skill.Handler {
		return skill.HandlerFunc(func(ctx context.Context, req *skill.Request) (*skill.Response, error) {
			start := time.Now()
			resp, err := next.Handle(ctx, req)
			e := Event{Platform: platform, ContentVersion: contentVersion, Latency: time.Since(start)}
			if req != nil {
				e.RequestType = req.Type.String()
				e.Intent = skill.LogValue(req.Intent, known)
			}
			if resp != nil {
				e.Topic, e.Outcome = resp.Topic, resp.Outcome
			}
			if err != nil {
				e.ErrorKind, e.Outcome = skill.KindOf(err).String(), skill.OutcomeError
			}
			for _, r := range recs {
				r.Record(e)
			}
			return resp, err
		})
	}
}

// Logger writes each event as one structured log line.
type Logger struct{ L *slog.Logger }

// Record logs e.
func (l Logger) Record(e Event) {
	level := slog.LevelInfo
	if e.ErrorKind != "" {
		level = slog.LevelWarn
	}
	l.L.LogAttrs(context.Background(), level, "request",
		slog.String("platform", e.Platform),
		slog.String("request_type", e.RequestType),
		slog.String("intent", e.Intent),
		slog.String("topic", e.Topic),
		slog.String("outcome", string(e.Outcome)),
		slog.Float64("latency_ms", float64(e.Latency.Microseconds())/1000),
		slog.String("content_version", e.ContentVersion),
		slog.String("error_kind", e.ErrorKind),
	)
}

// EMF writes each event as one CloudWatch Embedded Metric Format line: a log line
// that CloudWatch also turns into metrics (answers per topic, fallbacks, urgent
// help, unapproved answers blocked, latency), with no metrics API call.
type EMF struct {
	W         io.Writer
	Namespace string
	Now       func() time.Time

	mu sync.Mutex
}

// Record writes e as an EMF line.
func (m *EMF) Record(e Event) {
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	ns := m.Namespace
	if ns == "" {
		ns = "FeedingFriend"
	}
	flag := func(o skill.Outcome) int {
		if e.Outcome == o {
			return 1
		}
		return 0
	}
	line := map[string]any{
		"_aws": map[string]any{
			"Timestamp": now().UnixMilli(),
			"CloudWatchMetrics": []any{map[string]any{
				"Namespace":  ns,
				"Dimensions": [][]string{{"Platform"}, {"Topic"}},
				"Metrics": []map[string]string{
					{"Name": "Requests", "Unit": "Count"},
					{"Name": "Fallbacks", "Unit": "Count"},
					{"Name": "UrgentHelp", "Unit": "Count"},
					{"Name": "UnapprovedBlocked", "Unit": "Count"},
					{"Name": "Errors", "Unit": "Count"},
					{"Name": "Latency", "Unit": "Milliseconds"},
				},
			}},
		},
		"Platform":          e.Platform,
		"Topic":             OrNone(e.Topic),
		"RequestType":       e.RequestType,
		"Intent":            e.Intent,
		"Outcome":           string(e.Outcome),
		"ContentVersion":    e.ContentVersion,
		"ErrorKind":         e.ErrorKind,
		"Requests":          1,
		"Fallbacks":         flag(skill.OutcomeFallback),
		"UrgentHelp":        flag(skill.OutcomeUrgent),
		"UnapprovedBlocked": flag(skill.OutcomeBlocked),
		"Errors":            flag(skill.OutcomeError),
		"Latency":           float64(e.Latency.Microseconds()) / 1000,
	}
	b, err := json.Marshal(line)
	if err != nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	_, _ = m.W.Write(append(b, '\n'))
}

// OrNone returns s, or "none" for an empty topic, so metrics have a value.
func OrNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
