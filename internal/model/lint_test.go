package model

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/feedingfriend/skill/intents"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRealModelHasNoLintErrors makes CI fail on lint errors in intents/, the
// offline stand-in for Alexa's conflict detection and Dialogflow's validation.
func TestRealModelHasNoLintErrors(t *testing.T) {
	findings, err := LintFS(intents.FS)
	require.NoError(t, err)
	for _, f := range findings {
		if f.Severity == Error {
			t.Errorf("intents/%s", f)
		} else {
			t.Logf("intents/%s", f)
		}
	}
}

// samplesOf makes n distinct samples with a prefix.
func samplesOf(file, prefix string, n int) []Sample {
	words := []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
		"thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}
	out := make([]Sample, n)
	for i := range out {
		out[i] = Sample{Text: prefix + " " + words[i], File: file, Line: 10 + i}
	}
	return out
}

// base is a small model that lints clean; each case changes one thing.
func base() *Model {
	return &Model{
		Invocation: "feeding friend",
		Builtins: []Intent{
			{Name: "HelpIntent", Builtin: true, File: "model.yaml", Line: 2, Samples: []Sample{
				{"help", "model.yaml", 3}, {"help me", "model.yaml", 3}, {"what can you do", "model.yaml", 3},
				{"menu", "model.yaml", 3}, {"options", "model.yaml", 3}}},
			{Name: "StopIntent", Builtin: true, File: "model.yaml", Line: 4, Samples: []Sample{
				{"stop", "model.yaml", 5}, {"goodbye", "model.yaml", 5}, {"bye", "model.yaml", 5},
				{"quit", "model.yaml", 5}, {"exit", "model.yaml", 5}}},
		},
		Intents: []Intent{
			{Name: "LatchIntent", Topic: "latch", File: "topics/latch.yaml", Line: 2, Samples: samplesOf("topics/latch.yaml", "latch question", 15)},
			{Name: "ThrushIntent", Topic: "thrush", File: "topics/thrush.yaml", Line: 2, Samples: samplesOf("topics/thrush.yaml", "thrush worry", 15)},
			{Name: "TopicIntent", File: "model.yaml", Line: 20, Slots: []SlotDef{{"topic", TopicTypeName}}, Samples: []Sample{
				{"tell me about {topic}", "model.yaml", 21}, {"what about {topic}", "model.yaml", 22}, {"explain {topic}", "model.yaml", 23},
				{"advice on {topic}", "model.yaml", 24}, {"help with {topic}", "model.yaml", 25}}},
		},
		Types: []Type{{Name: TopicTypeName, File: "topics/", Line: 1, Values: []Value{
			{ID: "latch", Synonyms: []string{"latch", "latching"}, Line: 4},
			{ID: "thrush", Synonyms: []string{"thrush", "oral thrush"}, Line: 4},
		}}},
		OutOfScope: []Sample{{"what's the weather", "out-of-scope.yaml", 3}},
	}
}

func TestLintCleanModel(t *testing.T) {
	assert.Empty(t, Lint(base()))
}

