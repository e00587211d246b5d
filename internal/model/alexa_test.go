package model

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/icon"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateSkillPackage = flag.Bool("update-skill-package", false, "rewrite skill-package/ at the repository root from intents/")

// committedSkillPackage is the repository's skill-package/, from this folder.
const committedSkillPackage = "../.."

func TestAlexaPackage(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	files, err := m.Alexa(AlexaPackage{})
	require.NoError(t, err)

	want := []string{"skill-package/skill.json"}
	for _, l := range skill.Locales() {
		want = append(want, "skill-package/interactionModels/custom/"+l+".json")
	}
	sort.Strings(want)
	assert.Equal(t, want, AlexaFiles(files))

	var manifest struct {
		Manifest struct {
			ManifestVersion       string `json:"manifestVersion"`
			PublishingInformation struct {
				Locales map[string]struct {
					Name           string   `json:"name"`
					Summary        string   `json:"summary"`
					Description    string   `json:"description"`
					ExamplePhrases []string `json:"examplePhrases"`
					Keywords       []string `json:"keywords"`
				} `json:"locales"`
				Category string `json:"category"`
			} `json:"publishingInformation"`
			PrivacyAndCompliance map[string]any `json:"privacyAndCompliance"`
			APIs                 struct {
				Custom map[string]any `json:"custom"`
			} `json:"apis"`
		} `json:"manifest"`
	}
	require.NoError(t, json.Unmarshal(files["skill-package/skill.json"], &manifest))
	mf := manifest.Manifest
	assert.Equal(t, "1.0", mf.ManifestVersion)
	assert.Equal(t, "HEALTH_AND_FITNESS", mf.PublishingInformation.Category)
	assert.Len(t, mf.PublishingInformation.Locales, len(skill.Locales()))
	for _, l := range skill.Locales() {
		loc, ok := mf.PublishingInformation.Locales[l]
		require.True(t, ok, "locale %s", l)
		assert.Equal(t, "Feeding Friend", loc.Name)
		assert.LessOrEqual(t, len(loc.Summary), 160)
		for _, must := range []string{"general NHS information", "not medical advice", "In an emergency, call 999"} {
			assert.Contains(t, loc.Description, must, "%s description", l)
		}
		assert.LessOrEqual(t, len(loc.ExamplePhrases), 3)
		assert.Equal(t, "Alexa, open feeding friend", loc.ExamplePhrases[0])
		assert.NotEmpty(t, loc.Keywords)
	}
	for _, k := range []string{"allowsPurchases", "usesPersonalInfo", "usesHealthInfo", "isChildDirected", "isExportCompliant", "containsAds", "locales"} {
		assert.Contains(t, mf.PrivacyAndCompliance, k, "privacyAndCompliance states %s", k)
	}
	assert.Equal(t, []any{map[string]any{"type": "ALEXA_PRESENTATION_APL"}, map[string]any{"type": "CAN_FULFILL_INTENT_REQUEST"}}, mf.APIs.Custom["interfaces"])
	assert.NotContains(t, mf.APIs.Custom, "endpoint", "no endpoint until one is configured (TestManifestEndpoint)")

	var im alexaInteractionModel
	require.NoError(t, json.Unmarshal(files["skill-package/interactionModels/custom/en-GB.json"], &im))
	lm := im.InteractionModel.LanguageModel
	assert.Equal(t, "feeding friend", lm.InvocationName)
	assert.Equal(t, DefaultFallbackSensitivity, lm.ModelConfiguration.FallbackIntentSensitivity.Level)
	intents := map[string]alexaIntent{}
	for _, in := range lm.Intents {
		intents[in.Name] = in
	}
	for _, b := range []string{"HelpIntent", "StopIntent", "CancelIntent", "FallbackIntent", "NavigateHomeIntent", "YesIntent", "NoIntent", "RepeatIntent", "MoreIntent", "StartOverIntent"} {
		in, ok := intents["AMAZON."+b]
		require.True(t, ok, "AMAZON.%s", b)
		assert.Empty(t, in.Samples, "built-ins go without samples")
	}
	assert.Equal(t, []alexaSlot{{"ageNumber", "AMAZON.NUMBER"}, {"ageUnit", "AgeUnitType"}}, intents["BabyAgeIntent"].Slots)
	assert.Equal(t, []alexaSlot{{"topic", TopicTypeName}}, intents["TopicIntent"].Slots)
	assert.NotEmpty(t, intents["LatchIntent"].Samples)
	assert.Len(t, lm.Intents, len(m.All())+1, "every intent, and the fallback")
	for _, typ := range lm.Types {
		for _, v := range typ.Values {
			assert.NotEmpty(t, v.ID)
			assert.NotEmpty(t, v.Name.Value)
			assert.NotEmpty(t, v.Name.Synonyms, "%s %s needs a synonym", typ.Name, v.ID)
		}
	}
	for _, l := range skill.Locales()[1:] {
		assert.Equal(t, files["skill-package/interactionModels/custom/en-GB.json"], files["skill-package/interactionModels/custom/"+l+".json"],
			"%s is served from the same content", l)
	}
}

