package channel

import (
	"context"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const transferLine = "+443001234567"

// TestCXPhoneCall drives the CX webhook as the phone gateway would: urgent help
// at the NHS 111 level on a call is spoken and the call transferred to the
// configured number; an emergency on a call is told to hang up and dial 999,
// never transferred; a chat session (no telephony payload) or a skill with no
// number configured transfers nothing.
func TestCXPhoneCall(t *testing.T) {
	sk, err := config.Embedded()
	require.NoError(t, err)
	sk.PhoneTransfer = map[string]string{"england": transferLine}
	require.NoError(t, sk.Validate())
	configured, err := app.New(app.Config{Skill: sk, NLU: true})
	require.NoError(t, err)
	withNumber, err := New("dialogflow-cx", configured)
	require.NoError(t, err)
	withoutNumber := platform(t, "dialogflow-cx")

	call := func(p Platform) Conversation { return p.(Caller).Call() }
	chat := func(p Platform) Conversation { return p.Start() }
	const urgent, emergency = "she hasn't had a wet nappy since this morning, about nine hours", "my baby has gone blue"
	tests := []struct {
		name     string
		p        Platform
		start    func(Platform) Conversation
		before   string // said first, when set
		said     string
		transfer string
		hangUp   bool
	}{
		{"111 level on a call is transferred", withNumber, call, "", urgent, transferLine, false},
		{"111 level after a topic on a call is transferred", withNumber, call, "how do i get a good latch", urgent, transferLine, false},
		{"999 level on a call: hang up and dial 999, no transfer", withNumber, call, "", emergency, "", true},
		{"111 level in a chat", withNumber, chat, "", urgent, "", false},
		{"999 level in a chat", withNumber, chat, "", emergency, "", false},
		{"111 level on a call, no number configured", withoutNumber, call, "", urgent, "", false},
		{"999 level on a call, no number configured", withoutNumber, call, "", emergency, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conv := tc.start(tc.p)
			if tc.before != "" {
				r, err := conv.Send(context.Background(), Turn{Utterance: tc.before})
				require.NoError(t, err)
				assert.Empty(t, r.Transfer, "a topic is never transferred")
				assert.False(t, r.EndSession)
			}
			r, err := conv.Send(context.Background(), Turn{Utterance: tc.said})
			require.NoError(t, err)
			assert.Equal(t, "urgent-help", r.Topic, r.Speech)
			assert.True(t, r.EndSession, "urgent help ends the session")
			assert.Equal(t, tc.transfer, r.Transfer, r.Speech)
			assert.Equal(t, tc.transfer != "", strings.Contains(string(r.Raw), `"telephonyTransferCall"`))
			assert.Equal(t, tc.hangUp, strings.HasPrefix(r.Speech, "Hang up and dial 999 now."), r.Speech)
			if tc.transfer != "" {
				assert.Equal(t, "urgent", r.UrgentLevel)
				assert.Contains(t, r.Speech, "putting you through to NHS 111")
			} else {
				assert.NotContains(t, r.Speech, "putting you through")
			}
		})
	}
}

// TestOnlyCXTakesPhoneCalls: of the drivers, only dialogflow-cx can place a
// phone call, as only CX's adapter reads one.
func TestOnlyCXTakesPhoneCalls(t *testing.T) {
	for _, name := range Names() {
		_, ok := platform(t, name).(Caller)
		assert.Equal(t, name == "dialogflow-cx", ok, name)
	}
}
