package nlu

import (
	"testing"

	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestElsewhere: a question about an animal, a plant or a machine gets no
// topic, unless a baby or breastfeeding is named too; red flags come first.
func TestElsewhere(t *testing.T) {
	n := realNLU(t)
	tests := []struct {
		text, intent, about string
	}{
		{"what are the signs of mastitis in a ewe", skill.FallbackIntent, "ewe"},
		{"my dog's gums look a bit yellow, is it jaundice", skill.FallbackIntent, "dog"},
		{"my horse has thrush in his hoof, how do I treat it", skill.FallbackIntent, "horse"},
		{"the dog jumped on me and now my nipple is sore", "SoreNipplesIntent", ""},
		{"the cat scratched my nipple and now it hurts when she feeds", "", ""},
		{"what are the signs of mastitis", "MastitisIntent", ""},
		{"the dog barked and now my baby has gone blue and floppy", skill.UrgentHelpIntent, ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			r := n.Parse(tc.text)
			if tc.intent != "" {
				assert.Equal(t, tc.intent, r.Intent)
			} else {
				assert.NotEqual(t, skill.FallbackIntent, r.Intent)
			}
			assert.Equal(t, tc.about, r.Elsewhere)
		})
	}
}

// TestNoTopicSampleIsElsewhere: the rule never takes a training sample of a
// topic away from it.
func TestNoTopicSampleIsElsewhere(t *testing.T) {
	n := realNLU(t)
	m := loadModel(t)
	for _, in := range m.Intents {
		if in.Topic == "" {
			continue
		}
		for _, s := range in.Samples {
			assert.Empty(t, n.other.about(n.norm.plain(s.Text)), "%s line %d: %q", in.File, s.Line, s.Text)
		}
	}
}

// TestDevSetsQuality holds the NLU to its figures on the development sets it
// was tuned on; without the elsewhere rule the out-of-scope figure falls
// below its gate (the rule's test that bites).
func TestDevSetsQuality(t *testing.T) {
	oos := loadCorpus(t, "../../intents/testdata/dev-oos.yaml")
	topics := loadCorpus(t, "../../intents/testdata/dev-topics.yaml")
	n := realNLU(t)
	rep := Evaluate(n, oos)
	assert.GreaterOrEqual(t, rep.OOSRejection(), 93.0, "dev-oos: %s", rep.Summary())
	rep = Evaluate(n, topics)
	assert.GreaterOrEqual(t, rep.TopicAccuracy(), 88.5, "dev-topics: %s", rep.Summary())
	assert.GreaterOrEqual(t, rep.OOSRejection(), 90.0, "dev-topics: %s", rep.Summary())

	m := loadModel(t)
	without := *m
	without.Elsewhere = model.Elsewhere{}
	bare, err := New(&without)
	require.NoError(t, err)
	assert.Less(t, Evaluate(bare, oos).OOSRejection(), 93.0, "the elsewhere rule must be what holds the gate")
}