// TestCommittedSkillPackage fails when skill-package/ is not what the model
// generates. Rebuild it with
//
//	go test ./internal/model -run TestCommittedSkillPackage -update-skill-package
//
// or `go run ./cmd/skill model build`. Files are compared as JSON, by meaning.
func TestCommittedSkillPackage(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	sk, err := config.Embedded()
	require.NoError(t, err)
	// The committed package is built from skill.yaml, as `skill model build` does.
	m.Invocation = sk.Invocation
	cfg := AlexaPackage{Name: sk.Name, Locales: sk.Locales, PrivacyPolicyURL: sk.PrivacyPolicyURL, Endpoint: sk.Endpoint}
	cfg.SmallIcon, cfg.LargeIcon = committedIcon(t, sk.Icons.Small, sk.Name, icon.Small), committedIcon(t, sk.Icons.Large, sk.Name, icon.Large)
	files, err := m.Alexa(cfg)
	require.NoError(t, err)
	const hint = "skill-package/ is out of date: run go test ./internal/model -run TestCommittedSkillPackage -update-skill-package"
	if *updateSkillPackage {
		for _, p := range AlexaFiles(files) {
			path := filepath.Join(committedSkillPackage, filepath.FromSlash(p))
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, files[p], 0o644))
		}
	}
	var committed []string
	err = filepath.WalkDir(filepath.Join(committedSkillPackage, "skill-package"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(committedSkillPackage, path)
			committed = append(committed, filepath.ToSlash(rel))
		}
		return err
	})
	require.NoError(t, err, hint)
	sort.Strings(committed)
	require.Equal(t, AlexaFiles(files), committed, hint)
	for _, p := range committed {
		b, err := os.ReadFile(filepath.Join(committedSkillPackage, filepath.FromSlash(p)))
		require.NoError(t, err)
		if strings.HasSuffix(p, ".png") {
			assert.Equal(t, files[p], b, "%s: %s", p, hint)
			continue
		}
		var got, want any
		require.NoError(t, json.Unmarshal(b, &got), "%s is not JSON", p)
		require.NoError(t, json.Unmarshal(files[p], &want))
		assert.Equal(t, want, got, "%s: %s", p, hint)
	}
}

// committedIcon is the icon `skill model build` writes: a department's own
// (path from the repository's root) or one drawn from the name.
func committedIcon(t *testing.T, path, name string, size int) []byte {
	t.Helper()
	if path != "" {
		b, err := os.ReadFile(filepath.Join(committedSkillPackage, path))
		require.NoError(t, err)
		return b
	}
	b, err := icon.Generate(name, size)
	require.NoError(t, err)
	return b
}

