package nlu

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/feedingfriend/skill/internal/skill"
)

// Explanation says why Parse understood an utterance the way it did: what the
// normaliser made of it, which red-flag rule or age it found, which topic words,
// how the candidates scored, and which words made the nearest training sample
// near. It is for editors and engineers (`skill model explain`); the skill
// never speaks it.
type Explanation struct {
	Text string
	// Words are the normalised words the classifier saw (lexicon applied).
	Words []string
	// Plain are the words the red-flag rules saw (no lexicon), stemmed.
	Plain []string
	// RedFlag is the rule that matched, if any; it decides before the classifier.
	RedFlag *RedFlagHit
	// Age is the baby's age found in the words, if any.
	Age *AgeHit
	// Topics are the topic synonyms found, longest first.
	Topics []TopicHit
	// Bonus is the topic bonus in the result's score: the topic was named outright.
	Bonus float64
	// SkippedWhy says why each of Skipped was passed over.
	SkippedWhy []string
	// Skipped are candidates passed over: built-in intents in a long utterance,
	// or urgent help by resemblance only
	// for a short command ("feeding non stop" is not StopIntent).
	Skipped []Candidate
	// Nearest is the best training sample of the top candidate, with the
	// features that made it near.
	Nearest *NearestSample
	// LogReg are the features that pushed the top candidate up or down in
	// the logistic regression (methods LogReg and Hybrid).
	LogReg *LogRegReasons
	// Threshold is the rejection threshold in use.
	Threshold float64
	// Result is exactly what Parse returns.
	Result Result
	// Decision says in one sentence why Result.Intent was chosen.
	Decision string
	// SafetyNet is the red-flag detector's probability when no red flag was
	// found but the words came close to one (at least CautionMin): a topic's
	// answer is then led by the safety net. 0 otherwise.
	SafetyNet float64
}

// RedFlagHit is a red-flag rule that matched and the phrases (as stems) that
// made it match: one for an `any` rule, one per group for an `all` rule.
type RedFlagHit struct {
	ID, Level, Who string
	Phrases        []string
	// Facts are the qualifiers read (age in days, temperature, hours).
	AgeDays int
	TempC   float64
	Hours   float64
}

// AgeHit is the age found and the words it was said in.
type AgeHit struct {
	Age   Age
	Days  int
	Words []string
}

// TopicHit is a topic whose synonym occurs in the utterance.
type TopicHit struct {
	Topic string
	Words []string // the synonym's stems
}

// NearestSample is a training sample and how much each shared feature contributed to
// its cosine similarity with the utterance. The contributions sum to Score.
type NearestSample struct {
	Intent string
	Sample string
	Score  float64
	// Shared are the features both have, largest contribution first.
	Shared []Contribution
	// Missing are the utterance's features the sample lacks: they pulled the score down.
	Missing []Contribution
}

// Contribution is one feature's share of a score.
type Contribution struct {
	// Feature is a word stem ("latch"), a word pair ("good latch") or a topic
	// synonym ("topic:latch").
	Feature string
	Weight  float64
}

// Explain parses text and says why the result came out as it did. Its Result
// is the one Parse returns.
func (n *NLU) Explain(text string) Explanation {
	ex := n.explain(text)
	if ex.RedFlag != nil || len(ex.Words) == 0 {
		return ex
	}
	if _, caution, _ := n.Assess(text); caution {
		_, p, _ := n.detectedP(n.norm.plain(text), ex.Plain, n.facts(text, ex.Words))
		ex.SafetyNet = p
		if ex.Result.Topic != "" {
			ex.Decision += fmt.Sprintf("; the red-flag detector gives %.2f (at least %.2f, under %.2f) to red flags, so the reply is led by the safety net",
				p, CautionMin, n.det.min)
		}
	}
	return ex
}

