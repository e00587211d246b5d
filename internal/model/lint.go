package model

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/skill"
)

// Severity says whether a lint finding must be fixed.
type Severity string

// Severities. An error would fail a platform build or make intents conflict; a
// warning makes the model weaker.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Lint rules, named in each finding so a reader can look the rule up.
const (
	RuleDuplicate     = "duplicate"          // one sample in two intents
	RuleRepeated      = "repeated"           // one sample twice in an intent
	RuleNearDuplicate = "near-duplicate"     // samples of two intents that compete
	RuleBuiltin       = "builtin-collision"  // a sample that is a built-in command
	RuleSlotValue     = "slot-value"         // a value or synonym of two values or types
	RuleThin          = "thin-intent"        // too few samples to learn from
	RuleSampleChars   = "sample-characters"  // characters the platforms refuse
	RuleSlotRef       = "slot-reference"     // {slot} not declared, or declared and unused
	RuleValueLength   = "value-length"       // a slot value longer than Alexa allows
	RuleInvocation    = "invocation-name"    // Alexa's invocation name rules
	RuleLimits        = "model-limits"       // Alexa's model size limits
	RuleEmpty         = "empty-sample"       // nothing to learn from
	RuleSpacing       = "sample-spacing"     // stray spaces
	RuleIntentName    = "intent-name"        // reserved names
	RuleNoSynonyms    = "topic-without-name" // a topic no one can name through the topic slot
)

// Thresholds of the thin-intent rule.
const (
	MinSamples      = 5  // fewer is an error for any custom intent
	MinTopicSamples = 15 // fewer is a warning for a topic intent
)

// NearJaccard is the token overlap (Jaccard index) at which samples of two
// intents are reported as competing.
const NearJaccard = 0.8

// Alexa limits (platforms.md section 4).
const (
	maxValueChars       = 140
	maxIntents          = 250
	maxIntentsAndTypes  = 350
	outOfScopeIntent    = "out-of-scope"
	outOfScopeFile      = "out-of-scope.yaml"
	invocationFile      = "model.yaml"
	defaultInvocationAt = 1
)

// Finding is one thing the linter found, with its place.
type Finding struct {
	File     string
	Line     int
	Severity Severity
	Rule     string
	Msg      string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s: %s [%s]", f.File, f.Line, f.Severity, f.Msg, f.Rule)
}

// Errors counts the findings of severity Error.
func Errors(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Severity == Error {
			n++
		}
	}
	return n
}

// LintFS loads the model in fsys and lints it, placing invocation findings on
// the line of model.yaml that sets the invocation name.
func LintFS(fsys fs.FS) ([]Finding, error) {
	m, err := Load(fsys)
	if err != nil {
		return nil, err
	}
	out := Lint(m)
	if data, err := fs.ReadFile(fsys, invocationFile); err == nil {
		for i, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "invocation:") {
				for j := range out {
					if out[j].Rule == RuleInvocation && out[j].File == invocationFile {
						out[j].Line = i + 1
					}
				}
				break
			}
		}
	}
	return out, nil
}