// alexaBase is a small valid model for the rule tests.
var alexaBase = fstest.MapFS{
	"model.yaml": {Data: []byte(`invocation: milk helper
builtins:
  - {name: HelpIntent, samples: [help]}
  - {name: StopIntent, samples: [stop]}
  - {name: CancelIntent, samples: [cancel]}
  - {name: YesIntent, samples: ["yes"]}
  - {name: NoIntent, samples: ["no"]}
  - {name: MoreIntent, samples: [more]}
  - {name: RepeatIntent, samples: [repeat]}
  - {name: NavigateHomeIntent, samples: [home]}
  - {name: StartOverIntent, samples: [start over]}
intents:
  - name: TopicIntent
    slots: [{name: topic, type: TopicType}]
    samples: ["tell me about {topic}", "help with {topic}"]
  - name: BabyAgeIntent
    slots: [{name: ageNumber, type: NUMBER}, {name: ageUnit, type: AgeUnitType}]
    samples: ["she is {ageNumber} {ageUnit}"]
types:
  - name: AgeUnitType
    values:
      - {id: week, synonyms: [weeks]}
`)},
	"topics/latch.yaml": {Data: []byte(`intent: LatchIntent
topic: latch
synonyms: [latch, latching]
samples:
  - how do i get a good latch
  - help with latching
`)},
	"topics/mastitis.yaml": {Data: []byte(`intent: MastitisIntent
topic: mastitis
synonyms: [mastitis, breast infection]
samples:
  - is this mastitis
  - red hot breast
`)},
	"topics/urgent-help.yaml": {Data: []byte(`intent: UrgentHelpIntent
topic: urgent-help
synonyms: [emergency, urgent help]
samples:
  - it's an emergency
`)},
}

func loadAlexaBase(t *testing.T) *Model {
	t.Helper()
	m, err := Load(alexaBase)
	require.NoError(t, err)
	return m
}

func intentNamed(m *Model, name string) *Intent {
	in, _ := m.Intent(name)
	return in
}