func (n *NLU) explain(text string) Explanation {
	res := n.Parse(text)
	ex := Explanation{Text: text, Result: res, Words: res.Words, Threshold: n.threshold}
	ex.Plain = n.redStems(text)
	if len(res.Words) == 0 {
		ex.Decision = "nothing was said that the normaliser could read, so the result is " + skill.FallbackIntent
		return ex
	}
	f := n.facts(text, res.Words)
	if h, ok := n.red.Match(ex.Plain, f); ok {
		ex.RedFlag = &RedFlagHit{ID: h.ID, Level: h.Level, Who: h.Who, Phrases: h.Phrases, AgeDays: f.AgeDays, TempC: f.TempC, Hours: f.Hours}
		ex.Decision = fmt.Sprintf("red-flag situation %q (%s, %s) matched, and red flags are checked before the classifier, so the result is %s",
			h.ID, h.Level, whoOrAnyone(h.Who), skill.UrgentHelpIntent)
		return ex
	}
	if h, p, ok := n.detectedP(n.norm.plain(text), ex.Plain, f); ok {
		ex.RedFlag = &RedFlagHit{ID: h.ID, Level: h.Level, Who: h.Who, AgeDays: f.AgeDays, TempC: f.TempC, Hours: f.Hours}
		ex.Decision = fmt.Sprintf("no situation of red-flags.yaml matched, but the red-flag detector gives %.2f (at least %.2f) to red flags, most to %s %s, so the result is %s",
			p, n.det.min, whoOrAnyone(h.Who), h.Level, skill.UrgentHelpIntent)
		return ex
	}
	st := stems(res.Words)
	if age, from, to, ok := findAge(res.Words); ok {
		ex.Age = &AgeHit{Age: age, Days: age.Days(), Words: append([]string(nil), res.Words[from:to]...)}
		if res.Intent == skill.BabyAgeIntent {
			ex.Decision = fmt.Sprintf("only the baby's age (%s) and filler words were said, so the result is %s",
				strings.Join(ex.Age.Words, " "), skill.BabyAgeIntent)
			return ex
		}
		rest := append(append([]string(nil), res.Words[:from]...), res.Words[to:]...)
		st = stems(rest)
	}
	topics := n.topicsIn(st)
	for _, t := range topics {
		ex.Topics = append(ex.Topics, TopicHit{Topic: t, Words: n.synonymStems(t, st)})
	}
	d, feats := n.decideText(text, res.Words, st, topics)
	if !d.found {
		ex.Decision = "no training sample shares a word with the utterance, so the result is " + skill.FallbackIntent
		return ex
	}
	top := d.top
	for i, r := range d.skipped {
		ex.Skipped = append(ex.Skipped, Candidate{Intent: r.intent, Score: round(r.score)})
		ex.SkippedWhy = append(ex.SkippedWhy, d.reasons[i])
	}
	ex.Bonus = d.bonus
	if top.sample >= 0 {
		ex.Nearest = n.cls.explainSample(feats, top.sample)
	}
	if res.Elsewhere != "" {
		ex.Decision = fmt.Sprintf("%s scored %.3f, but %q is said and nothing names a baby or breastfeeding (out-of-scope.yaml others and anchors), so the result is %s",
			top.intent, top.score, res.Elsewhere, skill.FallbackIntent)
		return ex
	}
	if why, ok := n.explainLogReg(&ex, d, feats); ok {
		ex.Decision = why
		return ex
	}
	switch {
	case top.intent == skill.FallbackIntent:
		ex.Decision = fmt.Sprintf("the nearest sample is an out-of-scope example (score %.3f), so the result is %s", top.score, skill.FallbackIntent)
	case top.score < n.threshold:
		ex.Decision = fmt.Sprintf("the best candidate, %s, scored %.3f, below the rejection threshold %.2f, so the result is %s",
			top.intent, top.score, n.threshold, skill.FallbackIntent)
	default:
		ex.Decision = fmt.Sprintf("%s scored %.3f, at or above the threshold %.2f, through its nearest sample", top.intent, top.score, n.threshold)
		if n.cls.method == Centroid {
			ex.Decision = fmt.Sprintf("%s scored %.3f, at or above the threshold %.2f, against the centre of its samples", top.intent, top.score, n.threshold)
		}
	}
	return ex
}

func whoOrAnyone(who string) string {
	if who == "" {
		return "anyone"
	}
	return who
}

// synonymStems returns the longest synonym of topic found in st.
func (n *NLU) synonymStems(topic string, st []string) []string {
	for _, syn := range n.synonyms {
		if syn.topic == topic && hasRun(st, syn.stems) {
			return syn.stems
		}
	}
	return nil
}

// hasRun reports whether phrase occurs as a contiguous run in st.
func hasRun(st, phrase []string) bool {
	for i := 0; i+len(phrase) <= len(st); i++ {
		if slices.Equal(st[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return len(phrase) == 0
}

// explainSample splits the cosine similarity of feats and sample into each
// shared feature's share.
func (c *classifier) explainSample(feats []string, sample int) *NearestSample {
	names := make([]string, len(c.idf))
	for f, i := range c.feats {
		names[i] = f
	}
	q := c.vector(feats)
	s := c.samples[sample]
	nr := &NearestSample{Intent: c.intents[s.intent], Sample: s.text}
	for f, w := range q {
		if sw, ok := s.vec[f]; ok {
			nr.Shared = append(nr.Shared, Contribution{Feature: featureName(names[f]), Weight: round(w * sw)})
			nr.Score += w * sw
		} else {
			nr.Missing = append(nr.Missing, Contribution{Feature: featureName(names[f]), Weight: round(w)})
		}
	}
	nr.Score = round(nr.Score)
	byWeight := func(cs []Contribution) {
		sort.Slice(cs, func(i, j int) bool {
			if math.Abs(cs[i].Weight-cs[j].Weight) > 1e-9 {
				return cs[i].Weight > cs[j].Weight
			}
			return cs[i].Feature < cs[j].Feature
		})
	}
	byWeight(nr.Shared)
	byWeight(nr.Missing)
	return nr
}

// featureName makes a classifier feature readable.
func featureName(f string) string {
	if strings.HasPrefix(f, "@") {
		return "topic:" + f[1:]
	}
	return strings.ReplaceAll(f, "_", " ")
}
