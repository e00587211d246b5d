package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/skill"
)

// AlexaPackage configures the Alexa skill package (ASK CLI v2 layout). The zero
// value gives the published Feeding Friend package.
type AlexaPackage struct {
	// Name is the skill's name in the Alexa app ("Feeding Friend").
	Name string
	// Locales are the locales published, the first being the content's own
	// (en-GB, en-US, en-AU, en-CA and en-IN by default).
	Locales []string
	// PrivacyPolicyURL is the privacy notice every locale links to.
	PrivacyPolicyURL string
	// FallbackSensitivity is AMAZON.FallbackIntent's sensitivity: LOW, MEDIUM or HIGH.
	FallbackSensitivity string
	// Examples are the questions of the example phrases after "Alexa, ask
	// <invocation>"; each must be an utterance of the model. At most two, as the
	// first example phrase opens the skill.
	Examples []string
	// Endpoint is where Alexa sends requests (a Lambda ARN or an https URL),
	// written to apis.custom.endpoint; empty leaves it out until the function
	// exists.
	Endpoint string
	// SmallIcon and LargeIcon are the icons' PNG files (108 and 512 pixels),
	// written to SmallIconPath and LargeIconPath when given. The tool draws
	// them with package icon, which this package does not import so that the
	// functions, which link it, carry no font.
	SmallIcon, LargeIcon []byte
}

// The icons' paths in the package, and the file:// URIs skill.json gives them
// (the ASK CLI uploads assets/ with the package).
const (
	SmallIconPath = "skill-package/assets/images/smallIcon.png"
	LargeIconPath = "skill-package/assets/images/largeIcon.png"
	smallIconURI  = "file://assets/images/smallIcon.png"
	largeIconURI  = "file://assets/images/largeIcon.png"
)

// AlexaInterfaces are the interfaces the skill declares: APL for screens, and
// CanFulfillIntentRequest so that Alexa asks the skill about requests said
// without its name (the alexa package answers them).
var AlexaInterfaces = []string{"ALEXA_PRESENTATION_APL", "CAN_FULFILL_INTENT_REQUEST"}

// Defaults of AlexaPackage.
const (
	DefaultAlexaName = "Feeding Friend"
	// DefaultPrivacyPolicyURL is a placeholder (.example never resolves): set the
	// real notice before submitting the skill for certification.
	DefaultPrivacyPolicyURL = "https://feedingfriend.example/privacy"
	// DefaultFallbackSensitivity keeps out-of-scope requests from being taken for
	// topics without sending borderline phrasings to the fallback.
	DefaultFallbackSensitivity = "MEDIUM"
)

// Alexa limits and rules (platforms.md section 4).
const (
	maxAlexaModelBytes = 1_500_000
	maxExamplePhrases  = 3
	maxSummary         = 160
	maxDescription     = 4000
	maxKeywords        = 30
	alexaNumberType    = "AMAZON.NUMBER"
	alexaPhraseType    = "AMAZON.SearchQuery"
)

// alexaRequired are the built-in intents every Alexa model must have.
var alexaRequired = []string{skill.HelpIntent, skill.StopIntent, skill.CancelIntent, skill.NavigateHomeIntent, skill.FallbackIntent}

// AlexaError lists everything that would stop Alexa building the model.
type AlexaError struct{ Problems []Problem }

func (e *AlexaError) Error() string {
	s := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		s[i] = p.String()
		if p.Line == 0 {
			s[i] = p.File + ": " + p.Msg
		}
	}
	return "model: the Alexa model would not build:\n" + strings.Join(s, "\n")
}