func TestAlexaRules(t *testing.T) {
	setSample := func(intent string, i int, text string) func(m *Model) {
		return func(m *Model) { intentNamed(m, intent).Samples[i].Text = text }
	}
	tests := []struct {
		name   string
		mutate func(m *Model)
		want   []string // parts of the error; none for a valid model
	}{
		{"valid", func(m *Model) {}, nil},
		{"a carrier filled with a word for the same topic is no conflict", setSample("LatchIntent", 1, "help with latching"), nil},
		{"spelled letters", setSample("LatchIntent", 1, "what does the n. h. s. say about latching"), nil},

		{"digit", setSample("LatchIntent", 0, "latch at 2am"), []string{`topics/latch.yaml:5: sample "latch at 2am" has "2"`}},
		{"capitals", setSample("LatchIntent", 0, "Latch help"), []string{`topics/latch.yaml:5: sample "Latch help" has "L"`}},
		{"punctuation", setSample("MastitisIntent", 0, "is this mastitis?"), []string{`topics/mastitis.yaml:5: sample "is this mastitis?" has "?"`}},
		{"hyphen", setSample("MastitisIntent", 1, "red-hot breast"), []string{`topics/mastitis.yaml:6: sample "red-hot breast" has "-"`}},
		{"period not a spelled letter", setSample("LatchIntent", 0, "latch help."), []string{`topics/latch.yaml:5: sample "latch help.": a period may only follow a spelled letter`}},
		{"undeclared slot", setSample("LatchIntent", 0, "latch {side}"), []string{`topics/latch.yaml:5: sample "latch {side}" uses {side}, which LatchIntent does not declare`}},
		{"slot stuck to a word", setSample("TopicIntent", 0, "tell me about {topic}'s"), []string{`model.yaml:15: sample "tell me about {topic}'s": a slot must stand on its own`}},
		{"slot twice", setSample("TopicIntent", 0, "{topic} or {topic}"), []string{`uses {topic} twice`}},
		{"empty sample", setSample("LatchIntent", 0, "  "), []string{`topics/latch.yaml:5: an empty sample in LatchIntent`}},

		{"one utterance in two intents", setSample("MastitisIntent", 0, "How do I get a  good latch "),
			[]string{`topics/mastitis.yaml:5: sample "How do I get a  good latch " is also a sample of LatchIntent (topics/latch.yaml:5)`}},
		{"repeated in one intent", setSample("LatchIntent", 1, "how do i get a good latch"),
			[]string{`topics/latch.yaml:6: sample "how do i get a good latch" is repeated in LatchIntent (first at topics/latch.yaml:5)`}},
		{"a carrier filled with another topic's word", setSample("MastitisIntent", 0, "tell me about latching"),
			[]string{`topics/mastitis.yaml:5: sample "tell me about latching" of MastitisIntent is also "tell me about {topic}" of TopicIntent (model.yaml:15) with the latch word "latching"`}},

		{"launch word in the invocation", func(m *Model) { m.Invocation = "open milk helper" }, []string{`model.yaml: invocation name "open milk helper" must not contain "open"`}},
		{"wake word in the invocation", func(m *Model) { m.Invocation = "alexa milk helper" }, []string{`must not contain "alexa"`}},
		{"one-word invocation", func(m *Model) { m.Invocation = "milk" }, []string{`invocation name "milk" is one word`}},
		{"two-word invocation with a filler", func(m *Model) { m.Invocation = "the milk" }, []string{`a two-word invocation name "the milk" must not contain "the"`}},
		{"capitals in the invocation", func(m *Model) { m.Invocation = "Milk Helper" }, []string{`invocation name "Milk Helper": only lower-case letters`}},
		{"digits in the invocation", func(m *Model) { m.Invocation = "milk helper 2" }, []string{`only lower-case letters`}},
		{"no invocation", func(m *Model) { m.Invocation = "" }, []string{`the invocation name is missing`}},
		{"example phrase the model cannot hear", func(m *Model) { intentNamed(m, "LatchIntent").Samples[0].Text = "latch please" },
			[]string{`skill.json: example phrase "Alexa, ask milk helper how do i get a good latch" is not a sample of any intent`}},

		{"value too long", func(m *Model) {
			tt, _ := m.Type(TopicTypeName)
			tt.Values[0].Synonyms = append(tt.Values[0].Synonyms, strings.Repeat("a", 141))
		}, []string{`topics/latch.yaml:3: TopicType value latch: "aaaa`, `is longer than Alexa's 140 characters`}},
		{"value without a synonym", func(m *Model) {
			tt, _ := m.Type(TopicTypeName)
			tt.Values[1].Synonyms = []string{"Mastitis"}
		}, []string{`topics/mastitis.yaml:3: TopicType value mastitis needs at least one synonym besides its name`}},
		{"built-in missing", func(m *Model) {
			var keep []Intent
			for _, in := range m.Builtins {
				if in.Name != "NavigateHomeIntent" {
					keep = append(keep, in)
				}
			}
			m.Builtins = keep
		}, []string{`model.yaml: built-in intent NavigateHomeIntent is missing`}},
		{"intent without samples", func(m *Model) { intentNamed(m, "MastitisIntent").Samples = nil }, []string{`topics/mastitis.yaml:1: MastitisIntent has no samples`}},
		{"too many intents", func(m *Model) {
			for i := 0; i < 250; i++ {
				m.Intents = append(m.Intents, Intent{Name: fmt.Sprintf("Extra%cIntent", 'A'+i%26), File: "x.yaml", Line: 1,
					Samples: []Sample{{Text: "extra " + strings.Repeat("x", i+1), File: "x.yaml", Line: 1}}})
			}
		}, []string{`model.yaml: 265 intents: Alexa allows at most 250`}},
		{"model too large", func(m *Model) {
			tt, _ := m.Type(TopicTypeName)
			for i := 0; i < 14000; i++ {
				tt.Values[0].Synonyms = append(tt.Values[0].Synonyms, fmt.Sprintf("latch word %d %s", i, strings.Repeat("b", 100)))
			}
		}, []string{`bytes: Alexa allows 1500000`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := loadAlexaBase(t)
			tc.mutate(m)
			files, err := m.Alexa(AlexaPackage{Examples: []string{"how do i get a good latch", "to tell me about mastitis"}})
			if len(tc.want) == 0 {
				require.NoError(t, err)
				require.NotEmpty(t, files)
				return
			}
			require.Error(t, err)
			var ae *AlexaError
			require.True(t, errors.As(err, &ae))
			assert.Nil(t, files)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestTopicFor(t *testing.T) {
	m := loadAlexaBase(t)
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"latch", "latch", true},
		{"Latching", "latch", true},
		{" breast  infection ", "mastitis", true},
		{"urgent-help", "urgent-help", true},
		{"urgent help", "urgent-help", true},
		{"mortgages", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			got, ok := m.TopicFor(tc.word)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}
