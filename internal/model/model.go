package model

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/skill"
	"go.yaml.in/yaml/v3"
)

// TopicTypeName is the slot type generated from the topic files' synonyms.
const TopicTypeName = "TopicType"

// NumberType is the neutral name of the platforms' number slot type
// (AMAZON.NUMBER, @sys.number).
const NumberType = "NUMBER"

// PhraseType is the neutral name of a phrase slot: the parent's own words,
// free text (AMAZON.SearchQuery on Alexa). It exists for platforms that would
// otherwise drop the words; Dialogflow passes the words with every request,
// so its agents leave phrase-slot intents out.
const PhraseType = "PHRASE"

// AlexaSamplesFile holds samples for Alexa's interaction model only, by
// intent; `go generate ./internal/nlu` writes it from the red-flag
// development corpora (see Intent.AlexaSamples).
const AlexaSamplesFile = "alexa-samples.yaml"

// Model is the whole neutral interaction model.
type Model struct {
	Invocation string
	Builtins   []Intent
	Intents    []Intent // custom intents, topic intents included
	Types      []Type
	RedFlags   []RedFlag
	// Concepts are the red-flag situations' named phrase lists ({name} in a pattern).
	Concepts map[string][]string
	// Symptoms are words that describe a symptom (red-flags.yaml symptoms).
	Symptoms []string
	// RedFlagScope says when signs are not about this baby or mother now
	// (red-flags.yaml cancel, general, personal, others and anchors).
	RedFlagScope RedFlagScope
	OutOfScope   []Sample
	// Elsewhere says when a question is about something other than a baby or
	// breastfeeding (out-of-scope.yaml others and anchors).
	Elsewhere Elsewhere
	// Lexicon maps words and phrases parents use to the words the model is written in.
	Lexicon map[string]string
}

// Intent is one intent with its samples.
type Intent struct {
	Name    string
	Topic   string // content id for topic intents, "" otherwise
	Slots   []SlotDef
	Samples []Sample
	// AlexaSamples are samples for Alexa's interaction model only
	// (alexa-samples.yaml): Alexa passes no words, so Amazon's NLU must place
	// a red flag on an urgent intent itself, where the other platforms' words
	// reach the red-flag layer.
	AlexaSamples []Sample
	Synonyms     []string // topic intents: words that name the topic
	Builtin      bool
	File         string
	Line         int
}

// Sample is one sample utterance and where it is written.
type Sample struct {
	Text string
	File string
	Line int
}

// SlotDef declares a slot of an intent.
type SlotDef struct {
	Name string `yaml:"name"`
	Type string `yaml:"type"`
}

// Type is a custom slot type.
type Type struct {
	Name   string
	Values []Value
	File   string
	Line   int
}

// Value is one value of a slot type, with its id and synonyms.
type Value struct {
	ID       string   `yaml:"id"`
	Synonyms []string `yaml:"synonyms"`
	Line     int      `yaml:"-"`
}

// RedFlag is one red-flag situation (see intents/red-flags.yaml and
// internal/redflag, which finds it).
type RedFlag struct {
	ID     string     `yaml:"id"`
	Who    string     `yaml:"who"`
	Level  string     `yaml:"level"`
	Source string     `yaml:"source"`
	Any    []string   `yaml:"any"`
	All    [][]string `yaml:"all"`
	Near   int        `yaml:"near"`
	Not    []string   `yaml:"not"`
	Needs  Needs      `yaml:"needs"`
	// InGeneral: the situation matches in a question about signs in general too.
	InGeneral bool   `yaml:"in_general"`
	File      string `yaml:"-"`
	Line      int    `yaml:"-"`
}

// Elsewhere is out-of-scope.yaml's rule for questions about someone or
// something else: when one of Others is said and none of Anchors, no topic is
// answered ("my horse has thrush", "mastitis in a ewe").
type Elsewhere struct {
	Others  []string `yaml:"others"`
	Anchors []string `yaml:"anchors"`
}

// RedFlagScope is red-flags.yaml's rules for signs that are not about this
// baby or mother now (see internal/redflag.Scope).
type RedFlagScope struct {
	Cancel   []string            `yaml:"cancel"`
	Over     []string            `yaml:"over"`
	General  []string            `yaml:"general"`
	Personal []string            `yaml:"personal"`
	Others   []RedFlagOther      `yaml:"others"`
	Anchors  map[string][]string `yaml:"anchors"`
}

// RedFlagOther is someone a sign may belong to who is neither the baby nor
// the mother.
type RedFlagOther struct {
	Name  string   `yaml:"name"`
	Words []string `yaml:"words"`
	About []string `yaml:"about"`
}