// Alexa generates the skill package: skill-package/skill.json and one
// interactionModels/custom/<locale>.json per locale, keyed by path. It checks
// Alexa's rules first and returns an *AlexaError naming file:line for each
// problem.
func (m *Model) Alexa(cfg AlexaPackage) (map[string][]byte, error) {
	if cfg.Name == "" {
		cfg.Name = DefaultAlexaName
	}
	if len(cfg.Locales) == 0 {
		cfg.Locales = skill.Locales()
	}
	if cfg.PrivacyPolicyURL == "" {
		cfg.PrivacyPolicyURL = DefaultPrivacyPolicyURL
	}
	if cfg.FallbackSensitivity == "" {
		cfg.FallbackSensitivity = DefaultFallbackSensitivity
	}
	if cfg.Examples == nil {
		cfg.Examples = []string{"how do I get him to latch", "to tell me about sore nipples"}
	}
	lm, probs := m.alexaLanguageModel(cfg)
	manifest, mprobs := m.alexaManifest(cfg)
	probs = append(probs, mprobs...)
	files := map[string][]byte{}
	b, err := alexaJSON(alexaInteractionModel{InteractionModel: alexaInteraction{LanguageModel: lm}})
	if err != nil {
		return nil, err
	}
	if len(b) > maxAlexaModelBytes {
		probs = append(probs, Problem{invocationFile, 0, fmt.Sprintf("the interaction model is %d bytes: Alexa allows %d", len(b), maxAlexaModelBytes)})
	}
	for _, l := range cfg.Locales {
		files["skill-package/interactionModels/custom/"+l+".json"] = b
	}
	if files["skill-package/skill.json"], err = alexaJSON(manifest); err != nil {
		return nil, err
	}
	for path, b := range map[string][]byte{SmallIconPath: cfg.SmallIcon, LargeIconPath: cfg.LargeIcon} {
		if b != nil {
			files[path] = b
		}
	}
	if len(probs) > 0 {
		return nil, &AlexaError{Problems: probs}
	}
	return files, nil
}

// TopicFor resolves a word for a topic, the way Alexa's entity resolution does
// for the topic slot: a topic id or one of its synonyms, in any case, gives the
// topic id.
func (m *Model) TopicFor(word string) (string, bool) {
	key := alexaKey(strings.ReplaceAll(word, "-", " "))
	if key == "" {
		return "", false
	}
	tt, ok := m.Type(TopicTypeName)
	if !ok {
		return "", false
	}
	for _, v := range tt.Values {
		if alexaKey(strings.ReplaceAll(v.ID, "-", " ")) == key {
			return v.ID, true
		}
		for _, s := range v.Synonyms {
			if alexaKey(s) == key {
				return v.ID, true
			}
		}
	}
	return "", false
}

// ---------------------------------------------------------------- interaction model

type (
	alexaInteractionModel struct {
		InteractionModel alexaInteraction `json:"interactionModel"`
	}
	alexaInteraction struct {
		LanguageModel alexaLM `json:"languageModel"`
	}
	alexaLM struct {
		InvocationName     string           `json:"invocationName"`
		Intents            []alexaIntent    `json:"intents"`
		Types              []alexaType      `json:"types"`
		ModelConfiguration alexaModelConfig `json:"modelConfiguration"`
	}
	alexaModelConfig struct {
		FallbackIntentSensitivity struct {
			Level string `json:"level"`
		} `json:"fallbackIntentSensitivity"`
	}
	alexaIntent struct {
		Name    string      `json:"name"`
		Slots   []alexaSlot `json:"slots,omitempty"`
		Samples []string    `json:"samples"`
	}
	alexaSlot struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	alexaType struct {
		Name   string       `json:"name"`
		Values []alexaValue `json:"values"`
	}
	alexaValue struct {
		ID   string        `json:"id"`
		Name alexaTypeName `json:"name"`
	}
	alexaTypeName struct {
		Value    string   `json:"value"`
		Synonyms []string `json:"synonyms"`
	}
)

// alexaSample is one emitted sample with where it is written.
type alexaSample struct {
	intent string
	topic  string // the content id the intent answers, "" when none
	s      Sample
}

