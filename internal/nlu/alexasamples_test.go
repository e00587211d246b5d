package nlu

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAlexaSampleText(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"My baby's lips have gone BLUE!", "my baby's lips have gone blue", true},
		{"Bruise-like marks that don't fade…", "bruise like marks that don't fade", true},
		{"she’s really floppy", "she's really floppy", true},
		{"'quoted' words, here", "quoted words here", true},
		{"im worried shes not breathing right", "i'm worried she's not breathing right", true},
		{"babys lips r blue", "", false},
		{"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty one two three four", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty one two three four", true},
		{"she's 6 weeks and 38.2", "", false},
		{"help me", "", false},
		{"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one two three four five six", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := alexaSampleText(tc.in)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestAlexaSamplesAreFresh fails when the corpora, the model or the rules of
// alexasamples.go changed and intents/alexa-samples.yaml was not written
// again.
func TestAlexaSamplesAreFresh(t *testing.T) {
	m := loadModel(t)
	exclude, err := ReadAlexaSampleExclusions("../../intents/testdata")
	require.NoError(t, err)
	want, err := GenerateAlexaSamples(m, detectorCorpora(t), exclude)
	require.NoError(t, err)
	got, err := os.ReadFile("../../intents/" + model.AlexaSamplesFile)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "intents/%s is stale: run %s", model.AlexaSamplesFile, regenerateDetector)
}

// TestAlexaSamplesFromTheCorpora: every red-flag line of the corpora that can
// be a sample is one, of the urgent intent for its person; every ordinary line
// with a topic that is a sample is one of that topic's intent, and none is a
// line the red-flag rules flag; and the samples reach Alexa's model only,
// never the offline NLU's (nor so Dialogflow's).
func TestAlexaSamplesFromTheCorpora(t *testing.T) {
	m := loadModel(t)
	n := realNLU(t)
	want := map[string]string{"": "UrgentHelpIntent", "baby": "UrgentHelpIntent", "mother": "UrgentMotherIntent",
		"mental-health": "MentalHealthCrisisIntent"}
	in := map[string]map[string]bool{} // intent: its Alexa-only samples
	intentOf := map[string]string{}
	known := map[string]bool{}
	for _, x := range slices.Concat(m.Builtins, m.Intents) {
		in[x.Name] = map[string]bool{}
		for _, s := range x.AlexaSamples {
			in[x.Name][s.Text] = true
		}
		for _, s := range x.Samples {
			known[strings.Join(strings.Fields(strings.ToLower(s.Text)), " ")] = true
		}
		if x.Topic != "" {
			intentOf[x.Topic] = x.Name
		}
	}
	exclude, err := ReadAlexaSampleExclusions("../../intents/testdata")
	require.NoError(t, err)
	for _, it := range exclude {
		if text, ok := alexaSampleText(it.Text); ok {
			known[text] = true
		}
	}
	perWho := map[string]int{}
	ordinary := 0
	for _, c := range detectorCorpora(t) {
		for _, it := range c.Items {
			text, ok := alexaSampleText(it.Text)
			if !ok || known[text] {
				continue
			}
			switch {
			case it.Urgent() && it.Level != "":
				intent, found := want[it.Who]
				require.True(t, found, "%s: %q: who %q", c.Name, it.Text, it.Who)
				assert.True(t, in[intent][text], "%s: %q is not a sample of %s", c.Name, it.Text, intent)
				perWho[it.Who]++
			case !it.Urgent() && in[intentOf[it.Topic]][text]:
				ordinary++
				_, red := n.ruleFlag(it.Text)
				assert.False(t, red, "%s: %q is a red flag for the rules but a sample of %s", c.Name, it.Text, intentOf[it.Topic])
			}
		}
	}
	t.Logf("red-flag lines by person: %v; ordinary lines: %d", perWho, ordinary)
	assert.Greater(t, perWho["baby"], 800)
	assert.Greater(t, perWho["mother"], 400)
	assert.Greater(t, perWho["mental-health"], 300)
	assert.Greater(t, ordinary, 1000)
	learnt := map[string]bool{}
	for _, c := range n.cls.samples {
		learnt[c.text] = true
	}
	for _, x := range m.Intents {
		for _, s := range x.AlexaSamples {
			require.False(t, learnt[s.Text], "an Alexa-only sample reached the offline NLU: %q", s.Text)
		}
	}
}
