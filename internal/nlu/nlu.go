package nlu

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/redflag"
	"github.com/feedingfriend/skill/internal/skill"
)

// DefaultThreshold is the lowest score accepted as a match; below it the result is
// FallbackIntent. Chosen on the held-out set (see the README).
const DefaultThreshold = 0.35

// DefaultTopicBonus is added to the score of a topic named outright.
const DefaultTopicBonus = 0.1

// DefaultUrgentMin is the score the nearest-sample classifier needs to choose
// urgent help on its own (the hybrid default needs 0.8, logreg.go); red-flag
// situations need no score.
const DefaultUrgentMin = 0.6

// builtinThreshold is the score a built-in intent needs to win.
const builtinThreshold = 0.75

// shortCommand is the most words a built-in command ("that's enough thanks") has.
const shortCommand = 4

// NLU understands utterances offline. It is safe for concurrent use.
type NLU struct {
	norm       *normaliser
	red        *redflag.Set
	cls        *classifier
	topicOf    map[string]string // intent -> topic id
	intentOf   map[string]string // topic id -> intent
	synonyms   []synonym
	synFirst   map[string][]int // first stem -> indices into synonyms
	symptoms   map[string]bool  // stems of words that describe a symptom
	spell      *speller         // puts misspelt words right before scoring (nil: off)
	threshold  float64
	urgentMin  float64
	topicBonus float64
	// commands are the words each standalone intent may be said with.
	commands *commands
	// acc holds the margin, built-in and clause rules (logreg.go).
	acc acceptance
	// other finds questions about an animal, a plant or a machine (elsewhere.go).
	other elsewhere
	// det is the red-flag detector (detector.go); nil when off.
	det *detector
}

type synonym struct {
	stems []string
	topic string
}

// Option configures New.
type Option func(*options)

type options struct {
	method     Method
	threshold  float64
	urgentMin  float64
	topicBonus float64
	lr         lrOptions // logistic regression and acceptance (logreg.go)
	spelling   bool
	noDetector bool
}

// WithSpelling turns the repair of misspelt words before scoring on or off
// (default on: chosen on the development sets, see the README).
func WithSpelling(on bool) Option { return func(o *options) { o.spelling = on } }

// WithMethod selects the scoring model (default Nearest).
func WithMethod(m Method) Option { return func(o *options) { o.method = m } }

// WithTopicBonus sets the bonus for an intent whose topic is named outright.
func WithTopicBonus(b float64) Option { return func(o *options) { o.topicBonus = b } }

// WithUrgentMin sets the score the classifier needs to choose urgent help
// without a red-flag rule (default DefaultUrgentMin).
func WithUrgentMin(t float64) Option { return func(o *options) { o.urgentMin = t } }

// WithoutDetector leaves the red-flag detector out: only the rules of
// intents/red-flags.yaml find red flags (for measuring the rules alone, and
// for training the detector).
func WithoutDetector() Option { return func(o *options) { o.noDetector = true } }

// WithThreshold sets the rejection threshold (default DefaultThreshold).
func WithThreshold(t float64) Option { return func(o *options) { o.threshold = t } }

// Candidate is an intent the NLU considered, with its score.
type Candidate struct {
	Intent string  `json:"intent"`
	Topic  string  `json:"topic,omitempty"`
	Score  float64 `json:"score"`
}

// Result is what the NLU understood.
type Result struct {
	Intent string
	// Topic is the content id the intent answers ("" for non-topic intents).
	Topic string
	Slots map[string]skill.Slot
	Score float64
	// Candidates are the best intents in order, the chosen one first.
	Candidates []Candidate
	// RedFlag is the id of the red-flag situation that matched, if any.
	RedFlag string
	// Who the red flag is about (baby, mother, mental-health; "" for anyone).
	Who string
	// Matched is the training sample closest to the utterance (Nearest only).
	Matched string
	// Words are the normalised words the scorer saw.
	Words []string
	// Symptom is set on a fallback whose words describe a symptom: it has no
	// topic candidates to suggest.
	Symptom bool
	// Elsewhere is the word that made a topic's match a fallback: the question
	// is about something else ("ewe", "dog").
	Elsewhere string
}

