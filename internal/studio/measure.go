package studio

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/lazyre"
)

// Measure is what the live checks show for one piece of text. static/checks.js
// computes exactly the same figures in the browser as the editor types; a
// browser test holds the two together.
type Measure struct {
	Words     int `json:"words"`
	Sentences int `json:"sentences"`
	// Longest is the word count of the longest sentence (a placeholder counts
	// as 1 word, as content's sentence-length check counts it).
	Longest int `json:"longest"`
	// Seconds is the estimated speaking time at content.SpeakingWordsPerMin
	// with the longest nation's signposting filled in.
	Seconds float64 `json:"seconds"`
	// ReadingAge is content.ReadingAge: Flesch-Kincaid grade + 5.
	ReadingAge float64 `json:"readingAge"`
	// Markup lists the characters SSML must escape (& < >) found, in order.
	Markup []string `json:"markup"`
	// Chars is the length in characters (for cards).
	Chars int `json:"chars"`
}

// placeholderRE matches {{name}} placeholders, as content does.
var placeholderRE = lazyre.New(`\{\{[\t\n\f\r ]*([a-z_]*)[\t\n\f\r ]*\}\}`)

// MeasureText measures text with the given signposting (every built-in
// nation when empty).
func MeasureText(text string, signs []content.Signposts) Measure {
	if len(signs) == 0 {
		signs = allSignposts()
	}
	m := Measure{Words: content.WordCount(text), Chars: len([]rune(text)), Markup: []string{}}
	sentences := content.Sentences(text)
	m.Sentences = len(sentences)
	for _, s := range sentences {
		m.Longest = max(m.Longest, content.WordCount(placeholderRE().ReplaceAllString(s, "X")))
	}
	for _, sp := range signs {
		m.Seconds = max(m.Seconds, content.SpeakingSeconds(sp.Fill(text)))
	}
	m.ReadingAge = content.ReadingAge(text)
	seen := map[rune]bool{}
	for _, r := range text {
		if (r == '&' || r == '<' || r == '>') && !seen[r] {
			seen[r] = true
			m.Markup = append(m.Markup, string(r))
		}
	}
	return m
}

func allSignposts() []content.Signposts {
	var out []content.Signposts
	for _, n := range content.Nations {
		if sp, err := content.NationSignposts(n); err == nil {
			out = append(out, sp)
		}
	}
	return out
}

// Check is one live check's result, as the page shows it.
type Check struct {
	Label string
	Value string
	// Warn is true when the value is over the NHS style or voice limit.
	Warn bool
	// Limit says what the limit is, for the hint beside a warning.
	Limit string
}

// Text kinds: what the live checks look at.
const (
	kindFirst  = "first"  // a first answer: spoken, with a time limit
	kindSpoken = "spoken" // a further part
	kindCard   = "card"   // a card: shown, not spoken
)

// Checks turns a measure into the rows the page shows. static/checks.js
// renders the same rows; keep the labels and limits in step. Text with no
// words has none: there is nothing to read ("Reading age: 0.0").
func Checks(kind string, m Measure) []Check {
	if m.Words == 0 {
		return nil
	}
	if kind == kindCard {
		return []Check{
			{Label: "Words", Value: fmt.Sprint(m.Words)},
			{Label: "Characters", Value: fmt.Sprint(m.Chars), Warn: m.Chars >= content.PlatformMaxChars, Limit: fmt.Sprintf("under %d", content.PlatformMaxChars)},
		}
	}
	out := []Check{{Label: "Words", Value: fmt.Sprint(m.Words)}}
	if kind == kindFirst {
		out[0].Warn, out[0].Limit = m.Words > content.MaxAnswerWords, fmt.Sprintf("at most %d", content.MaxAnswerWords)
		out = append(out, Check{Label: "Speaking time", Value: fmt.Sprintf("about %.0f seconds", m.Seconds),
			Warn: m.Seconds > content.MaxFirstAnswerSeconds, Limit: fmt.Sprintf("up to %d seconds", content.MaxFirstAnswerSeconds)})
	} else {
		out = append(out, Check{Label: "Speaking time", Value: fmt.Sprintf("about %.0f seconds", m.Seconds)})
	}
	markup := "none"
	if len(m.Markup) > 0 {
		markup = strings.Join(m.Markup, " ")
	}
	out = append(out,
		Check{Label: "Reading age", Value: fmt.Sprintf("%.1f", m.ReadingAge), Warn: m.ReadingAge > content.MaxReadingAge, Limit: fmt.Sprintf("up to %d", content.MaxReadingAge)},
		Check{Label: "Longest sentence", Value: fmt.Sprintf("%d words", m.Longest), Warn: m.Longest > content.MaxSentenceWords, Limit: fmt.Sprintf("up to %d", content.MaxSentenceWords)},
		Check{Label: "Sentences", Value: fmt.Sprint(m.Sentences), Warn: m.Sentences > content.MaxSentencesPerPart, Limit: fmt.Sprintf("up to %d", content.MaxSentencesPerPart)},
		Check{Label: "SSML characters", Value: markup, Warn: len(m.Markup) > 0, Limit: "say \"and\", not &; no < or >"},
	)
	return out
}

// limitsJSON gives static/checks.js content's limits, so the two cannot
// disagree on a number.
func limitsJSON() string {
	b, _ := json.Marshal(map[string]int{
		"answerWords":   content.MaxAnswerWords,
		"firstSeconds":  content.MaxFirstAnswerSeconds,
		"readingAge":    content.MaxReadingAge,
		"sentenceWords": content.MaxSentenceWords,
		"sentences":     content.MaxSentencesPerPart,
		"platformChars": content.PlatformMaxChars,
		"wordsPerMin":   content.SpeakingWordsPerMin,
	})
	return string(b)
}
