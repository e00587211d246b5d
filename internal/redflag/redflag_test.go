package redflag

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// words is a stand-in stemmer for these tests: lower case, split on spaces.
func words(p string) []string { return strings.Fields(strings.ToLower(p)) }

func set(t *testing.T, sits ...Situation) *Set {
	t.Helper()
	concepts := map[string][]string{
		"baby": {"baby", "he", "she", "my little one"},
		"blue": {"blue", "purple", "grey"},
		"body": {"lips", "face", "skin"},
	}
	s, err := Compile(concepts, sits, Scope{}, words)
	require.NoError(t, err)
	return s
}

func TestMatch(t *testing.T) {
	blue := Situation{ID: "blue", Who: Baby, Level: Emergency, Source: "x",
		Any: []string{"{baby} ~ {blue}"}, All: [][]string{{"{blue}"}, {"{body}"}}, Near: 3,
		Not: []string{"{blue} nipple"}}
	fever := Situation{ID: "fever", Who: Baby, Level: Emergency, Source: "x", Needs: Needs{AgeUnderDays: 90, TempAtLeast: 38}}
	nappy := Situation{ID: "nappy", Who: Baby, Level: Urgent, Source: "x", Any: []string{"no wet nappy"}, Needs: Needs{HoursAtLeast: 8}}
	breathing := Situation{ID: "breathing", Who: Baby, Level: Emergency, Source: "x", Any: []string{"not breathing"}}
	s := set(t, blue, fever, nappy, breathing)
	tests := []struct {
		name, text string
		facts      Facts
		want       string
	}{
		{"concept and gap", "she has gone blue", Unknown, "blue"},
		{"gap of at most three words", "she has gone a bit blue", Unknown, ""},
		{"all groups near", "her lips look purple", Unknown, "blue"},
		{"all groups too far apart", "her lips are fine and the blanket we bought in town is blue", Unknown, ""},
		{"negated sign", "her lips are not blue", Unknown, ""},
		{"doubt is not denial", "not sure if she is blue", Unknown, "blue"},
		{"negation pattern itself", "he is not breathing", Unknown, "breathing"},
		{"cancel phrase", "she latched and now i have a blue nipple", Unknown, ""},
		{"needs met", "she is hot", Facts{AgeDays: 30, TempC: 38.4}, "fever"},
		{"needs: too old", "she is hot", Facts{AgeDays: 120, TempC: 38.4}, ""},
		{"needs: age unknown", "she is hot", Facts{AgeDays: -1, TempC: 38.4}, ""},
		{"hours met", "no wet nappy since this morning", Facts{AgeDays: -1, Hours: 12}, "nappy"},
		{"hours not met", "no wet nappy since the last feed", Facts{AgeDays: -1, Hours: 0}, ""},
		{"gap never crosses a negation", "her lips are not really blue", Unknown, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, ok := s.Match(words(tc.text), tc.facts)
			if tc.want == "" {
				assert.False(t, ok, "matched %s", h.ID)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.want, h.ID)
		})
	}
}

func TestEmergencyBeforeUrgent(t *testing.T) {
	s := set(t,
		Situation{ID: "u", Level: Urgent, Source: "x", Any: []string{"floppy"}},
		Situation{ID: "e", Level: Emergency, Source: "x", Any: []string{"floppy"}})
	h, ok := s.Match(words("he is floppy"), Unknown)
	require.True(t, ok)
	assert.Equal(t, "e", h.ID)
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		sit  Situation
		want string
	}{
		{"unknown concept", Situation{ID: "a", Any: []string{"{nope} blue"}}, "unknown concept {nope}"},
		{"starts with a gap", Situation{ID: "a", Any: []string{"~ blue"}}, "must start and end with words"},
		{"cancel silences its own sign", Situation{ID: "a", Any: []string{"confused"}, Not: []string{"confused"}}, "would cancel the sign"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile(nil, []Situation{tc.sit}, Scope{}, words)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestFacts(t *testing.T) {
	tests := []struct {
		text  string
		temp  float64
		hours float64
	}{
		{"his temperature is 38.2", 38.2, 0},
		{"she's 38 point 5", 38.5, 0},
		{"thermometer says 101F", 38.3, 0},
		{"she is 38 weeks pregnant", 0, 0},
		{"39C and shivering", 39, 0},
		{"no wet nappy for 10 hours", 0, 10},
		{"no wee since 6am and it's 5pm", 0, 11},
		{"not since midday, now 10pm", 0, 10},
		{"dry all day", 0, 12},
		{"a fever and she has only had 36 ml", 0, 0},
		{"born at 36 weeks and has a fever", 0, 0},
		{"since lunchtime yesterday", 0, 12},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			f := ReadFacts(tc.text, -1)
			assert.InDelta(t, tc.temp, f.TempC, 0.05)
			assert.InDelta(t, tc.hours, f.Hours, 0.01)
		})
	}
}