// TopicCandidates returns the topic ids among the candidates, best first.
func (r Result) TopicCandidates(n int) []string {
	var out []string
	for _, c := range r.Candidates {
		if c.Topic != "" && c.Topic != "urgent-help" {
			out = append(out, c.Topic)
			if len(out) == n {
				break
			}
		}
	}
	return out
}

// New trains an NLU from the model.
func New(m *model.Model, opts ...Option) (*NLU, error) {
	// Settings left unset take the method's defaults (logreg.go).
	o := options{spelling: true, method: DefaultMethod, threshold: unset, urgentMin: unset, topicBonus: unset,
		lr: lrOptions{margin: unset, builtinMin: unset, share: unset}}
	for _, opt := range opts {
		opt(&o)
	}
	acc := o.resolve()
	n := &NLU{norm: newNormaliser(m.Lexicon), topicOf: m.TopicIntents(), intentOf: map[string]string{}, threshold: o.threshold, urgentMin: o.urgentMin, topicBonus: o.topicBonus, acc: acc}
	for in, t := range n.topicOf {
		n.intentOf[t] = in
	}
	red, err := compileRedFlags(n.norm, m)
	if err != nil {
		return nil, err
	}
	n.red = red
	n.symptoms = map[string]bool{}
	for _, w := range m.Symptoms {
		for _, st := range exactStems(n.norm.plain(w)) {
			n.symptoms[st] = true
		}
	}
	if tt, ok := m.Type(model.TopicTypeName); ok {
		for _, v := range tt.Values {
			// Only the synonyms: ids such as "stopping" or "how-long" are not words
			// parents use for the topic, and would capture "stop" or "how long".
			for _, s := range v.Synonyms {
				if st := stems(n.norm.canon(strings.ReplaceAll(s, "-", " "))); len(st) > 0 {
					n.synonyms = append(n.synonyms, synonym{stems: st, topic: v.ID})
				}
			}
		}
		// Longer synonyms first, so "sore nipples" wins over "nipples".
		sort.SliceStable(n.synonyms, func(i, j int) bool { return len(n.synonyms[i].stems) > len(n.synonyms[j].stems) })
		n.synFirst = map[string][]int{}
		for k, syn := range n.synonyms {
			n.synFirst[syn.stems[0]] = append(n.synFirst[syn.stems[0]], k)
		}
	}
	var examples []example
	counts := map[string]int{}
	canon := func(text string) []string {
		ws := n.norm.canon(text)
		for _, w := range ws {
			counts[w]++
		}
		return ws
	}
	if tt, ok := m.Type(model.TopicTypeName); ok {
		for _, v := range tt.Values {
			for _, syn := range v.Synonyms {
				canon(syn)
			}
		}
	}
	for _, in := range m.All() {
		if _, phrase := in.PhraseSlot(); phrase || in.Name == skill.BabyAgeIntent || in.Name == skill.TopicIntent {
			continue // found by rule: age phrases and topic words
		}
		for _, s := range in.Samples {
			// Slot markers ({ageNumber} {ageUnit}) stand for words the age finder
			// removes before scoring, so they are not trained on either.
			st := stems(canon(slotRefRE().ReplaceAllString(s.Text, " ")))
			examples = append(examples, example{intent: in.Name, feats: features(st, n.topicsIn(st)), text: s.Text})
		}
	}
	for _, s := range m.OutOfScope {
		st := stems(canon(s.Text))
		examples = append(examples, example{intent: skill.FallbackIntent, feats: features(st, n.topicsIn(st)), text: s.Text})
	}
	if len(examples) == 0 {
		return nil, fmt.Errorf("nlu: the model has no samples to learn from")
	}
	if o.spelling {
		n.spell = newSpeller(counts)
	}
	n.cls = train(o.method, examples)
	if err := n.attachLogReg(examples, o); err != nil {
		return nil, err
	}
	n.commands = newCommands(n.norm, m)
	n.other = newElsewhere(n.norm, m.Elsewhere)
	if !o.noDetector {
		if n.det, err = loadDetector(); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// topicsIn returns the topic ids whose synonyms occur in st, longest match first,
// each once; words used by a longer synonym are not reused.
func (n *NLU) topicsIn(st []string) []string {
	// Candidates are found through the synonyms' first stems, then taken in
	// synonym order (longest first) and position order, as a scan of every
	// synonym at every position would.
	type at struct{ syn, pos int }
	var cands []at
	for i, w := range st {
		for _, k := range n.synFirst[w] {
			if i+len(n.synonyms[k].stems) <= len(st) && slices.Equal(st[i:i+len(n.synonyms[k].stems)], n.synonyms[k].stems) {
				cands = append(cands, at{k, i})
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	sort.Slice(cands, func(a, b int) bool {
		if cands[a].syn != cands[b].syn {
			return cands[a].syn < cands[b].syn
		}
		return cands[a].pos < cands[b].pos
	})
	used := make([]bool, len(st))
	var out []string
	for _, c := range cands {
		syn := n.synonyms[c.syn]
		free := true
		for j := range syn.stems {
			if used[c.pos+j] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for j := range syn.stems {
			used[c.pos+j] = true
		}
		if !slices.Contains(out, syn.topic) {
			out = append(out, syn.topic)
		}
	}
	return out
}

// slotRefRE matches a {slot} marker in a sample.
var slotRefRE = lazyre.New(`\{[^{}]*\}`)

// fillers are words that may stand around an age without changing the intent
// ("she's about 6 weeks old").
var fillers = map[string]bool{"she": true, "he": true, "they": true, "it": true, "my": true, "baby": true, "is": true, "are": true,
	"was": true, "old": true, "about": true, "just": true, "nearly": true, "almost": true, "born": true, "ago": true,
	"around": true, "only": true, "now": true, "over": true, "under": true, "little": true, "one": true, "our": true,
	"the": true, "and": true, "a": true, "bit": true, "her": true, "his": true, "age": true, "i": true, "think": true, "exactly": true, "today": true,
	"girl": true, "boy": true, "sorry": true, "meant": true, "mean": true, "actually": true, "no": true, "oh": true, "wait": true, "well": true,
	"turned": true, "turns": true, "will": true, "be": true, "going": true, "on": true, "of": true}

// onlyFillers reports whether ws are all filler words.
func onlyFillers(ws []string) bool {
	for _, w := range ws {
		if !fillers[w] {
			return false
		}
	}
	return true
}

// onlyAnAge reports whether ws say the baby's age and nothing else but
// filler words ("she's 3 weeks old").
func onlyAnAge(ws []string) bool {
	_, from, to, ok := findAge(ws)
	return ok && onlyFillers(ws[:from]) && onlyFillers(ws[to:])
}

// Parse understands one utterance.
func (n *NLU) Parse(text string) Result {
	ws, plain := n.norm.both(text)
	if n.spell != nil {
		ws = n.spell.fixAll(ws)
	}
	res := Result{Intent: skill.FallbackIntent, Slots: map[string]skill.Slot{}, Words: ws}
	if len(ws) == 0 {
		return res
	}
	st := stems(ws)
	if h, ok := n.redFlagWords(text, ws, plain); ok {
		res.Intent, res.Topic, res.Score, res.RedFlag, res.Who = skill.UrgentHelpIntent, "urgent-help", 1, h.ID, h.Who
		res.Slots[skill.LevelSlot] = skill.Slot{Value: h.Level, ID: h.Level}
		if h.Who != "" {
			res.Slots[skill.WhoSlot] = skill.Slot{Value: h.Who, ID: h.Who}
		}
		res.Candidates = []Candidate{{Intent: res.Intent, Topic: res.Topic, Score: 1}}
		return res
	}
	age, from, to, hasAge := findAge(ws)
	rest := ws
	if hasAge {
		res.Slots[skill.AgeNumberSlot] = skill.Slot{Value: strconv.Itoa(age.Number)}
		res.Slots[skill.AgeUnitSlot] = skill.Slot{Value: age.Unit, ID: age.Unit}
		rest = append(append([]string(nil), ws[:from]...), ws[to:]...)
		if onlyFillers(rest) {
			res.Intent, res.Score = skill.BabyAgeIntent, 1
			res.Candidates = []Candidate{{Intent: res.Intent, Score: 1}}
			return res
		}
		st = stems(rest)
	}
	topics := n.topicsIn(st)
	if len(topics) > 0 {
		res.Slots[skill.TopicSlot] = skill.Slot{Value: topics[0], ID: topics[0]}
	}
	d, _ := n.decideText(text, ws, st, topics)
	for i, r := range d.ranked {
		if i == 5 || r.score <= 0 {
			break
		}
		res.Candidates = append(res.Candidates, Candidate{Intent: r.intent, Topic: n.topicOf[r.intent], Score: round(r.score)})
	}
	if !d.found {
		return res
	}
	res.Score = round(d.top.score)
	if d.top.sample >= 0 {
		res.Matched = n.cls.samples[d.top.sample].text
	}
	if d.top.intent == skill.FallbackIntent || d.top.score < n.threshold || n.unsure(d) {
		// A symptom not understood is not a topic to browse: no suggestions,
		// so the fallback gives the safety net and the helpline alone.
		if n.describesSymptom(plain) {
			res.Candidates, res.Symptom = nil, true
		}
		return res
	}
	if t := n.topicOf[d.top.intent]; t != "" && t != "urgent-help" {
		if what := n.other.about(plain); what != "" {
			res.Elsewhere = what
			return res
		}
	}
	res.Intent, res.Topic = d.top.intent, n.topicOf[d.top.intent]
	return res
}

// decision is how the scorer's ranking became a choice; Parse and Explain share it.
type decision struct {
	ranked  []scored // every intent after the topic bonus, best first
	top     scored   // the chosen candidate (before the rejection threshold)
	found   bool     // false when nothing scored
	skipped []scored // better-scored candidates passed over, and why is in reason
	reasons []string
	bonus   float64 // the topic bonus included in top.score
}

// decide ranks the intents for feats and picks the candidate.
func (n *NLU) decide(words int, feats, topics []string) decision {
	d := decision{ranked: n.cls.rank(feats)}
	// A topic named outright ("formula", "colostrum") is strong evidence, as a
	// resolved slot value is on the platforms: its intent gets a bonus.
	named := map[string]bool{}
	for _, t := range topics {
		named[t] = true
	}
	if len(named) > 0 && n.topicBonus > 0 {
		for i := range d.ranked {
			if named[n.topicOf[d.ranked[i].intent]] {
				d.ranked[i].score += n.topicBonus
			}
		}
		sort.SliceStable(d.ranked, func(i, j int) bool { return d.ranked[i].score > d.ranked[j].score })
	}
	for _, r := range d.ranked {
		if r.score <= 0 {
			break
		}
		switch {
		// Built-in intents (yes, stop, more...) are short commands; like Alexa's,
		// they match only close phrasings or short commands, so "feeding non
		// stop" is not a stop.
		case words > shortCommand && model.IsBuiltin(r.intent) && r.intent != skill.FallbackIntent && r.score < n.acc.builtinMin:
			d.skipped, d.reasons = append(d.skipped, r), append(d.reasons, "a built-in command needs a close match in a long utterance")
		// Stop, cancel, greetings and thanks are said on their own: with words
		// of a question around them ("how can I stop him biting", "cancel my
		// feed schedule") they are not what was meant.
		case n.commands.standalone(r.intent) && !n.commands.onlyCommandWords(r.intent, feats):
			d.skipped, d.reasons = append(d.skipped, r), append(d.reasons, "stop, cancel, a greeting or thanks is said on its own, not inside a question")
		// Red flags are found by the rules. The classifier may still pick urgent
		// help from its samples, but only when the utterance is close to one: a
		// loose resemblance ("poo is mustard yellow") must not end the session.
		case isUrgentIntent(r.intent) && r.score < n.urgentMin:
			d.skipped, d.reasons = append(d.skipped, r), append(d.reasons, "urgent help without a red-flag rule needs a close match")
		default:
			d.top, d.found = r, true
			if named[n.topicOf[r.intent]] {
				d.bonus = n.topicBonus
			}
			return d
		}
	}
	return d
}

// describesSymptom reports whether the plain words name a symptom.
func (n *NLU) describesSymptom(plain []string) bool {
	for _, w := range exactStems(plain) {
		if n.symptoms[w] {
			return true
		}
	}
	return false
}

// isUrgentIntent reports whether an intent is urgent help (anyone's, the
// mother's, or a mental-health crisis).
func isUrgentIntent(name string) bool {
	return name == skill.UrgentHelpIntent || name == skill.UrgentMotherIntent || name == skill.MentalHealthCrisisIntent
}

// IntentForTopic returns the topic intent that answers a content id.
func (n *NLU) IntentForTopic(topic string) (string, bool) {
	in, ok := n.intentOf[topic]
	return in, ok
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
