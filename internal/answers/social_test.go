package answers_test

import (
	"context"
	"testing"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGreetingAndThanks: a greeting is a welcome (the full one when it opens the
// session, a short one later) and thanks offers anything else in a
// conversation or closes warmly on its own; neither loses the topic or the age.
func TestGreetingAndThanks(t *testing.T) {
	a := newApp(t, false)
	tests := []struct {
		name  string
		steps []step
	}{
		{"a greeting opens with the full welcome", []step{
			{intent: skill.GreetingIntent, outcome: skill.OutcomeWelcome, contains: "999"},
		}},
		{"a greeting mid-session is short and keeps the topic", []step{
			{say: "how do i get a good latch", topic: "latch", outcome: skill.OutcomeTopic},
			{intent: skill.GreetingIntent, outcome: skill.OutcomeWelcome, contains: "Hello again"},
			{intent: skill.MoreIntent, topic: "latch", outcome: skill.OutcomeMore},
		}},
		{"a greeting keeps the age", []step{
			{intent: skill.BabyAgeIntent, slots: age("6", "week"), outcome: skill.OutcomeAskAge, ageDays: 42},
			{intent: skill.GreetingIntent, outcome: skill.OutcomeWelcome, ageDays: 42},
		}},
		{"thanks mid-topic offers anything else, then no ends", []step{
			{say: "what is mastitis", topic: "mastitis"},
			{intent: skill.ThanksIntent, outcome: skill.OutcomeAnything, contains: "You're welcome. Is there anything else"},
			{intent: skill.NoIntent, outcome: skill.OutcomeGoodbye, end: true},
		}},
		{"thanks then yes asks what", []step{
			{say: "what is mastitis", topic: "mastitis"},
			{intent: skill.ThanksIntent, outcome: skill.OutcomeAnything},
			{intent: skill.YesIntent, outcome: skill.OutcomeAnything, contains: "What would you like to know"},
		}},
		{"thanks keeps the age", []step{
			{intent: skill.BabyAgeIntent, slots: age("10", "day"), ageDays: 10},
			{intent: skill.ThanksIntent, outcome: skill.OutcomeAnything, ageDays: 10},
		}},
		{"thanks that opens a session closes it warmly", []step{
			{intent: skill.ThanksIntent, outcome: skill.OutcomeGoodbye, end: true, contains: "You're welcome"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, a, tc.steps) })
	}
}

func age(n, unit string) map[string]skill.Slot {
	return map[string]skill.Slot{skill.AgeNumberSlot: {Value: n}, skill.AgeUnitSlot: {Value: unit, ID: unit}}
}

// TestGreetingsAndThanksAreUnderstood: the offline NLU takes greetings and
// thanks said on their own, and the question when one is asked with them.
func TestGreetingsAndThanksAreUnderstood(t *testing.T) {
	a := newApp(t, false)
	tests := []struct{ text, intent string }{
		{"hello", skill.GreetingIntent},
		{"hi", skill.GreetingIntent},
		{"hiya", skill.GreetingIntent},
		{"good morning", skill.GreetingIntent},
		{"hey there", skill.GreetingIntent},
		{"thanks", skill.ThanksIntent},
		{"thank you", skill.ThanksIntent},
		{"cheers", skill.ThanksIntent},
		{"that helped thanks", skill.ThanksIntent},
		{"no thanks", skill.NoIntent},
		{"thank you that's everything", skill.StopIntent},
		{"hi how do i get a good latch", "LatchIntent"},
		{"thanks, how often should she feed", "HowOftenIntent"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			r := a.NLU.Parse(tc.text)
			assert.Equal(t, tc.intent, r.Intent)
			resp, err := a.Handler.Handle(context.Background(), r.Request(tc.text, nil, true))
			require.NoError(t, err)
			assert.NotContains(t, resp.Speech.Text(), "don't know about that")
			assert.NotEqual(t, skill.OutcomeUrgent, resp.Outcome, "a greeting is never a red flag")
		})
	}
}
