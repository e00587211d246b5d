package nlu

import (
	"testing"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExplainAgreesWithParse(t *testing.T) {
	n := realNLU(t)
	for _, u := range []string{
		"how do i get a good latch", "my baby is yellow and floppy", "she's six weeks old",
		"how many wet nappies should my 3 day old have", "what's the weather", "tell me more",
		"my baby wants feeding non stop in the evenings", "", "!!!", "blah wibble",
	} {
		t.Run(u, func(t *testing.T) {
			ex := n.Explain(u)
			assert.Equal(t, n.Parse(u), ex.Result)
			assert.NotEmpty(t, ex.Decision)
			assert.Contains(t, ex.Decision, ex.Result.Intent)
		})
	}
}

func TestExplain(t *testing.T) {
	n := realNLU(t, WithMethod(Nearest)) // the nearest sample is this method's reason
	tests := []struct {
		text     string
		redFlag  string
		ageDays  int
		topic    string // a topic synonym that must be found
		skipped  string // a built-in passed over
		shared   string // a feature the nearest sample must share
		decision string
	}{
		{text: "my baby is yellow and floppy", redFlag: "baby-floppy", decision: "red-flag situation"},
		{text: "she is yellow and will not feed", redFlag: "baby-jaundice-danger", decision: "red-flag situation"},
		{text: "my 3 day old has sore nipples", ageDays: 3, topic: "sore-nipples", shared: "topic:sore-nipples", decision: "SoreNipplesIntent"},
		{text: "she is 6 weeks old", ageDays: 42, decision: "only the baby's age"},
		{text: "how do i get a good latch", topic: "latch", shared: "latch", decision: "at or above the threshold"},
		{text: "what time is it", decision: "out-of-scope"},
		{text: "can you repeat the bit about positions please", skipped: skill.RepeatIntent, topic: "positions", decision: "PositionsIntent"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			ex := n.Explain(tc.text)
			if tc.redFlag != "" {
				require.NotNil(t, ex.RedFlag)
				assert.Equal(t, tc.redFlag, ex.RedFlag.ID)
				assert.NotEmpty(t, ex.RedFlag.Phrases)
				assert.Nil(t, ex.Nearest, "the classifier does not run after a red flag")
			} else {
				assert.Nil(t, ex.RedFlag)
			}
			if tc.ageDays > 0 {
				require.NotNil(t, ex.Age)
				assert.Equal(t, tc.ageDays, ex.Age.Days)
			}
			if tc.topic != "" {
				var found []string
				for _, h := range ex.Topics {
					found = append(found, h.Topic)
					assert.NotEmpty(t, h.Words)
				}
				assert.Contains(t, found, tc.topic)
			}
			if tc.skipped != "" {
				var got []string
				for _, c := range ex.Skipped {
					got = append(got, c.Intent)
				}
				assert.Contains(t, got, tc.skipped)
			}
			if tc.shared != "" {
				require.NotNil(t, ex.Nearest)
				var got []string
				for _, c := range ex.Nearest.Shared {
					got = append(got, c.Feature)
				}
				assert.Contains(t, got, tc.shared)
			}
			assert.Contains(t, ex.Decision, tc.decision)
		})
	}
}

func TestExplainContributionsSumToTheScore(t *testing.T) {
	n := realNLU(t, WithMethod(Nearest)) // the nearest sample is this method's reason
	for _, u := range []string{"how do i get a good latch", "can i drink coffee", "my nipples hurt when she feeds", "how do i hold my baby"} {
		t.Run(u, func(t *testing.T) {
			ex := n.Explain(u)
			require.NotNil(t, ex.Nearest)
			var sum float64
			for _, c := range ex.Nearest.Shared {
				sum += c.Weight
			}
			assert.InDelta(t, ex.Nearest.Score, sum, 0.01)
			if ex.Result.Intent != skill.FallbackIntent {
				assert.Equal(t, ex.Result.Matched, ex.Nearest.Sample)
				assert.InDelta(t, ex.Result.Score, ex.Nearest.Score+ex.Bonus, 0.002)
			}
		})
	}
}

func TestExplainCentroidHasNoNearestSample(t *testing.T) {
	n := realNLU(t, WithMethod(Centroid), WithThreshold(0.25))
	ex := n.Explain("how do i get a good latch")
	assert.Nil(t, ex.Nearest)
	assert.Equal(t, n.Parse("how do i get a good latch"), ex.Result)
}
