package nlu

import (
	"fmt"
	"sort"

	"github.com/feedingfriend/skill/internal/skill"
	"go.yaml.in/yaml/v3"
)

// Labelled is one utterance of an evaluation set with the answer it must reach:
// a topic id, or an intent name for requests that are not topics.
type Labelled struct {
	Text   string `yaml:"text"`
	Topic  string `yaml:"topic"`
	Intent string `yaml:"intent"`
	// Category is the kind of phrasing (keyword, story, asr, near-domain...).
	Category string `yaml:"category"`
	// Level, Who and Situation label a red-flag corpus line (level emergency or
	// urgent); level none marks an ordinary line that must not reach urgent help.
	Level     string `yaml:"level"`
	Who       string `yaml:"who"`
	Situation string `yaml:"situation"`
	Line      int    `yaml:"-"`
}

// Urgent reports whether the line describes a red flag.
func (l Labelled) Urgent() bool {
	return l.Topic == "urgent-help" || l.Level == "emergency" || l.Level == "urgent"
}

// Label is the topic id, or the intent when there is no topic.
func (l Labelled) Label() string {
	if l.Urgent() {
		return "urgent-help"
	}
	if l.Topic != "" && l.Topic != "none" {
		return l.Topic
	}
	if l.Intent == "" {
		return skill.FallbackIntent
	}
	return l.Intent
}

// ParseLabelled reads an evaluation file: {utterances: [{text, topic|intent}]}.
func ParseLabelled(data []byte) ([]Labelled, error) {
	var doc struct {
		Utterances []Labelled `yaml:"utterances"`
	}
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		return nil, fmt.Errorf("nlu: evaluation file: %w", err)
	}
	if err := node.Decode(&doc); err != nil {
		return nil, fmt.Errorf("nlu: evaluation file: %w", err)
	}
	if len(node.Content) > 0 {
		m := node.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "utterances" {
				for j, it := range m.Content[i+1].Content {
					if j < len(doc.Utterances) {
						doc.Utterances[j].Line = it.Line
					}
				}
			}
		}
	}
	for _, u := range doc.Utterances {
		if u.Text == "" || (u.Topic == "" && u.Intent == "" && u.Level == "") {
			return nil, fmt.Errorf("nlu: evaluation file: line %d: want text and topic, intent or level", u.Line)
		}
	}
	return doc.Utterances, nil
}

// Outcome is one evaluated utterance.
type Outcome struct {
	Item Labelled
	Got  string // the label the NLU reached
	Res  Result
}

// Report holds the figures of an evaluation.
type Report struct {
	Outcomes []Outcome
	// Topic utterances (urgent-help included): top-1 accuracy.
	TopicTotal, TopicCorrect int
	// Out-of-scope utterances: how many were rejected (FallbackIntent).
	OOSTotal, OOSRejected int
	// Urgent-help utterances: how many reached urgent-help.
	UrgentTotal, UrgentHit int
	// Other intents (help, stop, repeat, more...).
	IntentTotal, IntentCorrect int
	// In-scope utterances wrongly rejected as out of scope.
	FalseRejects int
	// Lines that are not red flags but reached urgent help, out of NonUrgent.
	OverTriggered, NonUrgent int
}

// LabelOf is the label a result reached: its topic, else its intent.
func LabelOf(r Result) string {
	if r.Topic != "" {
		return r.Topic
	}
	return r.Intent
}