var (
	alexaSlotRef = lazyre.New(`\{([^{}]*)\}`)
	alexaChars   = lazyre.New(`^[a-z' .]*$`)
)

// alexaLanguageModel builds the language model and checks it against Alexa's
// build rules.
func (m *Model) alexaLanguageModel(cfg AlexaPackage) (alexaLM, []Problem) {
	var probs []Problem
	add := func(file string, line int, format string, args ...any) {
		probs = append(probs, Problem{file, line, fmt.Sprintf(format, args...)})
	}
	probs = append(probs, alexaInvocation(m.Invocation)...)
	switch cfg.FallbackSensitivity {
	case "LOW", "MEDIUM", "HIGH":
	default:
		add(invocationFile, 0, "fallback sensitivity %q: want LOW, MEDIUM or HIGH", cfg.FallbackSensitivity)
	}
	lm := alexaLM{InvocationName: m.Invocation}
	lm.ModelConfiguration.FallbackIntentSensitivity.Level = cfg.FallbackSensitivity

	// Built-ins: Alexa knows their phrasings, so they go without samples.
	have := map[string]bool{}
	for _, in := range m.Builtins {
		lm.Intents = append(lm.Intents, alexaIntent{Name: skill.AlexaIntentName(in.Name), Samples: []string{}})
		have[in.Name] = true
	}
	if !have[skill.FallbackIntent] {
		lm.Intents = append(lm.Intents, alexaIntent{Name: skill.AlexaIntentName(skill.FallbackIntent), Samples: []string{}})
		have[skill.FallbackIntent] = true
	}
	for _, need := range alexaRequired {
		if !have[need] {
			add(invocationFile, 0, "built-in intent %s is missing: Alexa requires AMAZON.%s", need, need)
		}
	}

	// Custom intents, in the model's order.
	var emitted []alexaSample
	for _, in := range m.Intents {
		ai := alexaIntent{Name: in.Name, Samples: []string{}}
		if strings.HasPrefix(in.Name, "AMAZON") {
			add(in.File, in.Line, "intent %s: the AMAZON prefix is reserved for built-in intents", in.Name)
		}
		declared := map[string]bool{}
		for _, sd := range in.Slots {
			typ := sd.Type
			if typ == NumberType {
				typ = alexaNumberType
			} else if typ == PhraseType {
				typ = alexaPhraseType
				if len(in.Slots) != 1 {
					add(in.File, in.Line, "%s: a phrase slot (%s) must be the intent's only slot", in.Name, alexaPhraseType)
				}
			} else if _, ok := m.Type(typ); !ok {
				add(in.File, in.Line, "slot %s of %s has unknown type %s", sd.Name, in.Name, sd.Type)
			}
			ai.Slots = append(ai.Slots, alexaSlot{Name: sd.Name, Type: typ})
			declared[sd.Name] = true
		}
		if len(in.Samples) == 0 {
			add(in.File, in.Line, "%s has no samples: Alexa needs at least one for a custom intent", in.Name)
		}
		phrase, hasPhrase := in.PhraseSlot()
		for _, s := range slices.Concat(in.Samples, in.AlexaSamples) {
			text := strings.Join(strings.Fields(s.Text), " ")
			probs = append(probs, alexaSampleRules(in.Name, s, declared)...)
			if hasPhrase {
				if !strings.Contains(text, "{"+phrase+"}") {
					add(s.File, s.Line, "sample %q of %s has no {%s}: every sample of a phrase-slot intent carries the phrase", s.Text, in.Name, phrase)
				} else if strings.TrimSpace(strings.ReplaceAll(text, "{"+phrase+"}", "")) == "" {
					add(s.File, s.Line, "sample %q of %s: %s needs carrier words around the slot", s.Text, in.Name, alexaPhraseType)
				}
			}
			ai.Samples = append(ai.Samples, text)
			emitted = append(emitted, alexaSample{intent: in.Name, topic: in.Topic, s: s})
		}
		lm.Intents = append(lm.Intents, ai)
	}
	probs = append(probs, alexaConflicts(m, emitted)...)

	// Slot types, with at least one synonym for every value.
	for _, t := range m.Types {
		at := alexaType{Name: t.Name}
		for _, v := range t.Values {
			av, vprobs := alexaTypeValue(t, v)
			probs = append(probs, vprobs...)
			at.Values = append(at.Values, av)
		}
		lm.Types = append(lm.Types, at)
	}

	if n := len(lm.Intents); n > maxIntents {
		add(invocationFile, 0, "%d intents: Alexa allows at most %d", n, maxIntents)
	}
	if n := len(lm.Intents) + len(lm.Types); n > maxIntentsAndTypes {
		add(invocationFile, 0, "%d intents and slot types: Alexa allows at most %d together", n, maxIntentsAndTypes)
	}
	return lm, probs
}

