package channel

import (
	"context"
	"testing"

	"github.com/feedingfriend/skill/internal/nlu"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// canned is a platform that answers each utterance with a reply set in advance.
type canned map[string]Reply

func (c canned) Name() string        { return "canned" }
func (c canned) Start() Conversation { return c }
func (c canned) Send(_ context.Context, t Turn) (Reply, error) {
	return c[t.Utterance], nil
}

// TestMeasureRedFlagsCounts: each kind of reply is counted where the report
// says it is.
func TestMeasureRedFlagsCounts(t *testing.T) {
	const net = "If you're worried, call 111, or 999 in an emergency."
	urgent := func(level, variant string) Reply {
		return Reply{Topic: "urgent-help", UrgentLevel: level, UrgentVariant: variant}
	}
	p := canned{
		"right":     urgent("emergency", "baby-emergency"),
		"both":      urgent("", ""),
		"under":     urgent("urgent", "baby-urgent"),
		"told":      {Topic: "nappies", Speech: net + " Wet nappies..."},
		"names999":  {Topic: "mastitis", Speech: "Mastitis... call 999 if you feel very unwell."},
		"untold":    {Topic: "nappies", Speech: "Wet nappies..."},
		"fallback":  {Intent: "FallbackIntent", Speech: "Sorry. " + net},
		"alarm":     urgent("urgent", ""),
		"led":       {Topic: "latch", Speech: net + " A good latch..."},
		"plain":     {Topic: "latch", Speech: "A good latch..."},
		"fallback2": {Intent: "FallbackIntent", Speech: "Sorry. " + net},
	}
	red := func(text string) nlu.Labelled {
		return nlu.Labelled{Text: text, Topic: "urgent-help", Level: "emergency", Who: "baby"}
	}
	items := []nlu.Labelled{red("right"), red("both"), red("under"), red("told"), red("untold"), red("fallback"), red("names999"),
		{Text: "alarm"}, {Text: "led"}, {Text: "plain"}, {Text: "fallback2"}}
	rep, err := MeasureRedFlags(context.Background(), p, items, net)
	require.NoError(t, err)
	assert.Equal(t, 7, rep.RedFlags)
	assert.Equal(t, 3, rep.Reached)
	assert.Equal(t, 1, rep.LevelRight)
	assert.Equal(t, 1, rep.BothLevels)
	assert.Equal(t, 1, rep.UnderTriaged)
	assert.Equal(t, 2, rep.WhoRight, "the 111 answer for the baby is still the baby's")
	assert.Len(t, rep.Misses, 4)
	assert.Equal(t, 2, rep.Signposted, "the answer led by the safety net and the fallback give it")
	assert.Equal(t, 1, rep.Named999, "an answer that names 999 for another sign is counted apart")
	assert.Equal(t, 4, rep.Ordinary)
	assert.Equal(t, 1, rep.OverTriggered)
	assert.Equal(t, 1, rep.Netted, "only a topic's answer led by the safety net; the fallback is not an answer")
}