// Needs are a red-flag situation's qualifiers.
type Needs struct {
	AgeUnderDays int     `yaml:"age_under_days"`
	AgeAtLeast   int     `yaml:"age_at_least_days"`
	AgeUnknown   bool    `yaml:"age_unknown"`
	FeverIfSaid  float64 `yaml:"fever_if_said"`
	TempAtLeast  float64 `yaml:"temp_at_least"`
	HoursAtLeast float64 `yaml:"hours_at_least"`
}

// Who a red-flag situation is about ("" is anyone).
var RedFlagWho = []string{"baby", "mother", "mental-health"}

// Red-flag levels.
const (
	Emergency = "emergency"
	Urgent    = "urgent"
)

// Intent returns the intent with name, builtins included.
func (m *Model) Intent(name string) (*Intent, bool) {
	for _, list := range [][]Intent{m.Builtins, m.Intents} {
		for i := range list {
			if list[i].Name == name {
				return &list[i], true
			}
		}
	}
	return nil, false
}

// PhraseSlot returns the intent's phrase slot, if it has one.
func (in Intent) PhraseSlot() (string, bool) {
	for _, s := range in.Slots {
		if s.Type == PhraseType {
			return s.Name, true
		}
	}
	return "", false
}

// All returns builtins then custom intents.
func (m *Model) All() []Intent {
	return append(append([]Intent(nil), m.Builtins...), m.Intents...)
}

// TopicIntents maps each topic intent's name to its content id.
func (m *Model) TopicIntents() map[string]string {
	out := map[string]string{}
	for _, in := range m.Intents {
		if in.Topic != "" {
			out[in.Name] = in.Topic
		}
	}
	return out
}

// Type returns the slot type named name.
func (m *Model) Type(name string) (*Type, bool) {
	for i := range m.Types {
		if m.Types[i].Name == name {
			return &m.Types[i], true
		}
	}
	return nil, false
}

// Problem is one thing wrong in the model, with its place.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// LoadError lists every problem found while loading.
type LoadError struct{ Problems []Problem }

func (e *LoadError) Error() string {
	s := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		s[i] = p.String()
	}
	return "model: invalid interaction model:\n" + strings.Join(s, "\n")
}

var (
	nameRE   = lazyre.New(`^[A-Za-z_]+$`)
	slotRefs = lazyre.New(`\{([^{}]*)\}`)
)

// builtinNames are the neutral built-in intents the conversation handles.
var builtinNames = []string{skill.HelpIntent, skill.StopIntent, skill.CancelIntent, skill.YesIntent, skill.NoIntent,
	skill.MoreIntent, skill.RepeatIntent, skill.NavigateHomeIntent, skill.StartOverIntent}

// IsBuiltin reports whether name is one of the neutral built-in intents (Fallback included).
func IsBuiltin(name string) bool {
	if name == skill.FallbackIntent {
		return true
	}
	for _, b := range builtinNames {
		if b == name {
			return true
		}
	}
	return false
}

type fileModel struct {
	Invocation string `yaml:"invocation"`
	Builtins   []struct {
		Name    string   `yaml:"name"`
		Samples []string `yaml:"samples"`
	} `yaml:"builtins"`
	Intents []struct {
		Name    string    `yaml:"name"`
		Slots   []SlotDef `yaml:"slots"`
		Samples []string  `yaml:"samples"`
	} `yaml:"intents"`
	Types []struct {
		Name   string  `yaml:"name"`
		Values []Value `yaml:"values"`
	} `yaml:"types"`
}

type fileTopic struct {
	Intent   string    `yaml:"intent"`
	Topic    string    `yaml:"topic"`
	Slots    []SlotDef `yaml:"slots"`
	Synonyms []string  `yaml:"synonyms"`
	Samples  []string  `yaml:"samples"`
}

