package alexa_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCanFulfill(t *testing.T) {
	match := func(id string) *alexa.Resolutions {
		return &alexa.Resolutions{ResolutionsPerAuthority: []alexa.Resolution{{
			Authority: "amzn1.er-authority.echo-sdk." + testSkillID + ".TopicType",
			Status:    alexa.ResolutionStatus{Code: alexa.ERSuccessMatch},
			Values:    []alexa.ResolutionValue{{Value: alexa.ResolvedValue{Name: id, ID: id}}},
		}}}
	}
	noMatch := &alexa.Resolutions{ResolutionsPerAuthority: []alexa.Resolution{{Status: alexa.ResolutionStatus{Code: alexa.ERSuccessNoMatch}}}}
	timeout := &alexa.Resolutions{ResolutionsPerAuthority: []alexa.Resolution{{Status: alexa.ResolutionStatus{Code: alexa.ERErrorTimeout}}}}
	type slots = map[string]alexa.Slot
	tests := []struct {
		name      string
		intent    *alexa.Intent
		want      string
		wantSlots map[string]alexa.CanFulfillSlot
	}{
		{"topic intent", &alexa.Intent{Name: "LatchIntent"}, alexa.Yes, nil},
		{"urgent help", &alexa.Intent{Name: "UrgentHelpIntent"}, alexa.Yes, nil},
		{"topic slot resolved", &alexa.Intent{Name: "TopicIntent", Slots: slots{"topic": {Name: "topic", Value: "latching", Resolutions: match("latch")}}},
			alexa.Yes, map[string]alexa.CanFulfillSlot{"topic": {CanUnderstand: alexa.Yes, CanFulfill: alexa.Yes}}},
		{"topic slot resolved to an id the skill lacks", &alexa.Intent{Name: "TopicIntent", Slots: slots{"topic": {Name: "topic", Value: "x", Resolutions: match("retired")}}},
			alexa.No, map[string]alexa.CanFulfillSlot{"topic": {CanUnderstand: alexa.No, CanFulfill: alexa.No}}},
		{"topic slot not matched", &alexa.Intent{Name: "TopicIntent", Slots: slots{"topic": {Name: "topic", Value: "mortgages", Resolutions: noMatch}}},
			alexa.No, map[string]alexa.CanFulfillSlot{"topic": {CanUnderstand: alexa.No, CanFulfill: alexa.No}}},
		{"topic slot known word, no resolution", &alexa.Intent{Name: "TopicIntent", Slots: slots{"topic": {Name: "topic", Value: "Latch On"}}},
			alexa.Yes, map[string]alexa.CanFulfillSlot{"topic": {CanUnderstand: alexa.Yes, CanFulfill: alexa.Yes}}},
		{"topic slot unknown word, resolution timed out", &alexa.Intent{Name: "TopicIntent", Slots: slots{"topic": {Name: "topic", Value: "nursing", Resolutions: timeout}}},
			alexa.Maybe, map[string]alexa.CanFulfillSlot{"topic": {CanUnderstand: alexa.Maybe, CanFulfill: alexa.No}}},
		{"topic slot empty", &alexa.Intent{Name: "TopicIntent", Slots: slots{"topic": {Name: "topic"}}},
			alexa.No, map[string]alexa.CanFulfillSlot{"topic": {CanUnderstand: alexa.No, CanFulfill: alexa.No}}},
		{"no topic slot", &alexa.Intent{Name: "TopicIntent"}, alexa.No, nil},
		{"baby's age", &alexa.Intent{Name: "BabyAgeIntent", Slots: slots{"ageNumber": {Value: "6"}, "ageUnit": {Value: "weeks"}}},
			alexa.Maybe, map[string]alexa.CanFulfillSlot{"ageNumber": {CanUnderstand: alexa.Yes, CanFulfill: alexa.Yes}, "ageUnit": {CanUnderstand: alexa.Yes, CanFulfill: alexa.Yes}}},
		{"baby's age not a number", &alexa.Intent{Name: "BabyAgeIntent", Slots: slots{"ageNumber": {Value: "?"}, "ageUnit": {Value: "years"}}},
			alexa.Maybe, map[string]alexa.CanFulfillSlot{"ageNumber": {CanUnderstand: alexa.No, CanFulfill: alexa.No}, "ageUnit": {CanUnderstand: alexa.No, CanFulfill: alexa.No}}},
		{"help", &alexa.Intent{Name: "AMAZON.HelpIntent"}, alexa.Maybe, nil},
		{"stop", &alexa.Intent{Name: "AMAZON.StopIntent"}, alexa.No, nil},
		{"yes", &alexa.Intent{Name: "AMAZON.YesIntent"}, alexa.No, nil},
		{"more", &alexa.Intent{Name: "AMAZON.MoreIntent"}, alexa.No, nil},
		{"fallback", &alexa.Intent{Name: "AMAZON.FallbackIntent"}, alexa.No, nil},
		{"unknown intent", &alexa.Intent{Name: "OrderPizzaIntent"}, alexa.No, nil},
		{"no intent", nil, alexa.No, nil},
	}
	called := false
	h := skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
		called = true
		return &skill.Response{}, nil
	})
	a := newAdapter(h, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := &alexa.RequestEnvelope{Version: "1.0", Request: alexa.Request{Type: alexa.CanFulfillIntentRequest, Intent: tc.intent}}
			env.Context.System.Application.ApplicationID = testSkillID
			out, err := a.Serve(context.Background(), env)
			require.NoError(t, err)
			require.NotNil(t, out.Response.CanFulfillIntent)
			assert.Equal(t, tc.want, out.Response.CanFulfillIntent.CanFulfill)
			assert.Equal(t, tc.wantSlots, out.Response.CanFulfillIntent.Slots)
			assert.Nil(t, out.Response.OutputSpeech, "no speech")
			b, err := json.Marshal(out)
			require.NoError(t, err)
			assert.NotContains(t, string(b), "shouldEndSession")
		})
	}
	assert.False(t, called, "CanFulfillIntentRequest has no side effects")

	env := &alexa.RequestEnvelope{Request: alexa.Request{Type: alexa.CanFulfillIntentRequest, Intent: &alexa.Intent{Name: "LatchIntent"}}}
	out, err := alexa.Handler(h, alexa.Config{}).Serve(context.Background(), env)
	require.NoError(t, err)
	assert.Equal(t, alexa.No, out.Response.CanFulfillIntent.CanFulfill, "without a catalog the skill claims nothing")
}