func TestRepair(t *testing.T) {
	s := set(t, Situation{ID: "fit", Level: Emergency, Source: "x", Any: []string{"seizure", "struggling"}})
	known := func(w string) bool { return w == "seizes" }
	tests := []struct{ in, want string }{
		{"she had a siezure", "she had a seizure"}, // two letters swapped
		{"he is strugling", "he is struggling"},    // a letter dropped
		{"he seizes", "he seizes"},                 // a known word is never changed
		{"abc", "abc"},                             // short words are left alone
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, strings.Join(s.Repair(words(tc.in), known), " "))
		})
	}
}

func TestHoursInWords(t *testing.T) {
	assert.InDelta(t, 9.0, Hours("no wet nappy from eleven this morning to eight at night"), 0.01)
	assert.GreaterOrEqual(t, Hours("no wet nappy since like eleven this morning and it is eight at night"), 8.0)
}

func TestSpokenNumbers(t *testing.T) {
	assert.InDelta(t, 39.2, Temperature("my four month old has a temperature of thirty nine point two"), 0.01)
	assert.InDelta(t, 10.0, Hours("last wet nappy at six this morning and it's now four o'clock"), 0.01)
}

// TestScope holds the rules that say signs are not about this baby or mother
// now: a general question, someone else, something long over.
func TestScope(t *testing.T) {
	concepts := map[string][]string{"baby": {"baby", "he", "she"}}
	sits := []Situation{
		{ID: "rash", Who: Baby, Level: Emergency, Source: "x", Any: []string{"rash that does not fade"}},
		{ID: "not-breathing", Who: Baby, Level: Emergency, Source: "x", Any: []string{"stops breathing"}, InGeneral: true},
		{ID: "panting", Who: Baby, Level: Urgent, Source: "x", Any: []string{"is panting"}},
		{ID: "fever", Who: Mother, Level: Urgent, Source: "x", Any: []string{"has a fever", "have a fever"}},
	}
	scope := Scope{
		Cancel:   []string{"my last baby"},
		General:  []string{"what does a", "in a baby"},
		Personal: []string{"my", "he", "she", "i"},
		Others:   []Other{{Name: "animal", Words: []string{"dog"}, About: []string{Baby, Mother}}, {Name: "man", Words: []string{"husband"}, About: []string{Mother}}},
		Anchors:  map[string][]string{Baby: {"baby"}, Mother: {"i have", "my wife"}},
	}
	s, err := Compile(concepts, sits, scope, words)
	require.NoError(t, err)
	tests := []struct{ text, want string }{
		{"what does a rash that does not fade look like", ""},
		{"what does a rash that does not fade mean, she has one", "rash"},
		{"my baby has a rash that does not fade", "rash"},
		{"what to do when a baby in a baby group stops breathing", "not-breathing"},
		{"our dog is panting", ""},
		{"the dog barked and now the baby is panting", "panting"},
		{"my husband has a fever", ""},
		{"my husband says i have a fever", "fever"},
		{"my husband says my wife has a fever", "fever"},
		{"with my last baby i had a fever", ""},
		{"i have a fever", "fever"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			h, _ := s.Match(words(tc.text), Unknown)
			assert.Equal(t, tc.want, h.ID)
		})
	}
}

func TestScopeErrors(t *testing.T) {
	sit := Situation{ID: "x", Who: Baby, Level: Urgent, Source: "x", Any: []string{"blue"}}
	tests := []struct {
		name  string
		scope Scope
		want  string
	}{
		{"general without personal words", Scope{General: []string{"what is a"}}, "personal"},
		{"others about someone without anchors", Scope{Others: []Other{{Name: "dog", Words: []string{"dog"}, About: []string{Baby}}}}, "no anchors for baby"},
		{"unknown person", Scope{Anchors: map[string][]string{"dad": {"dad"}}}, "is not baby"},
		{"a cancel phrase that cancels a sign", Scope{Cancel: []string{"blue"}}, "would cancel the sign"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile(nil, []Situation{sit}, tc.scope, words)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
