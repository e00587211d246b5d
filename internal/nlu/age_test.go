package nlu

import (
	"context"
	"testing"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAgeIsNotADuration: a length of time or a moment is never the baby's age;
// the ways parents say the age still are.
func TestAgeIsNotADuration(t *testing.T) {
	n := newNormaliser(map[string]string{"pooped": "pooed"})
	tests := []struct {
		in   string
		want Age // the zero Age: no age
	}{
		// ages
		{"my 3 day old", Age{3, "day"}},
		{"she's 3 days old", Age{3, "day"}},
		{"he is 6 weeks", Age{6, "week"}},
		{"6 week old baby", Age{6, "week"}},
		{"born 3 days ago", Age{3, "day"}},
		{"she was born about a week ago", Age{1, "week"}},
		{"she's six weeks", Age{6, "week"}},
		{"he is a month old", Age{1, "month"}},
		{"she is a week", Age{1, "week"}},
		{"about a fortnight", Age{2, "week"}},
		{"twenty one days", Age{21, "day"}},
		{"two and a half weeks old", Age{2, "week"}},
		{"how many wet nappies should my 5 day old have", Age{5, "day"}},
		{"wet nappies at 5 days", Age{5, "day"}},
		{"she's nearly 6 weeks and feeding all the time", Age{6, "week"}},
		{"my baby is 10 days and hasn't pooed in 3 days", Age{10, "day"}},
		{"he hasn't pooed in 2 days and he's 3 weeks old", Age{3, "week"}},
		{"at 6 weeks of age", Age{6, "week"}},
		{"close to 6 weeks", Age{6, "week"}},
		{"my 6 week baby", Age{6, "week"}},
		// durations and moments
		{"he hasn't pooed in 3 days", Age{}},
		{"she's been feeding for 2 hours", Age{}},
		{"she's been feeding for 2 days", Age{}},
		{"every 3 hours", Age{}},
		{"every 3 days", Age{}},
		{"for 5 days now", Age{}},
		{"in 2 weeks I go back to work", Age{}},
		{"last 3 days", Age{}},
		{"over the last 3 days", Age{}},
		{"3 days ago", Age{}},
		{"my milk came in 3 days ago", Age{}},
		{"it's been 3 days", Age{}},
		{"3 days without a poo", Age{}},
		{"no poo for nearly a week", Age{}},
		{"she was born 3 weeks early", Age{}},
		{"I'm 6 weeks pregnant", Age{}},
		{"3 days in a row", Age{}},
		{"up to 6 months", Age{}},
		{"the first 6 weeks", Age{}},
		{"feed 8 times a day", Age{}},
		{"how many wet nappies a day", Age{}},
		{"once a week", Age{}},
		{"in a fortnight", Age{}},
		{"every few days", Age{}},
		{"how many weeks should I feed", Age{}},
		{"3 days of cluster feeding", Age{}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, _, _, ok := findAge(n.canon(tc.in))
			assert.Equal(t, tc.want != Age{}, ok, "an age found")
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestParseKeepsDurationsOutOfTheAge: the parse of a whole question carries the
// age slots only for an age.
func TestParseKeepsDurationsOutOfTheAge(t *testing.T) {
	n := realNLU(t)
	tests := []struct {
		text string
		age  string // ageNumber slot, "" for none
	}{
		{"he hasn't pooed in 3 days", ""},
		{"she's been feeding for 2 hours straight", ""},
		{"she wants feeding every 3 hours", ""},
		{"he's been fussy at the breast for 5 days now", ""},
		{"in 2 weeks I go back to work, how do I express", ""},
		{"she's only had 2 dirty nappies in the last 3 days", ""},
		{"my nipples started cracking 3 days ago", ""},
		{"how many wet nappies should my 3 day old have", "3"},
		{"she's 3 days old, how many dirty nappies", "3"},
		{"he is 6 weeks, how often should he feed", "6"},
		{"how often should a 6 week old baby feed", "6"},
		{"she was born 3 days ago and isn't pooing much", "3"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			r := n.Parse(tc.text)
			assert.Equal(t, tc.age, r.Slots[skill.AgeNumberSlot].Value)
			if tc.age == "" {
				assert.NotContains(t, r.Slots, skill.AgeUnitSlot)
				assert.NotEqual(t, skill.BabyAgeIntent, r.Intent)
			}
		})
	}
}

// TestGuardAge: Guard adds the age said in the words and never takes a
// duration for it, also when the platform's own understanding did.
func TestGuardAge(t *testing.T) {
	n := realNLU(t)
	var got *skill.Request
	h := Guard(n)(skill.HandlerFunc(func(_ context.Context, req *skill.Request) (*skill.Response, error) {
		got = req
		return &skill.Response{}, nil
	}))
	platformAge := map[string]skill.Slot{skill.AgeNumberSlot: {Value: "3"}, skill.AgeUnitSlot: {Value: "days", ID: "day"}}
	tests := []struct {
		name, utterance, intent string
		slots                   map[string]skill.Slot
		want                    string // ageNumber after Guard
	}{
		{"age said in a question", "how many wet nappies for my 4 day old", "NappiesIntent", nil, "4"},
		{"duration is not added", "he hasn't pooed in 3 days", "NappiesIntent", nil, ""},
		{"a duration the platform took for an age is dropped", "he hasn't pooed in 3 days", "NappiesIntent", platformAge, ""},
		{"an age the platform found is kept", "how many wet nappies should my 3 day old have", "NappiesIntent", platformAge, "3"},
		{"BabyAgeIntent is the platform's to read", "three days", skill.BabyAgeIntent, platformAge, "3"},
		{"no words: the platform's slots stand", "", "NappiesIntent", platformAge, "3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.Handle(context.Background(), &skill.Request{Type: skill.Intent, Intent: tc.intent, Utterance: tc.utterance, Slots: tc.slots})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Slots[skill.AgeNumberSlot].Value)
			if tc.want == "" {
				assert.Empty(t, got.Slots[skill.AgeUnitSlot].Key())
			}
		})
	}
}
