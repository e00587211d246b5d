package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func answer(topic string, out skill.Outcome, err error) skill.Handler {
	return skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
		if err != nil {
			return nil, err
		}
		return &skill.Response{Topic: topic, Outcome: out}, nil
	})
}

func known(s string) bool { return s == "LatchIntent" || s == "HelpIntent" }

// secret request: every field a person could be identified by, or that holds what
// they said, carries a marker that must never reach a log line.
func secretRequest(intent string) *skill.Request {
	return &skill.Request{Type: skill.Intent, Intent: intent, Utterance: "SECRET-UTTERANCE my baby Amelia",
		Session: map[string]any{"userId": "SECRET-USER", "sessionId": "SECRET-SESSION"},
		Slots:   map[string]skill.Slot{"topic": {Value: "SECRET-SLOT"}}, Locale: "en-GB"}
}

func TestLogLineHasFieldsAndNoPersonalData(t *testing.T) {
	tests := []struct {
		name, intent string
		h            skill.Handler
		wantIntent   string
		wantOutcome  string
		wantKind     string
	}{
		{"topic", "LatchIntent", answer("latch", skill.OutcomeTopic, nil), "LatchIntent", "topic", ""},
		{"unknown intent text is not logged", "SECRET-INTENT tell me about Amelia", answer("", skill.OutcomeFallback, nil), "other", "fallback", ""},
		{"error kind only", "HelpIntent", answer("", "", skill.Errorf(skill.Invalid, "bad SECRET-DETAIL")), "HelpIntent", "error", "invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			emf := &EMF{W: &buf, Now: func() time.Time { return time.Unix(0, 0) }}
			var logBuf bytes.Buffer
			lg := Logger{L: slog.New(slog.NewJSONHandler(&logBuf, nil))}
			h := skill.Chain(tc.h, Middleware("alexa", "abc123", known, lg, emf))
			_, _ = h.Handle(context.Background(), secretRequest(tc.intent))
			for _, out := range []string{buf.String(), logBuf.String()} {
				assert.NotContains(t, out, "SECRET")
				assert.NotContains(t, out, "Amelia")
				assert.Equal(t, 1, strings.Count(out, "\n"), "one line per request")
				var m map[string]any
				require.NoError(t, json.Unmarshal([]byte(out), &m))
				intent := m["intent"]
				if intent == nil {
					intent = m["Intent"]
				}
				assert.Equal(t, tc.wantIntent, intent)
			}
			assert.Contains(t, logBuf.String(), `"outcome":"`+tc.wantOutcome+`"`)
			assert.Contains(t, logBuf.String(), `"content_version":"abc123"`)
			assert.Contains(t, logBuf.String(), `"error_kind":"`+tc.wantKind+`"`)
		})
	}
}

func TestEMFCountsOutcomes(t *testing.T) {
	var buf bytes.Buffer
	emf := &EMF{W: &buf}
	for _, o := range []skill.Outcome{skill.OutcomeFallback, skill.OutcomeUrgent, skill.OutcomeBlocked} {
		buf.Reset()
		emf.Record(Event{Platform: "alexa", Outcome: o})
		var m map[string]any
		require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
		assert.EqualValues(t, 1, m["Requests"])
		sum := m["Fallbacks"].(float64) + m["UrgentHelp"].(float64) + m["UnapprovedBlocked"].(float64)
		assert.EqualValues(t, 1, sum, "exactly one outcome metric for %s", o)
		assert.Contains(t, m, "_aws")
	}
}
