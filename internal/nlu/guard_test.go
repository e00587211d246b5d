package nlu

import (
	"context"
	"testing"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDescribeIntentCarriesTheWords: on Alexa the words of a Describe intent's
// phrase slot are all the skill hears; the Guard reads them (with the carrier's
// subject) through the red-flag layer and the NLU.
func TestDescribeIntentCarriesTheWords(t *testing.T) {
	n := realNLU(t)
	var got *skill.Request
	h := Guard(n)(skill.HandlerFunc(func(_ context.Context, r *skill.Request) (*skill.Response, error) {
		got = r
		return &skill.Response{}, nil
	}))
	tests := []struct {
		name, intent, words string
		wantIntent, wantWho string
	}{
		{"baby's words", skill.DescribeBabyIntent, "has gone blue around the lips", skill.UrgentHelpIntent, "baby"},
		{"mother's words", skill.DescribeSelfIntent, "am soaking a pad every hour", skill.UrgentHelpIntent, "mother"},
		{"ordinary words", skill.DescribeIntent, "how do i get a deeper latch", "LatchIntent", ""},
		{"no words", skill.DescribeIntent, "", skill.DescribeIntent, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := &skill.Request{Type: skill.Intent, Intent: tc.intent,
				Slots: map[string]skill.Slot{skill.DescriptionSlot: {Value: tc.words}}}
			_, err := h.Handle(context.Background(), req)
			require.NoError(t, err)
			assert.Equal(t, tc.wantIntent, got.Intent)
			assert.Equal(t, tc.wantWho, got.Slot(skill.WhoSlot))
		})
	}
}

// TestLazyGuardBuildsOnlyForWords: requests without words never build the NLU.
func TestLazyGuardBuildsOnlyForWords(t *testing.T) {
	built := 0
	n := realNLU(t)
	h := LazyGuard(func() (*NLU, error) { built++; return n, nil })(skill.HandlerFunc(func(_ context.Context, r *skill.Request) (*skill.Response, error) {
		return &skill.Response{}, nil
	}))
	_, err := h.Handle(context.Background(), &skill.Request{Type: skill.Intent, Intent: "LatchIntent"})
	require.NoError(t, err)
	assert.Equal(t, 0, built)
	_, err = h.Handle(context.Background(), &skill.Request{Type: skill.Intent, Intent: skill.DescribeBabyIntent,
		Slots: map[string]skill.Slot{skill.DescriptionSlot: {Value: "is floppy"}}})
	require.NoError(t, err)
	assert.Equal(t, 1, built)
}

// TestGuardSetsTheSafetyNet: words close to a red flag without being one set
// SafetyNet, whether they come as the utterance (Dialogflow, the web, text) or
// in a Describe intent's phrase slot (Alexa, through LazyGuard); a red flag,
// an ordinary question and a baby's age said alone (to which the detector
// gives about 0.5: many red flags give an age) do not.
func TestGuardSetsTheSafetyNet(t *testing.T) {
	n := realNLU(t)
	var close_ string
	for _, c := range detectorCorpora(t) {
		for _, it := range c.Items {
			if _, caution, red := n.Assess(it.Text); caution && !red {
				close_ = it.Text
				break
			}
		}
		if close_ != "" {
			break
		}
	}
	require.NotEmpty(t, close_, "a development line close to a red flag")
	var got *skill.Request
	next := skill.HandlerFunc(func(_ context.Context, r *skill.Request) (*skill.Response, error) {
		got = r
		return &skill.Response{}, nil
	})
	tests := []struct {
		name  string
		req   skill.Request
		net   bool
		guard skill.Middleware
	}{
		{"utterance close to a red flag", skill.Request{Intent: skill.FallbackIntent, Utterance: close_}, true, Guard(n)},
		{"phrase slot close to a red flag", skill.Request{Intent: skill.DescribeIntent,
			Slots: map[string]skill.Slot{skill.DescriptionSlot: {Value: close_}}}, true, LazyGuard(func() (*NLU, error) { return n, nil })},
		{"a red flag", skill.Request{Intent: "LatchIntent", Utterance: "my baby is floppy and not breathing"}, false, Guard(n)},
		{"an ordinary question", skill.Request{Intent: "LatchIntent", Utterance: "how do i get a deeper latch"}, false, Guard(n)},
		{"an age alone", skill.Request{Intent: skill.BabyAgeIntent, Utterance: "she's 3 weeks old"}, false, Guard(n)},
		{"an age alone, in the phrase slot", skill.Request{Intent: skill.DescribeBabyIntent,
			Slots: map[string]skill.Slot{skill.DescriptionSlot: {Value: "is 1 week old"}}}, false, LazyGuard(func() (*NLU, error) { return n, nil })},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req
			req.Type = skill.Intent
			_, err := tc.guard(next).Handle(context.Background(), &req)
			require.NoError(t, err)
			assert.Equal(t, tc.net, got.SafetyNet)
		})
	}
}
