package nlu

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/skill"
)

// Alexa passes an intent, never the words: a red flag told in words Amazon's
// NLU cannot place on an urgent intent from the model's samples is answered as
// a topic, or by the fallback, and the red-flag layer never sees it. So
// Alexa's interaction model also learns from the red-flag development corpora
// (intents/testdata/redflag-dev*.yaml, each written by a different author):
// every red-flag line becomes a sample of the urgent intent for its person,
// and every ordinary line with a topic a sample of that topic's intent, so
// that the ordinary questions that borrow red-flag words stay with their
// topic. Only Alexa's model carries them (model.Intent.AlexaSamples): on the
// other platforms the words reach the red-flag layer, and more urgent samples
// would only make the classifier's urgent-by-resemblance path greedier.
//
//	go generate ./internal/nlu
//
// writes intents/alexa-samples.yaml with the weights.

// alexaSampleMaxWords is the longest line taken as a sample: longer ones are
// stories, which Amazon's NLU learns little from.
const alexaSampleMaxWords = 25

// urgentIntentFor is the urgent intent of Alexa's model for who a red flag is
// about.
func urgentIntentFor(who string) string {
	switch who {
	case "mother":
		return skill.UrgentMotherIntent
	case "mental-health":
		return skill.MentalHealthCrisisIntent
	}
	return skill.UrgentHelpIntent
}

// alexaSampleText is line written as an Alexa sample: lower-case letters,
// spaces and apostrophes inside words only (a hyphen becomes a space). ok is false for a
// line with digits (Alexa wants numbers as words) or of under three or over
// alexaSampleMaxWords words.
func alexaSampleText(line string) (string, bool) {
	if strings.ContainsFunc(line, unicode.IsDigit) {
		return "", false
	}
	line = strings.NewReplacer("’", "'", "‘", "'").Replace(strings.ToLower(line))
	var words []string
	for _, w := range strings.FieldsFunc(line, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r == '\'') }) {
		w = strings.Trim(w, "'")
		if w == "" || strings.Contains(w, "''") {
			continue
		}
		words = append(words, w)
	}
	if len(words) < 3 || len(words) > alexaSampleMaxWords {
		return "", false
	}
	return strings.Join(words, " "), true
}

// AlexaSampleExclusions are the evaluation sets, in the directory of the
// corpora, whose lines must not become samples: a figure measured on lines the
// model was trained on is not a figure (TestBlindLinesNotInTraining).
var AlexaSampleExclusions = []string{"heldout.yaml", "dev-topics.yaml", "dev-oos.yaml"}

// GenerateAlexaSamples writes the Alexa-only samples from the corpora: a line
// already a sample (or an out-of-scope example) of the model is left out, so
// is a line of the evaluation sets (exclude), and so is a line that two
// corpora give to different intents.
func GenerateAlexaSamples(m *model.Model, corpora []DetectorCorpus, exclude []Labelled) ([]byte, error) {
	intentOf := map[string]string{}
	for _, in := range m.Intents {
		if in.Topic != "" {
			intentOf[in.Topic] = in.Name
		}
	}
	known := map[string]bool{}
	for _, in := range slices.Concat(m.Builtins, m.Intents) {
		for _, s := range in.Samples {
			known[strings.Join(strings.Fields(strings.ToLower(s.Text)), " ")] = true
		}
	}
	for _, s := range m.OutOfScope {
		known[strings.Join(strings.Fields(strings.ToLower(s.Text)), " ")] = true
	}
	for _, it := range exclude {
		if text, ok := alexaSampleText(it.Text); ok {
			known[text] = true
		}
	}
	chosen := map[string]string{} // sample text: intent ("" when two corpora disagree)
	var order []string
	for _, c := range corpora {
		for _, it := range c.Items {
			var intent string
			switch {
			case it.Urgent() && it.Level != "":
				intent = urgentIntentFor(it.Who)
			case !it.Urgent():
				intent = intentOf[it.Topic]
			}
			text, ok := alexaSampleText(it.Text)
			if intent == "" || !ok || known[text] {
				continue
			}
			if was, seen := chosen[text]; seen {
				if was != intent {
					chosen[text] = ""
				}
				continue
			}
			chosen[text] = intent
			order = append(order, text)
		}
	}
	byIntent := map[string][]string{}
	for _, text := range order {
		if in := chosen[text]; in != "" {
			byIntent[in] = append(byIntent[in], text)
		}
	}
	var b bytes.Buffer
	b.WriteString("# Samples for Alexa's interaction model only, from the red-flag development corpora\n")
	b.WriteString("# (intents/testdata/redflag-dev*.yaml). Generated: go generate ./internal/nlu. Do not edit;\n")
	b.WriteString("# change the corpora or the model instead. Why: internal/nlu/alexasamples.go.\n")
	b.WriteString("intents:\n")
	for _, name := range slices.Sorted(maps.Keys(byIntent)) {
		fmt.Fprintf(&b, "  %s:\n", name)
		for _, s := range byIntent[name] {
			fmt.Fprintf(&b, "    - %q\n", s)
		}
	}
	return b.Bytes(), nil
}