// Load reads model.yaml, topics/*.yaml, red-flags.yaml and out-of-scope.yaml from
// fsys and validates them together.
func Load(fsys fs.FS) (*Model, error) {
	var probs []Problem
	add := func(file string, line int, format string, args ...any) {
		probs = append(probs, Problem{file, line, fmt.Sprintf(format, args...)})
	}
	m := &Model{}

	var fm fileModel
	root, err := decode(fsys, "model.yaml", &fm)
	if err != nil {
		return nil, err
	}
	m.Invocation = fm.Invocation
	if strings.TrimSpace(fm.Invocation) == "" {
		add("model.yaml", 1, "invocation is missing")
	}
	bnode := child(root, "builtins")
	for i, b := range fm.Builtins {
		n := item(bnode, i)
		in := Intent{Name: b.Name, Builtin: true, File: "model.yaml", Line: n.Line}
		if !IsBuiltin(b.Name) || b.Name == skill.FallbackIntent {
			add("model.yaml", n.Line, "%q is not a built-in intent the skill handles (%s)", b.Name, strings.Join(builtinNames, ", "))
		}
		in.Samples = samples("model.yaml", child(n, "samples"), b.Samples)
		m.Builtins = append(m.Builtins, in)
	}
	inode := child(root, "intents")
	for i, x := range fm.Intents {
		n := item(inode, i)
		m.Intents = append(m.Intents, Intent{Name: x.Name, Slots: x.Slots, File: "model.yaml", Line: n.Line,
			Samples: samples("model.yaml", child(n, "samples"), x.Samples)})
	}
	tnode := child(root, "types")
	for i, x := range fm.Types {
		n := item(tnode, i)
		vals := x.Values
		vn := child(n, "values")
		for j := range vals {
			vals[j].Line = item(vn, j).Line
		}
		m.Types = append(m.Types, Type{Name: x.Name, Values: vals, File: "model.yaml", Line: n.Line})
	}

	names, _ := fs.Glob(fsys, "topics/*.yaml")
	sort.Strings(names)
	topicType := Type{Name: TopicTypeName, File: "topics/", Line: 1}
	for _, name := range names {
		var ft fileTopic
		r, err := decode(fsys, name, &ft)
		if err != nil {
			var le *LoadError
			if asLoad(err, &le) {
				probs = append(probs, le.Problems...)
				continue
			}
			return nil, err
		}
		if ft.Topic == "" || ft.Intent == "" {
			add(name, 1, "a topic file needs intent and topic")
			continue
		}
		if want := strings.TrimSuffix(strings.TrimPrefix(name, "topics/"), ".yaml"); want != ft.Topic {
			add(name, line(r, "topic"), "topic %q does not match the file name (want %q)", ft.Topic, want)
		}
		m.Intents = append(m.Intents, Intent{Name: ft.Intent, Topic: ft.Topic, Slots: ft.Slots, Synonyms: ft.Synonyms, File: name, Line: line(r, "intent"),
			Samples: samples(name, child(r, "samples"), ft.Samples)})
		topicType.Values = append(topicType.Values, Value{ID: ft.Topic, Synonyms: ft.Synonyms, Line: line(r, "synonyms")})
	}
	if len(topicType.Values) > 0 {
		m.Types = append(m.Types, topicType)
	}

	var rf struct {
		Symptoms     []string            `yaml:"symptoms"`
		Concepts     map[string][]string `yaml:"concepts"`
		Situations   []RedFlag           `yaml:"situations"`
		RedFlagScope `yaml:",inline"`
	}
	if r, err := decodeOptional(fsys, "red-flags.yaml", &rf); err != nil {
		return nil, err
	} else if r != nil {
		fn := child(r, "situations")
		for i := range rf.Situations {
			rf.Situations[i].File, rf.Situations[i].Line = "red-flags.yaml", item(fn, i).Line
		}
		m.RedFlags, m.Concepts, m.Symptoms, m.RedFlagScope = rf.Situations, rf.Concepts, rf.Symptoms, rf.RedFlagScope
	}
	var oos struct {
		Samples   []string `yaml:"samples"`
		Elsewhere `yaml:",inline"`
	}
	if r, err := decodeOptional(fsys, "out-of-scope.yaml", &oos); err != nil {
		return nil, err
	} else if r != nil {
		m.OutOfScope = samples("out-of-scope.yaml", child(r, "samples"), oos.Samples)
		m.Elsewhere = oos.Elsewhere
	}

	var as struct {
		Intents map[string][]string `yaml:"intents"`
	}
	if r, err := decodeOptional(fsys, AlexaSamplesFile, &as); err != nil {
		return nil, err
	} else if r != nil {
		in := child(r, "intents")
		for _, name := range slices.Sorted(maps.Keys(as.Intents)) {
			i := slices.IndexFunc(m.Intents, func(x Intent) bool { return x.Name == name })
			if i < 0 {
				add(AlexaSamplesFile, line(in, name), "samples for %s, which is not an intent of the model", name)
				continue
			}
			m.Intents[i].AlexaSamples = samples(AlexaSamplesFile, child(in, name), as.Intents[name])
		}
	}

	var lex struct {
		Words map[string]string `yaml:"words"`
	}
	if _, err := decodeOptional(fsys, "lexicon.yaml", &lex); err != nil {
		return nil, err
	}
	m.Lexicon = lex.Words

	probs = append(probs, m.validate()...)
	if len(probs) > 0 {
		return nil, &LoadError{Problems: probs}
	}
	return m, nil
}

