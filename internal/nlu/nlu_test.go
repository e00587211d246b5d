package nlu

import (
	"testing"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalise(t *testing.T) {
	n := newNormaliser(map[string]string{"diaper": "nappy", "boobs": "breast", "c section": "caesarean"})
	tests := []struct{ in, want string }{
		{"My baby WON'T latch!", "my baby will not latch"},
		{"she's got a wet diaper", "she is got a wet nappy"},
		{"sore boobs after my C-section", "sore breast after my caesarean"},
		{"he’s twenty one days old", "he is 21 days old"},
		{"can't, isn't, I'm", "can not is not i am"},
		{"\xff\xfe", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := n.canon(tc.in)
			assert.Equal(t, tc.want, join(got))
		})
	}
}

func join(ws []string) string {
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += " "
		}
		s += w
	}
	return s
}

func TestFindAge(t *testing.T) {
	n := newNormaliser(nil)
	tests := []struct {
		in   string
		want Age
		ok   bool
	}{
		{"my 3 day old", Age{3, "day"}, true},
		{"she's six weeks", Age{6, "week"}, true},
		{"he is a month old", Age{1, "month"}, true},
		{"about a fortnight", Age{2, "week"}, true},
		{"twenty one days", Age{21, "day"}, true},
		{"every few days", Age{}, false},
		{"how many weeks should I feed", Age{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, _, _, ok := findAge(n.canon(tc.in))
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParseRoutes(t *testing.T) {
	n := realNLU(t)
	tests := []struct {
		text, intent, topic, level string
	}{
		{"how do I get him to latch", "LatchIntent", "latch", ""},
		{"my boobs are rock hard", "EngorgementIntent", "engorgement", ""},
		{"how many wet diapers should she have", "NappiesIntent", "nappies", ""},
		{"he's floppy and won't wake up", skill.UrgentHelpIntent, "urgent-help", "emergency"},
		{"my baby has not had a wet nappy for 8 hours", skill.UrgentHelpIntent, "urgent-help", "urgent"},
		{"she's six weeks old", skill.BabyAgeIntent, "", ""},
		{"help", skill.HelpIntent, "", ""},
		{"stop", skill.StopIntent, "", ""},
		{"why is she feeding non stop this evening", "ClusterFeedingIntent", "cluster-feeding", ""},
		{"what's the weather in leeds", skill.FallbackIntent, "", ""},
		{"", skill.FallbackIntent, "", ""},
		{"zzzz qqqq", skill.FallbackIntent, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			r := n.Parse(tc.text)
			assert.Equal(t, tc.intent, r.Intent)
			assert.Equal(t, tc.topic, r.Topic)
			if tc.level != "" {
				assert.Equal(t, tc.level, r.Slots[skill.LevelSlot].ID)
			}
		})
	}
}

func TestRedFlagsNeverFireOnOrdinarySamples(t *testing.T) {
	n := realNLU(t)
	m := loadModel(t)
	for _, in := range m.All() {
		for _, s := range in.Samples {
			_, hit := n.RedFlag(s.Text)
			if in.Topic == "urgent-help" || isUrgentIntent(in.Name) {
				continue
			}
			assert.False(t, hit, "%s:%d: %q (%s) must not be a red flag", s.File, s.Line, s.Text, in.Name)
		}
	}
	for _, s := range m.OutOfScope {
		_, hit := n.RedFlag(s.Text)
		assert.False(t, hit, "%s:%d: %q", s.File, s.Line, s.Text)
	}
}

func TestUrgentSamplesAlwaysReachUrgentHelp(t *testing.T) {
	n := realNLU(t)
	in, ok := loadModel(t).Intent(skill.UrgentHelpIntent)
	require.True(t, ok)
	for _, s := range in.Samples {
		assert.Equal(t, "urgent-help", n.Parse(s.Text).Topic, "%s:%d: %q", s.File, s.Line, s.Text)
	}
}

func TestAgeAndTopicTogether(t *testing.T) {
	r := realNLU(t).Parse("how many wet nappies should my 5 day old have")
	assert.Equal(t, "nappies", r.Topic)
	assert.Equal(t, "5", r.Slots[skill.AgeNumberSlot].Value)
	assert.Equal(t, "day", r.Slots[skill.AgeUnitSlot].ID)
}

func BenchmarkParse(b *testing.B) {
	n := realNLU(b)
	b.ReportAllocs()
	b.ResetTimer() // New is not part of a parse
	for i := 0; i < b.N; i++ {
		n.Parse("how do I know if my baby is getting enough milk")
	}
}

func FuzzParse(f *testing.F) {
	n := realNLU(f)
	for _, s := range []string{"latch", "my 3 day old", "\xff", "", "999 999", "she's 99999999999999999999 weeks"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := n.Parse(s)
		if r.Intent == "" {
			t.Fatalf("no intent for %q", s)
		}
	})
}
