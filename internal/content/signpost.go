package content

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Signposts are the nation-specific services and numbers that fill the
// placeholders in the answers.
type Signposts struct {
	Nation          string `yaml:"nation" json:"nation"`
	HelplineName    string `yaml:"helpline_name" json:"helpline_name"`
	HelplineNumber  string `yaml:"helpline_number" json:"helpline_number"`
	Urgent          string `yaml:"urgent" json:"urgent"`
	UrgentNumber    string `yaml:"urgent_number" json:"urgent_number"`
	EmergencyNumber string `yaml:"emergency_number" json:"emergency_number"`
}

// Nations lists the nations with built-in signposting.
var Nations = []string{"england", "scotland", "wales", "northern-ireland"}

// NationSignposts returns the built-in signposting for a nation.
func NationSignposts(nation string) (Signposts, error) {
	s := Signposts{
		Nation:          nation,
		HelplineName:    "the National Breastfeeding Helpline",
		HelplineNumber:  "0300 100 0212",
		EmergencyNumber: "999",
	}
	switch nation {
	case "england", "":
		s.Nation, s.Urgent, s.UrgentNumber = "england", "NHS 111", "111"
	case "scotland":
		s.Urgent, s.UrgentNumber = "NHS 24 on 111", "111"
	case "wales":
		s.Urgent, s.UrgentNumber = "NHS 111 Wales", "111"
	case "northern-ireland":
		s.Urgent, s.UrgentNumber = "your GP, or the GP out of hours service", "your GP practice"
	default:
		return Signposts{}, fmt.Errorf("content: unknown nation %q (want one of %s)", nation, strings.Join(Nations, ", "))
	}
	return s, nil
}

// placeholderRE matches {{name}} placeholders.
var placeholderRE = regexp.MustCompile(`\{\{\s*([a-z_]*)\s*\}\}`)

func (s Signposts) values() map[string]string {
	return map[string]string{
		"helpline_name":    s.HelplineName,
		"helpline_number":  s.HelplineNumber,
		"urgent":           s.Urgent,
		"urgent_number":    s.UrgentNumber,
		"emergency_number": s.EmergencyNumber,
	}
}

// Placeholders returns the known placeholder names, sorted.
func Placeholders() []string {
	var out []string
	for k := range (Signposts{}).values() {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Fill replaces the placeholders in text. Unknown placeholders are left as they
// are; loading has already rejected them.
func (s Signposts) Fill(text string) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	v := s.values()
	return placeholderRE.ReplaceAllStringFunc(text, func(m string) string {
		name := placeholderRE.FindStringSubmatch(m)[1]
		if r, ok := v[name]; ok {
			return r
		}
		return m
	})
}

// Replacer returns a replacer for the placeholders written without spaces
// ({{helpline_number}}), for text filled on every request: build it once.
func (s Signposts) Replacer() *strings.Replacer {
	var pairs []string
	for k, v := range s.values() {
		pairs = append(pairs, "{{"+k+"}}", v)
	}
	return strings.NewReplacer(pairs...)
}

// unknownPlaceholders returns the placeholder names in text that are not known.
func unknownPlaceholders(text string) []string {
	v := (Signposts{}).values()
	var bad []string
	for _, m := range placeholderRE.FindAllStringSubmatch(text, -1) {
		if _, ok := v[m[1]]; !ok {
			bad = append(bad, m[0])
		}
	}
	if strings.Count(text, "{{") != strings.Count(text, "}}") || (strings.Contains(text, "{") && len(placeholderRE.FindAllString(text, -1)) == 0) {
		bad = append(bad, "unbalanced braces")
	}
	return bad
}
