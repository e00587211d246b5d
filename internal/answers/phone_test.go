package answers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	englandLine = "+443001234567"
	walesLine   = "+442920000000"
)

// phoneApp wires the skill with transfer numbers for England and Wales (none
// when transfer is false), serving nation.
func phoneApp(t *testing.T, transfer bool, nation string, approvedOnly bool) *app.App {
	t.Helper()
	sk, err := config.Embedded()
	require.NoError(t, err)
	if transfer {
		sk.PhoneTransfer = map[string]string{"england": englandLine, "wales": walesLine}
	}
	require.NoError(t, sk.Validate())
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	cfg := app.Config{Skill: sk, Nation: nation, NLU: true, ApprovedOnly: approvedOnly, Now: func() time.Time { return now }}
	if approvedOnly {
		cfg.Content = benefitsApproved(t, now) // urgent help stays a draft
	}
	a, err := app.New(cfg)
	require.NoError(t, err)
	return a
}

// TestUrgentHelpOnAPhoneCall: on a telephone call, an emergency is told to
// hang up and dial 999 and is never transferred; urgent help at the NHS 111
// level is transferred to the nation's configured number after the speech;
// nothing is transferred off a call, without a number, or at an unknown level.
func TestUrgentHelpOnAPhoneCall(t *testing.T) {
	withNumber, withoutNumber := phoneApp(t, true, "", false), phoneApp(t, false, "", false)
	level := func(l string) *skill.Request {
		return &skill.Request{Type: skill.Intent, Intent: skill.UrgentHelpIntent, NewSession: true,
			Slots: map[string]skill.Slot{skill.LevelSlot: {Value: l, ID: l}}}
	}
	words := func(a *app.App, said string) *skill.Request { return a.NLU.Parse(said).Request(said, nil, true) }
	phone := func(r *skill.Request) *skill.Request { r.PhoneCall = true; return r }
	tests := []struct {
		name      string
		a         *app.App
		req       *skill.Request
		transfer  string
		hangUp    bool   // the speech starts "Hang up and dial 999 now."
		inSpeech  string // also said
		notSpoken string
	}{
		{"111 level on a call is transferred", withNumber, phone(level("urgent")), englandLine, false, "putting you through to NHS 111", "cannot make the call"},
		{"111 level in words on a call is transferred", withNumber, phone(words(withNumber, "he hasn't had a wet nappy for ten hours")), englandLine, false, "putting you through to NHS 111", ""},
		{"999 level on a call: hang up and dial, no transfer", withNumber, phone(level("emergency")), "", true, "999", "putting you through"},
		{"999 level in words on a call: hang up and dial, no transfer", withNumber, phone(words(withNumber, "my baby isn't breathing")), "", true, "about your baby", "putting you through"},
		{"the mother's 999 on a call (Alexa-style intent)", withNumber, phone(&skill.Request{Type: skill.Intent, Intent: skill.UrgentMotherIntent, NewSession: true}), "", true, "", "putting you through"},
		{"999 on a call with no number configured", withoutNumber, phone(level("emergency")), "", true, "", ""},
		{"111 level on a call with no number configured", withoutNumber, phone(level("urgent")), "", false, "NHS 111", "putting you through"},
		{"111 level off a call", withNumber, level("urgent"), "", false, "NHS 111", "putting you through"},
		{"999 level off a call", withNumber, level("emergency"), "", false, "999", "Hang up"},
		{"no level on a call: may be an emergency", withNumber, phone(&skill.Request{Type: skill.Intent, Intent: skill.UrgentHelpIntent, NewSession: true}), "", false, "999", "putting you through"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := tc.a.Handler.Handle(context.Background(), tc.req)
			require.NoError(t, err)
			speech := resp.Speech.Text()
			assert.Equal(t, skill.OutcomeUrgent, resp.Outcome, speech)
			assert.True(t, resp.EndSession, "urgent help ends the session")
			assert.Equal(t, tc.transfer, resp.Transfer, speech)
			assert.Equal(t, tc.hangUp, strings.HasPrefix(speech, "Hang up and dial 999 now."), speech)
			if tc.inSpeech != "" {
				assert.Contains(t, speech, tc.inSpeech)
			}
			if tc.notSpoken != "" {
				assert.NotContains(t, speech, tc.notSpoken)
			}
			if tc.transfer != "" {
				assert.Contains(t, speech, "hang up and dial 999", "a transferred caller still hears 999 if things get worse")
			}
		})
	}
}

// TestPhoneTransferIsTheNations: the number and the service named are the
// serving nation's (SKILL_NATION), and a transfer is never blocked by
// approved-only serving, as urgent help never is.
func TestPhoneTransferIsTheNations(t *testing.T) {
	req := func() *skill.Request {
		return &skill.Request{Type: skill.Intent, Intent: skill.UrgentHelpIntent, NewSession: true, PhoneCall: true,
			Slots: map[string]skill.Slot{skill.LevelSlot: {Value: "urgent", ID: "urgent"}}}
	}
	tests := []struct {
		name, nation string
		approvedOnly bool
		transfer     string
		service      string
	}{
		{"England", "england", false, englandLine, "NHS 111"},
		{"Wales", "wales", false, walesLine, "NHS 111 Wales"},
		{"Scotland has none", "scotland", false, "", "NHS 24"},
		{"approved-only, urgent help not approved", "england", true, englandLine, "NHS 111"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := phoneApp(t, true, tc.nation, tc.approvedOnly)
			resp, err := a.Handler.Handle(context.Background(), req())
			require.NoError(t, err)
			assert.Equal(t, tc.transfer, resp.Transfer)
			assert.Contains(t, resp.Speech.Text(), tc.service)
		})
	}
}

// TestNoTransferOutsideUrgentHelp: a topic, the welcome or goodbye on a phone
// call never carries a transfer.
func TestNoTransferOutsideUrgentHelp(t *testing.T) {
	a := phoneApp(t, true, "", false)
	for _, req := range []*skill.Request{
		{Type: skill.Launch, NewSession: true, PhoneCall: true},
		{Type: skill.Intent, Intent: "LatchIntent", NewSession: true, PhoneCall: true},
		{Type: skill.Intent, Intent: skill.StopIntent, NewSession: true, PhoneCall: true},
		{Type: skill.Intent, Intent: skill.FallbackIntent, NewSession: true, PhoneCall: true},
	} {
		resp, err := a.Handler.Handle(context.Background(), req)
		require.NoError(t, err)
		assert.Empty(t, resp.Transfer, "%s %s", req.Type, req.Intent)
	}
}
