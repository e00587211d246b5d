package model

import (
	"strconv"
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

// TestAlexaSamplesReachOnlyAlexa: alexa-samples.yaml's samples are in the
// generated Alexa model, and in no other platform's.
func TestAlexaSamplesReachOnlyAlexa(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	var in Intent
	for _, x := range m.Intents {
		if len(x.AlexaSamples) > 0 {
			in = x
			break
		}
	}
	require.NotEmpty(t, in.AlexaSamples, "intents/alexa-samples.yaml has samples")
	sample := in.AlexaSamples[0].Text
	files, err := m.Alexa(AlexaPackage{FallbackSensitivity: "LOW"})
	require.NoError(t, err)
	found := false
	for name, data := range files {
		if strings.HasSuffix(name, "en-GB.json") {
			found = strings.Contains(string(data), strconv.Quote(sample))
		}
	}
	assert.True(t, found, "%q in Alexa's en-GB model", sample)
	for _, x := range m.All() {
		for _, s := range x.Samples {
			require.NotEqual(t, sample, s.Text, "an Alexa-only sample is a neutral sample of %s", x.Name)
		}
	}
}
