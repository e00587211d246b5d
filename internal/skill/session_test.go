package skill

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSessionKeysAndWords(t *testing.T) {
	for _, k := range []string{SessionTopic, SessionPart, SessionLast, SessionPending, SessionFallbacks, SessionAgeDays,
		SessionAnswered, SessionApproved, SessionUrgentLevel, SessionUrgentVariant} {
		got, ok := SessionKey([]byte(k))
		assert.True(t, ok, k)
		assert.Equal(t, k, got)
	}
	for _, o := range []Outcome{OutcomeWelcome, OutcomeTopic, OutcomeMore, OutcomeRepeat, OutcomeHelp, OutcomeAskAge,
		OutcomeAnything, OutcomeGoodbye, OutcomeFallback, OutcomeUrgent} {
		w, ok := SessionWord([]byte(o))
		assert.True(t, ok, o)
		assert.Equal(t, any(string(o)), w)
		w, ok = SessionWord(string(o))
		assert.True(t, ok, o)
		assert.Equal(t, any(string(o)), w)
	}
	tests := []struct{ name, in string }{{"another key", "turns"}, {"another word", "latch"}, {"empty", ""}, {"case matters", "Topic"}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ok := SessionKey([]byte(tc.in))
			assert.False(t, ok)
			_, ok = SessionWord(tc.in)
			assert.False(t, ok)
		})
	}
}
