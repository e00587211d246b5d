package skill

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestIntentNames holds the one mapping between neutral and Alexa intent
// names that the model generator, the Alexa adapter and the harness share.
func TestIntentNames(t *testing.T) {
	tests := []struct{ alexa, neutral string }{
		{"AMAZON.HelpIntent", HelpIntent},
		{"AMAZON.StopIntent", StopIntent},
		{"AMAZON.CancelIntent", CancelIntent},
		{"AMAZON.FallbackIntent", FallbackIntent},
		{"AMAZON.YesIntent", YesIntent},
		{"AMAZON.NoIntent", NoIntent},
		{"AMAZON.MoreIntent", MoreIntent},
		{"AMAZON.RepeatIntent", RepeatIntent},
		{"AMAZON.NavigateHomeIntent", NavigateHomeIntent},
		{"AMAZON.StartOverIntent", StartOverIntent},
		{"TopicIntent", TopicIntent},
		{"LatchIntent", "LatchIntent"},
	}
	for _, tc := range tests {
		t.Run(tc.alexa, func(t *testing.T) {
			assert.Equal(t, tc.neutral, NeutralIntentName(tc.alexa))
			assert.Equal(t, tc.alexa, AlexaIntentName(tc.neutral))
		})
	}
	assert.Equal(t, MoreIntent, NeutralIntentName("AMAZON.NextIntent"))
	assert.Equal(t, FallbackIntent, NeutralIntentName("AMAZON.PauseIntent"), "built-ins the skill does not know fall back")
}

func TestAgeUnitDays(t *testing.T) {
	tests := []struct {
		unit string
		days int
		ok   bool
	}{
		{"day", 1, true}, {"days", 1, true}, {"Weeks", 7, true}, {"week old", 7, true}, {"weeks old", 7, true},
		{"fortnight", 14, true}, {"fortnights", 14, true}, {"month", 30, true}, {"months old", 30, true},
		{"year", 0, false}, {"", 0, false}, {"hours", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.unit, func(t *testing.T) {
			d, ok := AgeUnitDays(tc.unit)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.days, d)
		})
	}
}