// alexaInvocation checks the invocation name: two or more words of lower-case
// letters (apostrophes, and periods only in spelled letters), no launch or wake
// words, and no filler word in a two-word name.
func alexaInvocation(name string) []Problem {
	var probs []Problem
	add := func(format string, args ...any) {
		probs = append(probs, Problem{invocationFile, 0, fmt.Sprintf(format, args...)})
	}
	words := strings.Fields(name)
	switch {
	case len(words) == 0:
		add("the invocation name is missing")
		return probs
	case name != strings.Join(words, " "):
		add("invocation name %q has stray spaces", name)
	case !alexaChars().MatchString(name):
		add("invocation name %q: only lower-case letters, spaces, apostrophes and periods in spelled letters (numbers as words)", name)
	case len(words) < 2:
		add("invocation name %q is one word: Alexa wants two or more unless it is a brand", name)
	}
	for _, w := range words {
		if strings.Contains(w, ".") && !spelledLetter().MatchString(w) {
			add("invocation name %q: a period may only follow a spelled letter (a. b. c.)", name)
		}
		if contains(launchWords, w) || contains(wakeWords, w) {
			add("invocation name %q must not contain %q", name, w)
		}
		if len(words) == 2 && contains(twoWordFillers, w) {
			add("a two-word invocation name %q must not contain %q", name, w)
		}
	}
	return probs
}

