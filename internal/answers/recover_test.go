package answers_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecoverGivesSafeReply(t *testing.T) {
	a := newApp(t, false)
	tests := []struct {
		name string
		h    skill.HandlerFunc
		kind skill.Kind
	}{
		{"panic", func(context.Context, *skill.Request) (*skill.Response, error) { panic("boom") }, skill.Internal},
		{"internal error", func(context.Context, *skill.Request) (*skill.Response, error) { return nil, errors.New("disk on fire") }, skill.Internal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var log bytes.Buffer
			h := skill.Chain(tc.h, a.Skill.Recover(slog.New(slog.NewJSONHandler(&log, nil))))
			resp, err := h.Handle(context.Background(), &skill.Request{Type: skill.Intent, Utterance: "PRIVATE words"})
			require.NoError(t, err)
			assert.Contains(t, resp.Speech.Text(), "0300 100 0212")
			assert.NotContains(t, resp.Speech.Text(), "boom")
			assert.NotContains(t, resp.Speech.Text(), "disk")
			assert.Equal(t, skill.OutcomeError, resp.Outcome)
			assert.NotContains(t, log.String(), "PRIVATE")
		})
	}
	// Invalid requests stay errors so the platform edge can answer 400.
	h := skill.Chain(skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
		return nil, skill.Errorf(skill.Invalid, "bad")
	}), a.Skill.Recover(slog.Default()))
	_, err := h.Handle(context.Background(), &skill.Request{})
	assert.Equal(t, skill.Invalid, skill.KindOf(err))
}