// validate checks names, slots and red flags. Quality rules (duplicates, thin
// intents, collisions) are the linter's job.
func (m *Model) validate() []Problem {
	var probs []Problem
	add := func(file string, line int, format string, args ...any) {
		probs = append(probs, Problem{file, line, fmt.Sprintf(format, args...)})
	}
	seen := map[string]string{}
	for _, in := range m.All() {
		if !nameRE().MatchString(in.Name) {
			add(in.File, in.Line, "intent name %q: letters and _ only", in.Name)
		}
		if prev, dup := seen[in.Name]; dup {
			add(in.File, in.Line, "intent %q is also declared in %s", in.Name, prev)
		}
		seen[in.Name] = in.File
		declared := map[string]bool{}
		for _, s := range in.Slots {
			declared[s.Name] = true
			if _, ok := m.Type(s.Type); !ok && s.Type != NumberType && s.Type != PhraseType {
				add(in.File, in.Line, "slot %q has unknown type %q", s.Name, s.Type)
			}
		}
		for _, s := range in.Samples {
			for _, ref := range slotRefs().FindAllStringSubmatch(s.Text, -1) {
				if !declared[ref[1]] {
					add(s.File, s.Line, "sample %q uses slot {%s}, which %s does not declare", s.Text, ref[1], in.Name)
				}
			}
		}
	}
	for _, need := range builtinNames {
		if _, ok := m.Intent(need); !ok {
			add("model.yaml", 1, "built-in intent %s is missing", need)
		}
	}
	for _, need := range []string{skill.TopicIntent, skill.BabyAgeIntent, skill.UrgentHelpIntent} {
		if _, ok := m.Intent(need); !ok {
			add("model.yaml", 1, "intent %s is missing", need)
		}
	}
	ids := map[string]bool{}
	for _, f := range m.RedFlags {
		if f.ID == "" || (f.Level != Emergency && f.Level != Urgent) {
			add(f.File, f.Line, "red flag %q: needs an id and level emergency or urgent", f.ID)
		}
		if ids[f.ID] {
			add(f.File, f.Line, "red flag %q is declared twice", f.ID)
		}
		ids[f.ID] = true
		if f.Who != "" && !slices.Contains(RedFlagWho, f.Who) {
			add(f.File, f.Line, "red flag %q: who %q is not one of %s", f.ID, f.Who, strings.Join(RedFlagWho, ", "))
		}
		if strings.TrimSpace(f.Source) == "" {
			add(f.File, f.Line, "red flag %q has no source", f.ID)
		}
		if len(f.Any) == 0 && len(f.All) == 0 && f.Needs == (Needs{}) {
			add(f.File, f.Line, "red flag %q has no phrases (any or all) and no needs", f.ID)
		}
		for _, g := range f.All {
			if len(g) == 0 {
				add(f.File, f.Line, "red flag %q has an empty group in all", f.ID)
			}
		}
	}
	return probs
}

func samples(file string, seq *yaml.Node, texts []string) []Sample {
	out := make([]Sample, len(texts))
	for i, t := range texts {
		out[i] = Sample{Text: t, File: file, Line: item(seq, i).Line}
	}
	return out
}

func decode(fsys fs.FS, name string, v any) (*yaml.Node, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &LoadError{[]Problem{{name, 0, err.Error()}}}
	}
	if len(doc.Content) == 0 {
		return nil, &LoadError{[]Problem{{name, 1, "file is empty"}}}
	}
	if err := doc.Content[0].Decode(v); err != nil {
		return nil, &LoadError{[]Problem{{name, 0, err.Error()}}}
	}
	return doc.Content[0], nil
}

func decodeOptional(fsys fs.FS, name string, v any) (*yaml.Node, error) {
	if _, err := fs.Stat(fsys, name); err != nil {
		return nil, nil
	}
	return decode(fsys, name, v)
}

func asLoad(err error, le **LoadError) bool {
	e, ok := err.(*LoadError)
	if ok {
		*le = e
	}
	return ok
}

func child(m *yaml.Node, key string) *yaml.Node {
	if m == nil {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func item(seq *yaml.Node, i int) *yaml.Node {
	if seq == nil || i >= len(seq.Content) {
		return &yaml.Node{}
	}
	return seq.Content[i]
}

func line(m *yaml.Node, key string) int {
	if m == nil {
		return 0
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}
