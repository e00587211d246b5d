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
