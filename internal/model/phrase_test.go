package model

import (
	"encoding/json"
	"testing"

	"github.com/feedingfriend/skill/intents"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPhraseSlotRules: a PHRASE slot becomes AMAZON.SearchQuery on Alexa,
// needs carrier words, and is the intent's only slot; Dialogflow's agents leave
// such intents out (Dialogflow passes the words).
func TestPhraseSlotRules(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	files, err := m.Alexa(AlexaPackage{})
	require.NoError(t, err)
	var im alexaInteractionModel
	require.NoError(t, json.Unmarshal(files["skill-package/interactionModels/custom/en-GB.json"], &im))
	found := 0
	for _, in := range im.InteractionModel.LanguageModel.Intents {
		for _, s := range in.Slots {
			if s.Type == alexaPhraseType {
				found++
				assert.Len(t, in.Slots, 1, in.Name)
			}
		}
	}
	assert.Equal(t, 6, found, "the six Describe intents carry a phrase slot")

	df, err := m.DialogflowFiles("Feeding Friend")
	require.NoError(t, err)
	assert.NotContains(t, df, "intents/DescribeBabyIntent.json")

	bad := *m
	bad.Intents = append(append([]Intent(nil), m.Intents...), Intent{Name: "BadIntent", File: "model.yaml", Line: 1,
		Slots:   []SlotDef{{Name: "words", Type: PhraseType}, {Name: "n", Type: NumberType}},
		Samples: []Sample{{Text: "{words}", File: "model.yaml", Line: 2}, {Text: "about {words} and {n}", File: "model.yaml", Line: 3}}})
	_, err = bad.Alexa(AlexaPackage{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "must be the intent's only slot")
	assert.Contains(t, err.Error(), "needs carrier words")
}

// TestAlexaStandIn: the stand-in model holds only what the generated Alexa
// model holds.
func TestAlexaStandIn(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	s, err := m.AlexaStandIn()
	require.NoError(t, err)
	assert.Empty(t, s.RedFlags)
	assert.Empty(t, s.OutOfScope)
	assert.Empty(t, s.Lexicon)
	in, ok := s.Intent("DescribeBabyIntent")
	require.True(t, ok)
	slot, ok := in.PhraseSlot()
	assert.True(t, ok)
	assert.Equal(t, "description", slot)
	assert.NotEmpty(t, s.Builtins)
}
