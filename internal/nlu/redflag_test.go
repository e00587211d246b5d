package nlu

import (
	"os"
	"testing"

	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/redflag"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// devMaxMisses and devMaxFalseAlarms hold the rules of the red-flag layer
// (without the detector) to their figures on the thirteen development corpora
// (3,828 red-flag lines, 4,890 ordinary ones); a 999 line given only the 111
// level counts as missed. The eighth to thirteenth corpora, written by new
// authors in December 2026, brought most of the misses: the detector finds
// most of them in a parse. They are the controls' tests:
// TestEverySituationIsNeeded shows that removing any situation or emptying
// any concept breaks them, and TestRedFlagScopeIsNeeded that removing any
// scope rule does.
const (
	devMaxMisses      = 282
	devMaxFalseAlarms = 252
)

// devCorpora are the development corpora: written from domain.md section 2
// by helpers who never saw the rules, and tuned on (unlike the blind ones).
var devCorpora = []string{"../../intents/testdata/redflag-dev.yaml", "../../intents/testdata/redflag-dev2.yaml", "../../intents/testdata/redflag-dev3.yaml", "../../intents/testdata/redflag-dev4.yaml",
	"../../intents/testdata/redflag-dev5.yaml", "../../intents/testdata/redflag-dev6.yaml",
	"../../intents/testdata/redflag-dev7.yaml", "../../intents/testdata/redflag-dev8.yaml", "../../intents/testdata/redflag-dev9.yaml",
	"../../intents/testdata/redflag-dev10.yaml", "../../intents/testdata/redflag-dev11.yaml",
	"../../intents/testdata/redflag-dev12.yaml", "../../intents/testdata/redflag-dev13.yaml"}

func loadDev(t testing.TB) []Labelled {
	var out []Labelled
	for _, f := range devCorpora {
		out = append(out, loadCorpus(t, f)...)
	}
	return out
}

func loadCorpus(t testing.TB, path string) []Labelled {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	items, err := ParseLabelled(data)
	require.NoError(t, err)
	return items
}

// urgentSamples are every sample of the urgent intents: each must be a red flag.
func urgentSamples(m *model.Model) []Labelled {
	var out []Labelled
	for _, name := range []string{skill.UrgentHelpIntent, skill.UrgentMotherIntent, skill.MentalHealthCrisisIntent} {
		in, ok := m.Intent(name)
		if !ok {
			continue
		}
		for _, s := range in.Samples {
			out = append(out, Labelled{Text: s.Text, Topic: "urgent-help", Situation: name, Line: s.Line})
		}
	}
	return out
}

// redFlagScore counts red-flag lines missed (or a 999 line given only the 111
// level) and ordinary lines flagged.
func redFlagScore(n *NLU, items []Labelled) (misses, falseAlarms []Labelled) {
	for _, it := range items {
		h, hit := n.ruleFlag(it.Text)
		switch {
		case it.Urgent() && (!hit || (it.Level == "emergency" && h.Level != "emergency")):
			misses = append(misses, it)
		case !it.Urgent() && hit:
			falseAlarms = append(falseAlarms, it)
		}
	}
	return misses, falseAlarms
}

func TestRedFlagDevCorpus(t *testing.T) {
	n := realNLU(t)
	items := loadDev(t)
	misses, falseAlarms := redFlagScore(n, items)
	for _, m := range misses {
		t.Logf("missed (line %d, %s): %q", m.Line, m.Situation, m.Text)
	}
	for _, f := range falseAlarms {
		h, _ := n.ruleFlag(f.Text)
		t.Logf("false alarm (line %d, %s): %q", f.Line, h.ID, f.Text)
	}
	assert.LessOrEqual(t, len(misses), devMaxMisses, "red-flag lines of the development corpus missed")
	assert.LessOrEqual(t, len(falseAlarms), devMaxFalseAlarms, "ordinary lines of the development corpus taken for red flags")
}

func TestUrgentIntentSamplesAreRedFlags(t *testing.T) {
	n := realNLU(t)
	misses, _ := redFlagScore(n, urgentSamples(loadModel(t)))
	for _, m := range misses {
		assert.Fail(t, "an urgent sample is not a red flag", "%s line %d: %q", m.Situation, m.Line, m.Text)
	}
}

// TestEverySituationIsNeeded removes each red-flag situation in turn, and
// empties each concept in turn, and checks that the red-flag tests above would
// fail: some development line or urgent sample is no longer caught, or (for a
// concept of cancel phrases) some ordinary line is taken for a red flag. A
// situation or concept that nothing needs is either dead or untested.
func TestEverySituationIsNeeded(t *testing.T) {
	if testing.Short() {
		t.Skip("about 130 mutants of the red-flag rules (30 s on 2 cores): CI runs it; go test without -short")
	}
	_, m, mutant := redFlagMutants(t)
	for i, f := range m.RedFlags {
		t.Run("without "+f.ID, func(t *testing.T) {
			mm := *m
			t.Parallel()
			mm.RedFlags = append(append([]model.RedFlag(nil), m.RedFlags[:i]...), m.RedFlags[i+1:]...)
			assert.True(t, mutant(t, &mm), "removing situation %s breaks no test: add a development line that needs it, or remove it", f.ID)
		})
	}
	for name := range m.Concepts {
		t.Run("empty {"+name+"}", func(t *testing.T) {
			t.Parallel()
			mm := *m
			mm.Concepts = map[string][]string{}
			for k, v := range m.Concepts {
				mm.Concepts[k] = v
			}
			mm.Concepts[name] = []string{"zzzz removed"}
			assert.True(t, mutant(t, &mm), "emptying concept {%s} breaks no test", name)
		})
	}
}

// TestRedFlagScopeIsNeeded removes each rule of red-flags.yaml's scope in turn
// (the shared cancel phrases, the general-question phrases, each someone-else
// rule, the in_general marks) and checks that the red-flag tests would fail.
func TestRedFlagScopeIsNeeded(t *testing.T) {
	_, m, mutant := redFlagMutants(t)
	scope := func(f func(*model.RedFlagScope)) *model.Model {
		mm := *m
		sc := m.RedFlagScope
		sc.Others = append([]model.RedFlagOther(nil), sc.Others...)
		f(&sc)
		mm.RedFlagScope = sc
		return &mm
	}
	tests := map[string]*model.Model{
		"without cancel":  scope(func(sc *model.RedFlagScope) { sc.Cancel = nil }),
		"without over":    scope(func(sc *model.RedFlagScope) { sc.Over = nil }),
		"without general": scope(func(sc *model.RedFlagScope) { sc.General = nil }),
	}
	for i, o := range m.RedFlagScope.Others {
		tests["without others "+o.Name] = scope(func(sc *model.RedFlagScope) {
			sc.Others = append(sc.Others[:i:i], sc.Others[i+1:]...)
		})
	}
	mm := *m
	mm.RedFlags = append([]model.RedFlag(nil), m.RedFlags...)
	for i := range mm.RedFlags {
		mm.RedFlags[i].InGeneral = false
	}
	tests["without in_general"] = &mm
	for name, mm := range tests {
		t.Run(name, func(t *testing.T) {
			assert.True(t, mutant(t, mm), "%s breaks no test", name)
		})
	}
}

// redFlagMutants returns the real NLU, its model, and a function that
// compiles a changed model's red flags and reports whether the red-flag tests
// would fail with them: more development lines missed, or more ordinary lines
// taken for red flags, than the gates allow.
func redFlagMutants(t *testing.T) (*NLU, *model.Model, func(*testing.T, *model.Model) bool) {
	n := realNLU(t)
	m := loadModel(t)
	items := append(loadDev(t), urgentSamples(m)...)
	base, baseFalse := redFlagScore(n, items)
	require.LessOrEqual(t, len(base), devMaxMisses)
	require.LessOrEqual(t, len(baseFalse), devMaxFalseAlarms)
	// The words and facts of each line are read once; each mutant only matches.
	type line struct {
		it Labelled
		st []string
		f  redflag.Facts
	}
	lines := make([]line, len(items))
	for i, it := range items {
		plain := n.norm.plain(it.Text)
		lines[i] = line{it, exactStems(plain), n.factsFrom(it.Text, n.norm.canon(it.Text), plain)}
	}
	return n, m, func(t *testing.T, mm *model.Model) bool {
		red, err := compileRedFlags(n.norm, mm)
		require.NoError(t, err)
		misses, falseAlarms := 0, 0
		for _, l := range lines {
			h, hit := red.Match(red.Repair(l.st, n.knownStem), l.f)
			switch {
			case l.it.Urgent() && (!hit || (l.it.Level == "emergency" && h.Level != "emergency")):
				misses++
			case !l.it.Urgent() && hit:
				falseAlarms++
			}
			if misses > devMaxMisses || falseAlarms > devMaxFalseAlarms {
				return true // the gates already fail: the rest cannot undo it
			}
		}
		return false
	}
}

// loadCorpusIfExists is loadCorpus, or nothing when the file is absent.
func loadCorpusIfExists(t testing.TB, path string) []Labelled {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	return loadCorpus(t, path)
}

// TestSignsBesideInnocentWords: a red flag said beside words that cancel or
// deny other things is still a red flag (found by an independent review):
// cancel phrases reach only the signs near them, a "not" from one clause does
// not deny the next, and numbers that count something else are not
// temperatures.
func TestSignsBesideInnocentWords(t *testing.T) {
	n := realNLU(t)
	for _, u := range []string{
		"i want to take all my paracetamol and end it",
		"i have mastitis and my 2 week old has a fever",
		"my 3 week old has a fever and is sweaty",
		"my baby is having a seizure while asleep",
		"i am bleeding heavily and soaking through pads is my milk safe",
		"baby not feeding limp",
		"she isnt feeding seizure",
		"he hasnt fed blue lips",
		"baby didnt eat blue around the mouth",
		"my 4 week old has a fever and has only had 36 ml",
		"my 4 week old was born at 36 weeks and has a fever",
	} {
		_, ok := n.ruleFlag(u)
		assert.True(t, ok, "%q must be a red flag", u)
	}
}

// TestTurnsInAStory: what is over cancels a sign told before it, not one told
// after a turn ("but now") or after an over phrase, and a reassurance from a
// time gone by cancels nothing. Each rule (redflag's walls, stale cancels,
// over phrases and their direction) fails a line here when taken out.
func TestTurnsInAStory(t *testing.T) {
	ruleFlags(t, []flagCase{
		{"after my c-section I had a wound infection but it cleared up a month ago", false},
		{"the GP said he was fine but now his lips are blue", true},
		{"the midwife said it was fine but now there is blood in her nappy again", true},
		{"he has gone really floppy, the health visitor said he was fine yesterday", true},
		{"her lips look blue, the GP said she was fine this morning", true},
		{"there was a bit of blood in her nappy, the midwife said it was nothing serious", false},
		// over phrases reach back, never forward
		{"he was in special care for breathing problems but he is home now, what position is best for feeding", false},
		{"we are home now and she is bleeding really heavily", true},
		{"he had a fit this morning and he seems fine now", true},
	})
}

// TestWhoseSignItIs: a sign whose nearest owner is someone else (a husband,
// a pet) is theirs, even when the baby is named elsewhere; a pronoun or the
// baby between them makes it the baby's again. The first two fail when
// redflag's owner rule is taken out.
func TestWhoseSignItIs(t *testing.T) {
	ruleFlags(t, []flagCase{
		{"my husband snores and stops breathing at night, can he still share the bed with the baby", false},
		{"our dog has been sick and it is green, is it safe to have him near the baby", false},
		{"my husband is holding him and he has gone blue", true},
		{"the dog jumped on the cot and now the baby is not breathing", true},
		{"my husband says her lips have gone blue", true},
	})
}

// flagCase is a line and whether the rules must find a red flag in it.
type flagCase struct {
	text string
	flag bool
}

// ruleFlags checks each case against the rules alone.
func ruleFlags(t *testing.T, cases []flagCase) {
	n := realNLU(t)
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			_, ok := n.ruleFlag(tc.text)
			assert.Equal(t, tc.flag, ok)
		})
	}
}