func TestLint(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Model)
		want   string // the finding, as printed
	}{
		{"one sample in two intents", func(m *Model) {
			m.Intents[1].Samples[3].Text = "Latch  question one"
		}, `topics/thrush.yaml:13: error: sample "Latch  question one" is in ThrushIntent and in LatchIntent (topics/latch.yaml:10)`},
		{"a sample repeated in one intent", func(m *Model) {
			m.Intents[0].Samples[4].Text = "latch question one"
		}, `topics/latch.yaml:14: warning: sample "latch question one" is repeated in LatchIntent (first at topics/latch.yaml:10) [repeated]`},
		{"near-duplicate by shared words", func(m *Model) {
			m.Intents[0].Samples[0].Text = "how do i know my baby is feeding well"
			m.Intents[1].Samples[0].Text = "how do i know my baby is feeding badly"
		}, `topics/thrush.yaml:10: warning: sample "how do i know my baby is feeding badly" of ThrushIntent competes with "how do i know my baby is feeding well" of LatchIntent (topics/latch.yaml:10): 80% of their words are shared [near-duplicate]`},
		{"near-duplicate without stop words", func(m *Model) {
			m.Intents[0].Samples[0].Text = "can i feed lying down"
			m.Intents[1].Samples[0].Text = "how should she feed lying down"
		}, `they are the same without stop words ("feed lying down")`},
		{"a sample that is a built-in command", func(m *Model) {
			m.Intents[0].Samples[2].Text = "help me"
		}, `topics/latch.yaml:12: error: sample "help me" of LatchIntent is a sample of the built-in HelpIntent (model.yaml:3): the built-in wins on Alexa [builtin-collision]`},
		{"an out-of-scope example close to a built-in", func(m *Model) {
			m.OutOfScope[0].Text = "what can you do now"
		}, `out-of-scope.yaml:3: warning: sample "what can you do now" of out-of-scope competes with "what can you do" of HelpIntent`},
		{"an out-of-scope example that is a topic sample", func(m *Model) {
			m.OutOfScope[0].Text = "thrush worry two"
		}, `error: sample "thrush worry two" is in out-of-scope and in ThrushIntent`},
		{"a synonym of two topics", func(m *Model) {
			m.Types[0].Values[1].Synonyms = append(m.Types[0].Values[1].Synonyms, "Latching")
		}, `topics/thrush.yaml:4: error: "Latching" names both thrush and latch (topics/latch.yaml:4) in TopicType`},
		{"a value of two types", func(m *Model) {
			m.Types = append(m.Types, Type{Name: "PainType", File: "model.yaml", Line: 40, Values: []Value{{ID: "pain", Synonyms: []string{"oral thrush"}, Line: 41}}})
		}, `model.yaml:41: warning: "oral thrush" is a value of PainType (pain) and of TopicType (thrush, topics/thrush.yaml:4) [slot-value]`},
		{"a synonym listed twice", func(m *Model) {
			m.Types[0].Values[0].Synonyms = append(m.Types[0].Values[0].Synonyms, "latching")
		}, `topics/latch.yaml:4: warning: TopicType value latch lists "latching" twice [repeated]`},
		{"a synonym over 140 characters", func(m *Model) {
			m.Types[0].Values[0].Synonyms = append(m.Types[0].Values[0].Synonyms, strings.Repeat("a", 141))
		}, `topics/latch.yaml:4: error: TopicType value latch:`},
		{"a topic with no synonyms", func(m *Model) {
			m.Types[0].Values[0].Synonyms = nil
		}, `topics/latch.yaml:4: warning: topic latch has no synonyms`},
		{"too few samples", func(m *Model) {
			m.Intents[1].Samples = m.Intents[1].Samples[:4]
		}, `topics/thrush.yaml:2: error: ThrushIntent has 4 samples: too few for any platform to learn (want 5 or more) [thin-intent]`},
		{"a thin topic intent", func(m *Model) {
			m.Intents[1].Samples = m.Intents[1].Samples[:14]
		}, `topics/thrush.yaml:2: warning: topic intent ThrushIntent has 14 samples (want 15 or more`},
		{"a thin built-in", func(m *Model) {
			m.Builtins[0].Samples = m.Builtins[0].Samples[:3]
		}, `model.yaml:2: warning: built-in HelpIntent has 3 samples`},
		{"digits", func(m *Model) {
			m.Intents[0].Samples[0].Text = "my 3 day old won't latch"
		}, `topics/latch.yaml:10: error: sample "my 3 day old won't latch" has a digit in "3": write numbers as words [sample-characters]`},
		{"capitals", func(m *Model) {
			m.Intents[0].Samples[0].Text = "can the NHS help with latching"
		}, `has capitals in "NHS"`},
		{"punctuation", func(m *Model) {
			m.Intents[0].Samples[0].Text = "why won't she latch?"
		}, `sample "why won't she latch?" has "?": only lower-case letters`},
		{"spelled letters and hyphens are allowed", func(m *Model) {
			m.Intents[0].Samples[0].Text = "can the n. h. s. help a two-week-old latch"
		}, ``},
		{"an apostrophe after a slot", func(m *Model) {
			m.Intents[2].Samples[0].Text = "tell me about {topic}'s causes"
		}, `model.yaml:21: error: sample "tell me about {topic}'s causes" puts an apostrophe after a slot`},
		{"an undeclared slot", func(m *Model) {
			m.Intents[2].Samples[0].Text = "tell me about {subject}"
		}, `model.yaml:21: error: sample "tell me about {subject}" uses {subject}, which TopicIntent does not declare`},
		{"an unused slot", func(m *Model) {
			m.Intents[2].Slots = append(m.Intents[2].Slots, SlotDef{"age", NumberType})
		}, `model.yaml:20: warning: TopicIntent declares slot age but no sample uses it`},
		{"stray spaces", func(m *Model) {
			m.Intents[0].Samples[0].Text = " latch question zero"
		}, `warning: sample " latch question zero" has stray spaces`},
		{"an empty sample", func(m *Model) {
			m.Intents[0].Samples[0].Text = " "
		}, `topics/latch.yaml:10: error: an empty sample in LatchIntent`},
		{"a reserved intent name", func(m *Model) {
			m.Intents[0].Name = "AMAZONLatchIntent"
		}, `error: intent AMAZONLatchIntent: the AMAZON prefix is reserved`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := base()
			tc.change(m)
			var got []string
			for _, f := range Lint(m) {
				got = append(got, f.String())
			}
			if tc.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.True(t, containsFinding(got, tc.want), "want a finding containing\n  %s\ngot\n  %s", tc.want, strings.Join(got, "\n  "))
		})
	}
}

