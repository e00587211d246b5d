package prom

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/feedingfriend/skill/internal/telemetry"
	"github.com/stretchr/testify/assert"
)

func TestPrometheusEndpoint(t *testing.T) {
	known := func(s string) bool { return s == "LatchIntent" || s == "HelpIntent" }
	answer := func(topic string, out skill.Outcome, err error) skill.Handler {
		return skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
			if err != nil {
				return nil, err
			}
			return &skill.Response{Topic: topic, Outcome: out}, nil
		})
	}
	req := &skill.Request{Type: skill.Intent, Intent: "LatchIntent", Utterance: "SECRET words"}
	p := New()
	h := skill.Chain(answer("latch", skill.OutcomeTopic, nil), telemetry.Middleware("dialogflow-es", "v", known, p))
	for i := 0; i < 3; i++ {
		_, _ = h.Handle(context.Background(), req)
	}
	_, _ = skill.Chain(answer("", "", errors.New("boom")), telemetry.Middleware("alexa", "v", known, p)).Handle(context.Background(), req)
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	assert.Contains(t, string(body), `feedingfriend_requests_total{outcome="topic",platform="dialogflow-es",topic="latch"} 3`)
	assert.Contains(t, string(body), `feedingfriend_requests_total{outcome="error",platform="alexa",topic="none"} 1`)
	assert.NotContains(t, string(body), "SECRET")
}
