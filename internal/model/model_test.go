package model

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/feedingfriend/skill/intents"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadRealModel(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	assert.NotEmpty(t, m.Invocation)
	topics := m.TopicIntents()
	assert.Equal(t, "latch", topics["LatchIntent"])
	tt, ok := m.Type(TopicTypeName)
	require.True(t, ok)
	assert.Len(t, tt.Values, len(topics))
}

func TestLoadReportsFileAndLine(t *testing.T) {
	base := `invocation: test skill
builtins:
  - {name: HelpIntent, samples: [help]}
  - {name: StopIntent, samples: [stop]}
  - {name: CancelIntent, samples: [cancel]}
  - {name: YesIntent, samples: [yes]}
  - {name: NoIntent, samples: [no]}
  - {name: MoreIntent, samples: [more]}
  - {name: RepeatIntent, samples: [repeat]}
  - {name: NavigateHomeIntent, samples: [home]}
  - {name: StartOverIntent, samples: [start over]}
intents:
  - name: TopicIntent
    slots: [{name: topic, type: TopicType}]
    samples: ["tell me about {topic}"]
  - name: BabyAgeIntent
    slots: [{name: ageNumber, type: NUMBER}]
    samples:
      - "she is {ageNumber} {ageUnit}"
  - name: UrgentHelpIntent
    samples: [help now]
`
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"undeclared slot", map[string]string{}, "model.yaml:19: sample \"she is {ageNumber} {ageUnit}\" uses slot {ageUnit}"},
		{"topic name mismatch", map[string]string{"topics/latch.yaml": "intent: LatchIntent\ntopic: latching\nsamples: [latch]\n"}, "topics/latch.yaml:2: topic \"latching\" does not match"},
		{"bad intent name", map[string]string{"topics/x.yaml": "intent: X-Intent\ntopic: x\nsamples: [x]\n"}, "topics/x.yaml:1: intent name \"X-Intent\""},
		{"red flag without level", map[string]string{"red-flags.yaml": "situations:\n  - id: blue\n    source: x\n    any: [blue lips]\n"}, "red-flags.yaml:2: red flag \"blue\""},
		{"red flag without source", map[string]string{"red-flags.yaml": "situations:\n  - id: blue\n    level: emergency\n    any: [blue lips]\n"}, "red-flags.yaml:2: red flag \"blue\" has no source"},
		{"alexa samples for no intent", map[string]string{"alexa-samples.yaml": "intents:\n  UrgentHelpIntent:\n    - \"my baby is blue\"\n  NoSuchIntent:\n    - \"x y z\"\n"}, "alexa-samples.yaml:4: samples for NoSuchIntent, which is not an intent"},
		{"red flag for nobody known", map[string]string{"red-flags.yaml": "situations:\n  - id: blue\n    who: dad\n    level: emergency\n    source: x\n    any: [blue lips]\n"}, "who \"dad\" is not one of"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"model.yaml": {Data: []byte(base)}}
			for k, v := range tc.files {
				fsys[k] = &fstest.MapFile{Data: []byte(v)}
			}
			_, err := Load(fsys)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestAlexaSamplesReachOnlyAlexa: every sample of alexa-samples.yaml is in
// Alexa's generated model, under its intent, and none is a neutral sample
// (which the offline NLU and Dialogflow learn from).
func TestAlexaSamplesReachOnlyAlexa(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	files, err := m.Alexa(AlexaPackage{FallbackSensitivity: "LOW"})
	require.NoError(t, err)
	var gb struct {
		InteractionModel struct {
			LanguageModel struct {
				Intents []struct {
					Name    string   `json:"name"`
					Samples []string `json:"samples"`
				} `json:"intents"`
			} `json:"languageModel"`
		} `json:"interactionModel"`
	}
	for name, data := range files {
		if strings.HasSuffix(name, "en-GB.json") {
			require.NoError(t, json.Unmarshal(data, &gb))
		}
	}
	emitted := map[string]map[string]bool{}
	for _, in := range gb.InteractionModel.LanguageModel.Intents {
		emitted[in.Name] = map[string]bool{}
		for _, s := range in.Samples {
			emitted[in.Name][s] = true
		}
	}
	neutral := map[string]bool{}
	for _, in := range m.All() {
		for _, s := range in.Samples {
			neutral[s.Text] = true
		}
	}
	n := 0
	for _, in := range m.Intents {
		for _, s := range in.AlexaSamples {
			n++
			assert.True(t, emitted[in.Name][s.Text], "%q is not a sample of %s in Alexa's en-GB model", s.Text, in.Name)
			assert.False(t, neutral[s.Text], "an Alexa-only sample is a neutral sample: %q", s.Text)
		}
	}
	assert.Greater(t, n, 1000, "intents/alexa-samples.yaml has samples")
}