// Evaluate runs every utterance through n and counts the results.
func Evaluate(n *NLU, items []Labelled) Report {
	var rep Report
	for _, it := range items {
		res := n.Parse(it.Text)
		got := LabelOf(res)
		want := it.Label()
		rep.Outcomes = append(rep.Outcomes, Outcome{Item: it, Got: got, Res: res})
		if !it.Urgent() {
			rep.NonUrgent++
			if got == "urgent-help" {
				rep.OverTriggered++
			}
		}
		switch {
		case it.Urgent():
			rep.TopicTotal++
			rep.UrgentTotal++
			if got == want {
				rep.TopicCorrect++
				rep.UrgentHit++
			}
			if got == skill.FallbackIntent {
				rep.FalseRejects++
			}
		case want == skill.FallbackIntent:
			rep.OOSTotal++
			if got == skill.FallbackIntent {
				rep.OOSRejected++
			}
		case it.Topic != "":
			rep.TopicTotal++
			if got == want {
				rep.TopicCorrect++
			}
			if got == skill.FallbackIntent {
				rep.FalseRejects++
			}
		default:
			rep.IntentTotal++
			if got == want {
				rep.IntentCorrect++
			}
			if got == skill.FallbackIntent {
				rep.FalseRejects++
			}
		}
	}
	return rep
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// TopicAccuracy is top-1 accuracy on topic utterances, in percent.
func (r Report) TopicAccuracy() float64 { return pct(r.TopicCorrect, r.TopicTotal) }

// OOSRejection is the share of out-of-scope utterances rejected, in percent.
func (r Report) OOSRejection() float64 { return pct(r.OOSRejected, r.OOSTotal) }

// UrgentRecall is the share of urgent-help utterances that reached urgent-help, in percent.
func (r Report) UrgentRecall() float64 { return pct(r.UrgentHit, r.UrgentTotal) }

// IntentAccuracy is accuracy on the other intents, in percent.
func (r Report) IntentAccuracy() float64 { return pct(r.IntentCorrect, r.IntentTotal) }

// Summary is the report's headline figures on one line.
func (r Report) Summary() string {
	return fmt.Sprintf("topic top-1 %.1f%% (%d/%d), out-of-scope rejected %.1f%% (%d/%d), urgent-help recall %.1f%% (%d/%d), other intents %.1f%% (%d/%d)",
		r.TopicAccuracy(), r.TopicCorrect, r.TopicTotal, r.OOSRejection(), r.OOSRejected, r.OOSTotal,
		r.UrgentRecall(), r.UrgentHit, r.UrgentTotal, r.IntentAccuracy(), r.IntentCorrect, r.IntentTotal)
}

// Misses returns the outcomes whose label was wrong.
func (r Report) Misses() []Outcome {
	var out []Outcome
	for _, o := range r.Outcomes {
		if o.Got != o.Item.Label() {
			out = append(out, o)
		}
	}
	return out
}

// Score holds precision, recall and F1 for one label.
type Score struct {
	Label                 string
	Support               int
	Precision, Recall, F1 float64
}

// PerLabel returns precision, recall and F1 for every label seen, the labels
// with examples first, weakest (lowest F1) first; then the labels that were
// only chosen, never expected (no examples: nothing to recall, so no F1 to
// rank them by), by name.
func (r Report) PerLabel() []Score {
	tp, fp, fn, support := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	labels := map[string]bool{}
	for _, o := range r.Outcomes {
		want := o.Item.Label()
		labels[want], labels[o.Got] = true, true
		support[want]++
		if o.Got == want {
			tp[want]++
		} else {
			fp[o.Got]++
			fn[want]++
		}
	}
	var out []Score
	for l := range labels {
		s := Score{Label: l, Support: support[l]}
		if d := tp[l] + fp[l]; d > 0 {
			s.Precision = float64(tp[l]) / float64(d)
		}
		if d := tp[l] + fn[l]; d > 0 {
			s.Recall = float64(tp[l]) / float64(d)
		}
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Support == 0) != (out[j].Support == 0) {
			return out[j].Support == 0
		}
		if out[i].F1 != out[j].F1 {
			return out[i].F1 < out[j].F1
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// Confusion counts (expected, got) pairs.
func (r Report) Confusion() map[string]map[string]int {
	m := map[string]map[string]int{}
	for _, o := range r.Outcomes {
		w := o.Item.Label()
		if m[w] == nil {
			m[w] = map[string]int{}
		}
		m[w][o.Got]++
	}
	return m
}

// Pair is a confused pair of labels with a count.
type Pair struct {
	Want, Got string
	Count     int
}

// Confused returns the most confused (expected, got) pairs, most first.
func (r Report) Confused(n int) []Pair {
	var out []Pair
	for w, row := range r.Confusion() {
		for g, c := range row {
			if g != w {
				out = append(out, Pair{w, g, c})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Want+out[i].Got < out[j].Want+out[j].Got
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Tally is a count of right answers out of a total.
type Tally struct {
	Name         string
	Right, Total int
}

// Percent is the share right, in percent.
func (t Tally) Percent() float64 { return pct(t.Right, t.Total) }

func (t Tally) String() string {
	return fmt.Sprintf("%-14s %5.1f%% (%d/%d)", t.Name, t.Percent(), t.Right, t.Total)
}

// ByCategory counts right answers per phrasing category (lines without one
// count as "other"), sorted by name.
func (r Report) ByCategory() []Tally {
	m := map[string]*Tally{}
	for _, o := range r.Outcomes {
		c := o.Item.Category
		if c == "" {
			c = "other"
		}
		if m[c] == nil {
			m[c] = &Tally{Name: c}
		}
		m[c].Total++
		if o.Got == o.Item.Label() {
			m[c].Right++
		}
	}
	out := make([]Tally, 0, len(m))
	for _, t := range m {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