func TestLintInvocation(t *testing.T) {
	tests := []struct {
		name string
		want string // "" for no finding
		sev  Severity
	}{
		{"feeding friend", "", ""},
		{"b. f. f. helper", "", ""},
		{"mum's milk helper", "", ""},
		{"", "missing", Error},
		{"Feeding Friend", "must be lower case", Error},
		{"feeding friend 2", "has a digit", Error},
		{"feeding-friend", `has '-'`, Error},
		{"ask feeding friend", `launch word "ask"`, Error},
		{"alexa feeding helper", `wake or reserved word "alexa"`, Error},
		{"the friend", `must not contain "the"`, Error},
		{"friend", "is one word", Warning},
		{"feeding.friend helper", "a period may only follow a spelled letter", Error},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := base()
			m.Invocation = tc.name
			fs := Lint(m)
			if tc.want == "" {
				assert.Empty(t, fs)
				return
			}
			require.NotEmpty(t, fs)
			assert.Equal(t, RuleInvocation, fs[0].Rule)
			assert.Equal(t, tc.sev, fs[0].Severity)
			assert.Contains(t, fs[0].Msg, tc.want)
		})
	}
}

func TestLintFSPlacesTheInvocation(t *testing.T) {
	fsys := fstest.MapFS{"model.yaml": {Data: []byte(`# a comment
invocation: ask friend
builtins:
  - {name: HelpIntent, samples: [help, help me, menu, options, what can you do]}
  - {name: StopIntent, samples: [stop, bye, quit, exit, goodbye]}
  - {name: CancelIntent, samples: [cancel, never mind, forget it, cancel that, nevermind]}
  - {name: YesIntent, samples: [yes, yeah, yep, sure, ok]}
  - {name: NoIntent, samples: [no, nope, nah, no thanks, not now]}
  - {name: MoreIntent, samples: [more, tell me more, keep going, next, what else]}
  - {name: RepeatIntent, samples: [repeat, again, pardon, say that again, come again]}
  - {name: NavigateHomeIntent, samples: [home, go home, main menu, back to the start, the beginning]}
  - {name: StartOverIntent, samples: [start over, restart, start again, begin again, from the top]}
intents:
  - {name: TopicIntent, slots: [{name: topic, type: TopicType}], samples: ["tell me about {topic}", "what about {topic}", "explain {topic}", "advice on {topic}", "help with {topic}"]}
  - {name: BabyAgeIntent, slots: [{name: ageNumber, type: NUMBER}], samples: ["{ageNumber} days", "{ageNumber} weeks", "she is {ageNumber} days", "he is {ageNumber} days", "about {ageNumber} weeks"]}
  - {name: UrgentHelpIntent, samples: [emergency, it's an emergency, call an ambulance, i need a doctor now, my baby is not breathing]}
`)}, "topics/latch.yaml": {Data: []byte(`intent: LatchIntent
topic: latch
synonyms: [latch, latching]
samples: [latch, latching, how do i latch, help me latch, my baby will not latch, is the latch right, a deeper latch,
  latch pain, latching on, a good latch, getting a latch, what is a good latch, she will not latch, he will not latch, why will she not latch]
`)}}
	fs, err := LintFS(fsys)
	require.NoError(t, err)
	var inv []Finding
	for _, f := range fs {
		if f.Rule == RuleInvocation {
			inv = append(inv, f)
		}
	}
	require.Len(t, inv, 1, "%v", fs)
	assert.Equal(t, "model.yaml:2: error: invocation name \"ask friend\" contains the launch word \"ask\" [invocation-name]", inv[0].String())
	assert.Equal(t, 1, Errors(fs), fmt.Sprint(fs))
}

func containsFinding(got []string, want string) bool {
	for _, g := range got {
		if strings.Contains(g, want) {
			return true
		}
	}
	return false
}
