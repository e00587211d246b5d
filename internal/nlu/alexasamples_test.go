package nlu

import (
	"os"
	"path/filepath"
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
	var exclude []Labelled
	for _, name := range AlexaSampleExclusions {
		exclude = append(exclude, loadCorpus(t, filepath.Join("../../intents/testdata", name))...)
	}
	want, err := GenerateAlexaSamples(m, detectorCorpora(t), exclude)
	require.NoError(t, err)
	got, err := os.ReadFile("../../intents/" + model.AlexaSamplesFile)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "intents/%s is stale: run %s", model.AlexaSamplesFile, regenerateDetector)
}

// TestAlexaSamplesFromTheCorpora: every red-flag line of the corpora that can
// be a sample is one of the urgent intent for its person, every ordinary line
// with a topic one of that topic's intent; and the samples reach Alexa's
// model only, never the offline NLU's (nor so Dialogflow's).
func TestAlexaSamplesFromTheCorpora(t *testing.T) {
	m := loadModel(t)
	of := map[string]string{}
	intentOf := map[string]string{}
	for _, in := range m.Intents {
		for _, s := range in.AlexaSamples {
			of[s.Text] = in.Name
		}
		if in.Topic != "" {
			intentOf[in.Topic] = in.Name
		}
	}
	require.NotEmpty(t, of)
	urgent, ordinary := 0, 0
	for _, c := range detectorCorpora(t) {
		for _, it := range c.Items {
			text, ok := alexaSampleText(it.Text)
			in, has := of[text]
			if !ok || !has {
				continue
			}
			if it.Urgent() {
				urgent++
				assert.Equal(t, urgentIntentFor(it.Who), in, "%s: %q", c.Name, it.Text)
			} else if intentOf[it.Topic] != "" {
				ordinary++
				assert.Equal(t, intentOf[it.Topic], in, "%s: %q", c.Name, it.Text)
			}
		}
	}
	assert.Greater(t, urgent, 1000)
	assert.Greater(t, ordinary, 1000)
	n := realNLU(t)
	learnt := map[string]bool{}
	for _, c := range n.cls.samples {
		learnt[c.text] = true
	}
	for text := range of {
		require.False(t, learnt[text], "an Alexa-only sample reached the offline NLU: %q", text)
	}
}