// alexaSampleRules checks one sample: lower-case letters, spaces, apostrophes and
// periods of spelled letters, plus {slot} references to declared slots, each on
// its own and once.
func alexaSampleRules(intent string, s Sample, declared map[string]bool) []Problem {
	var probs []Problem
	add := func(format string, args ...any) {
		probs = append(probs, Problem{s.File, s.Line, fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(s.Text) == "" {
		add("an empty sample in %s", intent)
		return probs
	}
	used := map[string]bool{}
	for _, ref := range alexaSlotRef().FindAllStringSubmatchIndex(s.Text, -1) {
		name := s.Text[ref[2]:ref[3]]
		if !declared[name] {
			add("sample %q uses {%s}, which %s does not declare", s.Text, name, intent)
		}
		if used[name] {
			add("sample %q uses {%s} twice", s.Text, name)
		}
		used[name] = true
		if (ref[0] > 0 && s.Text[ref[0]-1] != ' ') || (ref[1] < len(s.Text) && s.Text[ref[1]] != ' ') {
			add("sample %q: a slot must stand on its own, with a space either side (put possessives inside the slot values)", s.Text)
		}
	}
	rest := alexaSlotRef().ReplaceAllString(s.Text, " ")
	if !alexaChars().MatchString(rest) {
		add("sample %q has %q: Alexa samples take only lower-case letters, spaces, apostrophes, periods of spelled letters and {slots} (numbers as words)", s.Text, alexaBadChars(rest))
	}
	for _, w := range strings.Fields(rest) {
		if strings.Contains(w, ".") && !spelledLetter().MatchString(w) {
			add("sample %q: a period may only follow a spelled letter (n. h. s.)", s.Text)
			break
		}
	}
	return probs
}

func alexaBadChars(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !(r >= 'a' && r <= 'z') && !strings.ContainsRune("' .", r) && !strings.ContainsRune(b.String(), r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// alexaKey is how Alexa compares utterances: case-insensitively, trimmed, one
// space between words.
func alexaKey(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// alexaConflicts finds an utterance given to two intents (or twice to one), and a
// TopicIntent carrier sample that, filled with a topic word, says literally what
// a sample of another intent says when the two lead to different answers ("help
// with {topic}" filled with "latching" is LatchIntent's "help with latching":
// same answer, no conflict).
func alexaConflicts(m *Model, emitted []alexaSample) []Problem {
	var probs []Problem
	first := map[string]alexaSample{}
	for _, e := range emitted {
		k := alexaKey(e.s.Text)
		prev, ok := first[k]
		switch {
		case !ok:
			first[k] = e
		case prev.intent == e.intent:
			probs = append(probs, Problem{e.s.File, e.s.Line, fmt.Sprintf("sample %q is repeated in %s (first at %s:%d)", e.s.Text, e.intent, prev.s.File, prev.s.Line)})
		default:
			probs = append(probs, Problem{e.s.File, e.s.Line, fmt.Sprintf("sample %q is also a sample of %s (%s:%d): one utterance may belong to one intent only",
				e.s.Text, prev.intent, prev.s.File, prev.s.Line)})
		}
	}
	tt, ok := m.Type(TopicTypeName)
	if !ok {
		return probs
	}
	for _, e := range emitted {
		if e.intent != skill.TopicIntent || !strings.Contains(e.s.Text, "{"+skill.TopicSlot+"}") {
			continue
		}
		for _, v := range tt.Values {
			av, _ := alexaTypeValue(*tt, v)
			for _, word := range append([]string{av.Name.Value}, av.Name.Synonyms...) {
				filled := alexaKey(strings.ReplaceAll(e.s.Text, "{"+skill.TopicSlot+"}", word))
				other, ok := first[filled]
				if !ok || other.intent == skill.TopicIntent || other.topic == v.ID {
					continue
				}
				probs = append(probs, Problem{other.s.File, other.s.Line, fmt.Sprintf(
					"sample %q of %s is also %q of TopicIntent (%s:%d) with the %s word %q, which answers %s instead",
					other.s.Text, other.intent, e.s.Text, e.s.File, e.s.Line, v.ID, word, v.ID)})
			}
		}
	}
	return probs
}

// alexaTypeValue turns a slot type value into Alexa's: the first synonym (or the
// id in words) is its name, the other synonyms follow, each at most 140
// characters. Alexa wants at least one synonym.
func alexaTypeValue(t Type, v Value) (alexaValue, []Problem) {
	var probs []Problem
	file := valueFile(t, v)
	words := []string{}
	seen := map[string]bool{}
	for _, w := range append(append([]string(nil), v.Synonyms...), strings.ReplaceAll(v.ID, "-", " ")) {
		k := alexaKey(w)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		words = append(words, strings.Join(strings.Fields(w), " "))
		if utf8.RuneCountInString(w) > maxValueChars {
			probs = append(probs, Problem{file, v.Line, fmt.Sprintf("%s value %s: %q is longer than Alexa's %d characters", t.Name, v.ID, w, maxValueChars)})
		}
	}
	if v.ID == "" {
		probs = append(probs, Problem{file, v.Line, fmt.Sprintf("a %s value has no id", t.Name)})
	}
	if len(words) < 2 {
		probs = append(probs, Problem{file, v.Line, fmt.Sprintf("%s value %s needs at least one synonym besides its name", t.Name, v.ID)})
		return alexaValue{ID: v.ID, Name: alexaTypeName{Value: strings.Join(words, ""), Synonyms: []string{}}}, probs
	}
	return alexaValue{ID: v.ID, Name: alexaTypeName{Value: words[0], Synonyms: words[1:]}}, probs
}

// ---------------------------------------------------------------- manifest

type (
	alexaManifestFile struct {
		Manifest alexaManifest `json:"manifest"`
	}
	alexaManifest struct {
		ManifestVersion       string          `json:"manifestVersion"`
		PublishingInformation alexaPublishing `json:"publishingInformation"`
		PrivacyAndCompliance  alexaPrivacy    `json:"privacyAndCompliance"`
		APIs                  alexaAPIs       `json:"apis"`
	}
	alexaPublishing struct {
		Locales               map[string]alexaLocale `json:"locales"`
		IsAvailableWorldwide  bool                   `json:"isAvailableWorldwide"`
		DistributionCountries []string               `json:"distributionCountries"`
		DistributionMode      string                 `json:"distributionMode"`
		Category              string                 `json:"category"`
		TestingInstructions   string                 `json:"testingInstructions"`
	}
	alexaLocale struct {
		Name           string   `json:"name"`
		SmallIconURI   string   `json:"smallIconUri"`
		LargeIconURI   string   `json:"largeIconUri"`
		Summary        string   `json:"summary"`
		Description    string   `json:"description"`
		ExamplePhrases []string `json:"examplePhrases"`
		Keywords       []string `json:"keywords"`
	}
	alexaPrivacy struct {
		AllowsPurchases   bool                          `json:"allowsPurchases"`
		UsesPersonalInfo  bool                          `json:"usesPersonalInfo"`
		UsesHealthInfo    bool                          `json:"usesHealthInfo"`
		IsChildDirected   bool                          `json:"isChildDirected"`
		IsExportCompliant bool                          `json:"isExportCompliant"`
		ContainsAds       bool                          `json:"containsAds"`
		Locales           map[string]alexaPrivacyLocale `json:"locales"`
	}
	alexaPrivacyLocale struct {
		PrivacyPolicyURL string `json:"privacyPolicyUrl"`
	}
	alexaAPIs struct {
		Custom alexaCustomAPI `json:"custom"`
	}
	alexaCustomAPI struct {
		Endpoint   *alexaEndpoint   `json:"endpoint,omitempty"`
		Interfaces []alexaInterface `json:"interfaces"`
	}
	alexaEndpoint struct {
		URI string `json:"uri"`
		// SSLCertificateType applies to https endpoints only.
		SSLCertificateType string `json:"sslCertificateType,omitempty"`
	}
	alexaInterface struct {
		Type string `json:"type"`
	}
)

// The published text. The description must say that the skill gives general
// information, is not medical advice and that in an emergency you call 999.
const (
	alexaSummary     = "General NHS breastfeeding information, hands-free. Not medical advice. In an emergency, call 999."
	alexaDescription = `%s answers common questions about breastfeeding, hands-free, day or night: getting a good latch, how often to feed, wet and dirty nappies, sore nipples, engorgement and mastitis, expressing and storing breast milk, and more. Tell it how old your baby is and it gives the figures for that age.

It gives general NHS information only. It is not medical advice and does not replace your midwife, health visitor, GP or pharmacist. If you are worried about your baby or yourself, contact your midwife, health visitor or GP.

In an emergency, call 999. If your baby is floppy, is not breathing, turns blue or grey, or you think they are seriously unwell, call 999 now.`
	alexaTesting = `Say "Alexa, open %[1]s", then ask "how do I get him to latch" and say "yes" to hear more. Say "my baby is six weeks old" before asking about wet nappies to hear the figures for that age. Red-flag symptoms such as "my baby is floppy and not feeding" are signposted to 999 or NHS 111 at once and end the session. The skill stores nothing between sessions.`
)

// alexaExamples are the example phrases: open the skill, then ask each question.
func alexaExamples(invocation string, questions []string) []string {
	out := []string{"Alexa, open " + invocation}
	for _, q := range questions {
		out = append(out, "Alexa, ask "+invocation+" "+q)
	}
	return out
}

var alexaKeywords = []string{"breastfeeding", "breast feeding", "breast milk", "baby", "newborn", "feeding", "NHS", "latch",
	"nappies", "mastitis", "expressing", "midwife", "health visitor", "parenting"}

func (m *Model) alexaManifest(cfg AlexaPackage) (alexaManifestFile, []Problem) {
	var probs []Problem
	add := func(format string, args ...any) {
		probs = append(probs, Problem{"skill.json", 0, fmt.Sprintf(format, args...)})
	}
	loc := alexaLocale{
		Name:           cfg.Name,
		SmallIconURI:   smallIconURI,
		LargeIconURI:   largeIconURI,
		Summary:        alexaSummary,
		Description:    fmt.Sprintf(alexaDescription, cfg.Name),
		ExamplePhrases: alexaExamples(m.Invocation, cfg.Examples),
		Keywords:       alexaKeywords,
	}
	switch {
	case utf8.RuneCountInString(loc.Name) < 2:
		add("name %q is too short", loc.Name)
	case utf8.RuneCountInString(loc.Summary) > maxSummary:
		add("summary is longer than %d characters", maxSummary)
	case utf8.RuneCountInString(loc.Description) > maxDescription:
		add("description is longer than %d characters", maxDescription)
	case len(loc.ExamplePhrases) > maxExamplePhrases:
		add("%d example phrases: at most %d", len(loc.ExamplePhrases), maxExamplePhrases)
	case len(loc.Keywords) > maxKeywords:
		add("%d keywords: at most %d", len(loc.Keywords), maxKeywords)
	}
	for _, p := range loc.ExamplePhrases[1:] {
		if !m.alexaHasUtterance(p) {
			add("example phrase %q is not a sample of any intent: certification requires it to be", p)
		}
	}
	if !strings.HasPrefix(cfg.PrivacyPolicyURL, "https://") {
		add("privacy policy URL %q must be https", cfg.PrivacyPolicyURL)
	}
	pub := alexaPublishing{
		Locales: map[string]alexaLocale{},
		// NHS signposting (999, NHS 111, UK helplines) is right only in the UK.
		IsAvailableWorldwide:  false,
		DistributionCountries: []string{"GB"},
		DistributionMode:      "PUBLIC",
		Category:              "HEALTH_AND_FITNESS",
		TestingInstructions:   fmt.Sprintf(alexaTesting, m.Invocation),
	}
	priv := alexaPrivacy{
		// General information only: no accounts, no purchases, nothing kept after
		// the session, and no protected health information (usesHealthInfo is the
		// HIPAA programme's flag).
		IsExportCompliant: true,
		Locales:           map[string]alexaPrivacyLocale{},
	}
	for _, l := range cfg.Locales {
		pub.Locales[l] = loc
		priv.Locales[l] = alexaPrivacyLocale{PrivacyPolicyURL: cfg.PrivacyPolicyURL}
	}
	api := alexaCustomAPI{}
	for _, t := range AlexaInterfaces {
		api.Interfaces = append(api.Interfaces, alexaInterface{Type: t})
	}
	switch ep := cfg.Endpoint; {
	case ep == "":
		// Left out until the function exists: `skill release check` refuses that.
	case strings.HasPrefix(ep, "arn:"):
		api.Endpoint = &alexaEndpoint{URI: ep}
	case strings.HasPrefix(ep, "https://"):
		api.Endpoint = &alexaEndpoint{URI: ep, SSLCertificateType: "Trusted"}
	default:
		add("endpoint %q: a Lambda ARN or an https URL", ep)
	}
	return alexaManifestFile{Manifest: alexaManifest{
		ManifestVersion:       "1.0",
		PublishingInformation: pub,
		PrivacyAndCompliance:  priv,
		APIs:                  alexaAPIs{Custom: api},
	}}, probs
}

// alexaHasUtterance reports whether an example phrase ("Alexa, ask feeding friend
// to tell me about sore nipples") is one of the model's utterances, TopicIntent's
// filled with a topic word included.
func (m *Model) alexaHasUtterance(phrase string) bool {
	p := strings.NewReplacer(",", "", "?", "", "!", "").Replace(alexaKey(phrase))
	p = strings.TrimPrefix(p, "alexa ")
	for _, verb := range []string{"ask ", "tell ", "open "} {
		p = strings.TrimPrefix(p, verb)
	}
	p = strings.TrimPrefix(p, m.Invocation)
	p = strings.TrimPrefix(strings.TrimSpace(p), "to ")
	tt, _ := m.Type(TopicTypeName)
	for _, in := range m.Intents {
		for _, s := range in.Samples {
			k := alexaKey(s.Text)
			if k == p {
				return true
			}
			if in.Name != skill.TopicIntent || tt == nil {
				continue
			}
			for _, v := range tt.Values {
				for _, w := range v.Synonyms {
					if alexaKey(strings.ReplaceAll(k, "{"+skill.TopicSlot+"}", w)) == p {
						return true
					}
				}
			}
		}
	}
	return false
}

// alexaJSON encodes v as indented JSON with a final newline, < > & unescaped.
func alexaJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("model: alexa: %w", err)
	}
	return buf.Bytes(), nil
}

// AlexaFiles lists the paths of a generated package in order, for writing and
// reporting.
func AlexaFiles(files map[string][]byte) []string {
	out := make([]string, 0, len(files))
	for p := range files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// AlexaStandIn returns the model Alexa would be trained on: the generated
// en-GB interaction model read back from its JSON, and nothing else (no
// red-flag situations, no out-of-scope examples, no lexicon). The built-in
// intents keep this model's samples for them, standing in for what Amazon's
// own built-ins already know. The offline Alexa driver trains its stand-in for
// Amazon's language understanding on it, so that what it sends is what Alexa
// could send.
func (m *Model) AlexaStandIn() (*Model, error) {
	files, err := m.Alexa(AlexaPackage{})
	if err != nil {
		return nil, err
	}
	var im alexaInteractionModel
	if err := json.Unmarshal(files["skill-package/interactionModels/custom/en-GB.json"], &im); err != nil {
		return nil, fmt.Errorf("model: reading the generated Alexa model: %w", err)
	}
	lm := im.InteractionModel.LanguageModel
	out := &Model{Invocation: lm.InvocationName}
	topics := m.TopicIntents()
	for _, ai := range lm.Intents {
		if skill.IsAlexaBuiltin(ai.Name) {
			name := skill.NeutralIntentName(ai.Name)
			if b, ok := m.Intent(name); ok && b.Builtin {
				out.Builtins = append(out.Builtins, Intent{Name: name, Builtin: true, Samples: b.Samples})
			}
			continue
		}
		in := Intent{Name: ai.Name, Topic: topics[ai.Name]}
		for _, s := range ai.Slots {
			typ := s.Type
			switch typ {
			case alexaNumberType:
				typ = NumberType
			case alexaPhraseType:
				typ = PhraseType
			}
			in.Slots = append(in.Slots, SlotDef{Name: s.Name, Type: typ})
		}
		for _, s := range ai.Samples {
			in.Samples = append(in.Samples, Sample{Text: s, File: "alexa:" + ai.Name})
		}
		out.Intents = append(out.Intents, in)
	}
	for _, at := range lm.Types {
		t := Type{Name: at.Name}
		for _, v := range at.Values {
			t.Values = append(t.Values, Value{ID: v.ID, Synonyms: v.Name.Synonyms})
		}
		out.Types = append(out.Types, t)
	}
	return out, nil
}
