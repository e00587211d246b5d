package nlu

import (
	"os"
	"testing"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadHeldOut(t testing.TB) []Labelled {
	data, err := os.ReadFile("../../intents/testdata/heldout.yaml")
	require.NoError(t, err)
	items, err := ParseLabelled(data)
	require.NoError(t, err)
	return items
}

func loadModel(t testing.TB) *model.Model {
	m, err := model.Load(intents.FS)
	require.NoError(t, err)
	return m
}

func realNLU(t testing.TB, opts ...Option) *NLU {
	n, err := New(loadModel(t), opts...)
	require.NoError(t, err)
	return n
}

// TestHeldOutQuality holds the offline NLU to the figures reported in the README.
// Red flags must never be missed: urgent-help recall is held at 100%.
func TestHeldOutQuality(t *testing.T) {
	rep := Evaluate(realNLU(t), loadHeldOut(t))
	t.Log(rep.Summary())
	for _, m := range rep.Misses() {
		t.Logf("miss line %d: %q want %s got %s (%.2f)", m.Item.Line, m.Item.Text, m.Item.Label(), m.Got, m.Res.Score)
	}
	assert.Equal(t, 100.0, rep.UrgentRecall(), "every red flag in the held-out set must reach urgent-help")
	assert.GreaterOrEqual(t, rep.TopicAccuracy(), 80.0)
	assert.GreaterOrEqual(t, rep.OOSRejection(), 80.0)
}

func TestCompareMethods(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement only")
	}
	items := loadHeldOut(t)
	for _, b := range []float64{0, 0.05, 0.1, 0.15, 0.2, 0.3} {
		rep := Evaluate(realNLU(t, WithTopicBonus(b)), items)
		t.Logf("topic-bonus %.2f: %s", b, rep.Summary())
	}
	for _, u := range []float64{0, 0.5, 0.6, 0.7, 0.8, 2} {
		rep := Evaluate(realNLU(t, WithUrgentMin(u)), items)
		t.Logf("urgent-min %.2f: %s", u, rep.Summary())
	}
	for _, m := range []Method{Nearest, Blend, Centroid} {
		for _, th := range []float64{0.25, 0.3, 0.35, 0.4, 0.45, 0.5} {
			rep := Evaluate(realNLU(t, WithMethod(m), WithThreshold(th)), items)
			t.Logf("%-8s threshold %.2f: %s", m, th, rep.Summary())
		}
	}
}

// TestPerLabelWeakestFirst: the weakest labels with examples come first; a
// label with no examples, only ever chosen by mistake (YesIntent in the
// held-out set), has no recall to rank and comes last, not first.
func TestPerLabelWeakestFirst(t *testing.T) {
	out := func(want, got string) Outcome { return Outcome{Item: Labelled{Intent: want}, Got: got} }
	rep := Report{Outcomes: []Outcome{
		out("HelpIntent", "HelpIntent"), out("HelpIntent", "YesIntent"),
		out("StopIntent", "StopIntent"), out("StopIntent", "StopIntent"),
		out("MoreIntent", "MoreIntent"), out("MoreIntent", "HelpIntent"),
	}}
	var labels []string
	for _, s := range rep.PerLabel() {
		labels = append(labels, s.Label)
	}
	assert.Equal(t, []string{"HelpIntent", "MoreIntent", "StopIntent", "YesIntent"}, labels)
}