// Lint checks a loaded model the way Alexa's conflict detection and Dialogflow's
// agent validation would after a cloud build, and for the platforms' build
// rules, offline. Findings are sorted by file and line.
func Lint(m *Model) []Finding {
	l := &linter{}
	l.invocation(m.Invocation)
	l.limits(m)
	l.samples(m)
	l.slots(m)
	l.values(m)
	l.thin(m)
	sort.SliceStable(l.out, func(i, j int) bool {
		a, b := l.out[i], l.out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return l.out
}

type linter struct{ out []Finding }

func (l *linter) add(file string, line int, sev Severity, rule, format string, args ...any) {
	l.out = append(l.out, Finding{File: file, Line: line, Severity: sev, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

// ---------------------------------------------------------------- invocation

// launchWords may not be part of an invocation name; wakeWords neither.
var (
	launchWords    = []string{"ask", "tell", "open", "launch", "start", "begin", "resume", "run", "load", "enable", "play", "use", "talk", "go"}
	wakeWords      = []string{"alexa", "amazon", "echo", "computer", "ziggy", "skill", "app"}
	twoWordFillers = []string{"the", "a", "an", "for", "to", "of"}
	spelledLetter  = lazyre.New(`^[a-z]\.$`)
)

func (l *linter) invocation(name string) {
	const file, line = invocationFile, defaultInvocationAt
	if strings.TrimSpace(name) == "" {
		l.add(file, line, Error, RuleInvocation, "the invocation name is missing")
		return
	}
	words := strings.Fields(name)
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r == ' ', r == '\'', r == '.':
		case unicode.IsDigit(r):
			l.add(file, line, Error, RuleInvocation, "invocation name %q has a digit: write numbers as words", name)
		case unicode.IsUpper(r):
			l.add(file, line, Error, RuleInvocation, "invocation name %q must be lower case", name)
		default:
			l.add(file, line, Error, RuleInvocation, "invocation name %q has %q: only lower-case letters, spaces, apostrophes and periods in spelled letters", name, r)
		}
	}
	for _, w := range words {
		if strings.Contains(w, ".") && !spelledLetter().MatchString(w) {
			l.add(file, line, Error, RuleInvocation, "invocation name %q: a period may only follow a spelled letter (a. b. c.)", name)
		}
		if contains(launchWords, w) {
			l.add(file, line, Error, RuleInvocation, "invocation name %q contains the launch word %q", name, w)
		}
		if contains(wakeWords, w) {
			l.add(file, line, Error, RuleInvocation, "invocation name %q contains the wake or reserved word %q", name, w)
		}
	}
	switch {
	case len(words) == 1:
		l.add(file, line, Warning, RuleInvocation, "invocation name %q is one word: Alexa allows that only for a brand you own", name)
	case len(words) == 2:
		for _, w := range words {
			if contains(twoWordFillers, w) {
				l.add(file, line, Error, RuleInvocation, "a two-word invocation name %q must not contain %q", name, w)
			}
		}
	}
}

// ---------------------------------------------------------------- limits

func (l *linter) limits(m *Model) {
	n := len(m.All())
	if n > maxIntents {
		l.add(invocationFile, 1, Error, RuleLimits, "%d intents: Alexa allows at most %d", n, maxIntents)
	}
	if n+len(m.Types) > maxIntentsAndTypes {
		l.add(invocationFile, 1, Error, RuleLimits, "%d intents and slot types: Alexa allows at most %d together", n+len(m.Types), maxIntentsAndTypes)
	}
	for _, in := range m.Intents {
		if strings.HasPrefix(in.Name, "AMAZON") {
			l.add(in.File, in.Line, Error, RuleIntentName, "intent %s: the AMAZON prefix is reserved for built-in intents", in.Name)
		}
	}
}

// ---------------------------------------------------------------- samples

// entry is one sample with its intent, for the cross-intent rules.
type entry struct {
	intent  string
	builtin bool
	s       Sample
	key     string          // normalised text
	tokens  map[string]bool // its words
	content string          // its words without stop words
	phrase  bool            // a sample of a phrase-slot intent: carrier words around the parent's own
}

// linted returns every sample that trains an intent, Alexa's own
// (alexa-samples.yaml) included, and out-of-scope negatives under the
// pseudo-intent "out-of-scope".
func linted(m *Model) []entry {
	var out []entry
	for _, in := range m.All() {
		_, phrase := in.PhraseSlot()
		for _, s := range slices.Concat(in.Samples, in.AlexaSamples) {
			e := newEntry(in.Name, in.Builtin, s)
			e.phrase = phrase
			out = append(out, e)
		}
	}
	for _, s := range m.OutOfScope {
		out = append(out, newEntry(outOfScopeIntent, false, s))
	}
	return out
}

func newEntry(intent string, builtin bool, s Sample) entry {
	e := entry{intent: intent, builtin: builtin, s: s, key: normaliseSample(s.Text), tokens: map[string]bool{}}
	var content []string
	for _, w := range strings.Fields(e.key) {
		e.tokens[w] = true
		if !lintStopword[w] {
			content = append(content, w)
		}
	}
	e.content = strings.Join(content, " ")
	return e
}

// normaliseSample lower-cases a sample and keeps one space between words, with
// punctuation other than apostrophes and slot braces removed.
func normaliseSample(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'").Replace(strings.ToLower(s))
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '{' || r == '}' {
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// lintStopword lists words that do not tell intents apart.
var lintStopword = map[string]bool{
	"a": true, "an": true, "the": true, "i": true, "i'm": true, "im": true, "me": true, "my": true, "you": true, "your": true,
	"is": true, "are": true, "am": true, "be": true, "it": true, "it's": true, "this": true, "that": true, "to": true,
	"of": true, "for": true, "with": true, "and": true, "or": true, "in": true, "on": true, "at": true, "do": true,
	"does": true, "can": true, "could": true, "should": true, "would": true, "will": true, "how": true, "what": true,
	"what's": true, "please": true, "so": true, "just": true, "about": true, "he": true, "she": true, "he's": true,
	"she's": true, "him": true, "her": true, "they": true, "them": true, "we": true, "our": true, "there": true,
}

var (
	slotRE       = lazyre.New(`\{[^{}]*\}`)
	afterSlotRE  = lazyre.New(`\}'`)
	sampleWordRE = lazyre.New(`^[a-z]+(['-][a-z]+)*'?$`)
)

func (l *linter) samples(m *Model) {
	entries := linted(m)
	l.sampleRules(entries)
	l.duplicates(entries)
	l.nearDuplicates(entries)
}

// sampleRules checks each sample against the platforms' character rules.
func (l *linter) sampleRules(entries []entry) {
	for _, e := range entries {
		s := e.s
		if strings.TrimSpace(s.Text) == "" {
			l.add(s.File, s.Line, Error, RuleEmpty, "an empty sample in %s", e.intent)
			continue
		}
		if s.Text != strings.TrimSpace(s.Text) || strings.Contains(s.Text, "  ") {
			l.add(s.File, s.Line, Warning, RuleSpacing, "sample %q has stray spaces", s.Text)
		}
		if afterSlotRE().MatchString(s.Text) {
			l.add(s.File, s.Line, Error, RuleSampleChars, "sample %q puts an apostrophe after a slot: put possessives inside the slot values", s.Text)
		}
		for _, w := range strings.Fields(slotRE().ReplaceAllString(s.Text, " ")) {
			switch {
			case sampleWordRE().MatchString(w), spelledLetter().MatchString(w):
			case strings.IndexFunc(w, unicode.IsDigit) >= 0:
				l.add(s.File, s.Line, Error, RuleSampleChars, "sample %q has a digit in %q: write numbers as words", s.Text, w)
			case strings.IndexFunc(w, unicode.IsUpper) >= 0:
				l.add(s.File, s.Line, Error, RuleSampleChars, "sample %q has capitals in %q: samples are lower case", s.Text, w)
			default:
				l.add(s.File, s.Line, Error, RuleSampleChars, "sample %q has %q: only lower-case letters, spaces, apostrophes, word-internal hyphens and periods in spelled letters", s.Text, badChars(w))
			}
		}
	}
}

// badChars returns the characters of w a sample may not have.
func badChars(w string) string {
	var b strings.Builder
	for _, r := range w {
		if !(r >= 'a' && r <= 'z') && r != '\'' && r != '-' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return w
	}
	return b.String()
}

// duplicates finds one normalised sample in two intents (an Alexa build
// conflict) and samples repeated within an intent.
func (l *linter) duplicates(entries []entry) {
	first := map[string]entry{}
	for _, e := range entries {
		if e.key == "" {
			continue
		}
		prev, ok := first[e.key]
		if !ok {
			first[e.key] = e
			continue
		}
		switch {
		case prev.intent == e.intent:
			l.add(e.s.File, e.s.Line, Warning, RuleRepeated, "sample %q is repeated in %s (first at %s:%d)", e.s.Text, e.intent, prev.s.File, prev.s.Line)
		case prev.builtin || e.builtin:
			b, c := prev, e
			if e.builtin {
				b, c = e, prev
			}
			l.add(c.s.File, c.s.Line, Error, RuleBuiltin, "sample %q of %s is a sample of the built-in %s (%s:%d): the built-in wins on Alexa",
				c.s.Text, c.intent, b.intent, b.s.File, b.s.Line)
		default:
			l.add(e.s.File, e.s.Line, Error, RuleDuplicate, "sample %q is in %s and in %s (%s:%d): the platforms cannot tell them apart",
				e.s.Text, e.intent, prev.intent, prev.s.File, prev.s.Line)
		}
	}
}

// nearDuplicates finds samples of two intents whose words overlap so much, or
// which say the same once stop words are gone, that the intents compete.
func (l *linter) nearDuplicates(entries []entry) {
	index := map[string][]int{}
	for i, e := range entries {
		for w := range e.tokens {
			index[w] = append(index[w], i)
		}
	}
	for i, a := range entries {
		seen := map[int]bool{}
		for w := range a.tokens {
			for _, j := range index[w] {
				if j <= i || seen[j] {
					continue
				}
				seen[j] = true
				b := entries[j]
				// Carriers of phrase slots ("he is {description}", "i am
				// {description}") are short by design; they do not compete.
				if a.intent == b.intent || a.key == b.key || (a.phrase && b.phrase) {
					continue
				}
				jac := jaccard(a.tokens, b.tokens)
				sameContent := a.content != "" && a.content == b.content
				if jac < NearJaccard && !sameContent {
					continue
				}
				why := fmt.Sprintf("%.0f%% of their words are shared", 100*jac)
				if sameContent {
					why = fmt.Sprintf("they are the same without stop words (%q)", a.content)
				}
				// Entries run built-ins, custom intents, out-of-scope: report on the
				// later one, the sample an editor would change.
				later, earlier := b, a
				rule := RuleNearDuplicate
				if earlier.builtin || later.builtin {
					rule = RuleBuiltin
				}
				l.add(later.s.File, later.s.Line, Warning, rule, "sample %q of %s competes with %q of %s (%s:%d): %s",
					later.s.Text, later.intent, earlier.s.Text, earlier.intent, earlier.s.File, earlier.s.Line, why)
			}
		}
	}
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// ---------------------------------------------------------------- slots

func (l *linter) slots(m *Model) {
	for _, in := range m.All() {
		declared := map[string]bool{}
		used := map[string]bool{}
		for _, sd := range in.Slots {
			declared[sd.Name] = true
		}
		for _, s := range in.Samples {
			for _, ref := range slotRE().FindAllString(s.Text, -1) {
				name := strings.Trim(ref, "{}")
				used[name] = true
				if !declared[name] {
					l.add(s.File, s.Line, Error, RuleSlotRef, "sample %q uses {%s}, which %s does not declare", s.Text, name, in.Name)
				}
			}
		}
		for _, sd := range in.Slots {
			if !used[sd.Name] && len(in.Samples) > 0 {
				l.add(in.File, in.Line, Warning, RuleSlotRef, "%s declares slot %s but no sample uses it", in.Name, sd.Name)
			}
		}
	}
}

// ---------------------------------------------------------------- values

// valueFile is where a slot value is written: topic values in their topic file.
func valueFile(t Type, v Value) string {
	if t.Name == TopicTypeName {
		return "topics/" + v.ID + ".yaml"
	}
	return t.File
}

func (l *linter) values(m *Model) {
	type owner struct {
		typ, id, file string
		line          int
		synonym       bool // named by a synonym, not only by the id
	}
	seen := map[string]owner{}
	for _, t := range m.Types {
		for _, v := range t.Values {
			file := valueFile(t, v)
			if t.Name == TopicTypeName && len(v.Synonyms) == 0 {
				l.add(file, v.Line, Warning, RuleNoSynonyms, "topic %s has no synonyms: parents can only name it by its id", v.ID)
			}
			names := append([]string{v.ID}, v.Synonyms...)
			for i, name := range names {
				if utf8.RuneCountInString(name) > maxValueChars {
					l.add(file, v.Line, Error, RuleValueLength, "%s value %s: %q is longer than Alexa's %d characters", t.Name, v.ID, name, maxValueChars)
				}
				key := normaliseSample(strings.ReplaceAll(name, "-", " "))
				if key == "" {
					continue
				}
				prev, ok := seen[key]
				switch {
				case !ok:
					seen[key] = owner{t.Name, v.ID, file, v.Line, i > 0}
				case prev.typ == t.Name && prev.id == v.ID:
					// The id spelled as a synonym is normal; a synonym listed twice is not.
					if i > 0 && prev.synonym {
						l.add(file, v.Line, Warning, RuleRepeated, "%s value %s lists %q twice", t.Name, v.ID, name)
					}
					prev.synonym = prev.synonym || i > 0
					seen[key] = prev
				case prev.typ == t.Name:
					l.add(file, v.Line, Error, RuleSlotValue, "%q names both %s and %s (%s:%d) in %s: the slot cannot tell which",
						name, v.ID, prev.id, prev.file, prev.line, t.Name)
				default:
					l.add(file, v.Line, Warning, RuleSlotValue, "%q is a value of %s (%s) and of %s (%s, %s:%d)",
						name, t.Name, v.ID, prev.typ, prev.id, prev.file, prev.line)
				}
			}
		}
	}
}

// ---------------------------------------------------------------- thin

func (l *linter) thin(m *Model) {
	for _, in := range m.All() {
		n := len(in.Samples)
		switch {
		case in.Builtin:
			// Alexa brings its own phrasings; Dialogflow and the offline NLU train on these.
			if n < MinSamples {
				l.add(in.File, in.Line, Warning, RuleThin, "built-in %s has %d samples: Dialogflow and the offline NLU learn it only from these (want %d or more)", in.Name, n, MinSamples)
			}
		case in.Name == skill.UrgentHelpIntent:
			// Found by the red-flag rules first; the samples still train the classifier.
			if n < MinSamples {
				l.add(in.File, in.Line, Error, RuleThin, "%s has %d samples (want %d or more)", in.Name, n, MinSamples)
			}
		case n < MinSamples:
			l.add(in.File, in.Line, Error, RuleThin, "%s has %d samples: too few for any platform to learn (want %d or more)", in.Name, n, MinSamples)
		case in.Topic != "" && n < MinTopicSamples:
			l.add(in.File, in.Line, Warning, RuleThin, "topic intent %s has %d samples (want %d or more for parents' many phrasings)", in.Name, n, MinTopicSamples)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
