package content

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/feedingfriend/skill/internal/lazyre"
)

// Signposts are the values that fill the placeholders of the answers and
// the prompts: the nation-specific services and numbers, and the skill's
// name, disclaimer and example questions (skill.yaml). An approval covers
// the values of the placeholders its text uses, in every nation (see
// Nations), so changing one un-approves every text that speaks it.
type Signposts struct {
	Nation          string `yaml:"nation" json:"nation"`
	HelplineName    string `yaml:"helpline_name" json:"helpline_name"`
	HelplineNumber  string `yaml:"helpline_number" json:"helpline_number"`
	Urgent          string `yaml:"urgent" json:"urgent"`
	UrgentNumber    string `yaml:"urgent_number" json:"urgent_number"`
	EmergencyNumber string `yaml:"emergency_number" json:"emergency_number"`
	// SkillName, Disclaimer and Examples are skill.yaml's, spoken in the
	// welcome.
	SkillName  string   `yaml:"skill_name" json:"skill_name"`
	Disclaimer string   `yaml:"disclaimer" json:"disclaimer"`
	Examples   []string `yaml:"examples" json:"examples"`
}

// The skill's name, disclaimer and examples before skill.yaml says otherwise.
const (
	DefaultSkillName  = "Feeding Friend"
	DefaultDisclaimer = "This is general NHS information, not medical advice."
)

// DefaultExamples are the questions the welcome suggests before skill.yaml
// says otherwise.
func DefaultExamples() []string {
	return []string{"how do I get a good latch", "how many wet nappies should my baby have"}
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
		SkillName:       DefaultSkillName,
		Disclaimer:      DefaultDisclaimer,
		Examples:        DefaultExamples(),
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
var placeholderRE = lazyre.New(`\{\{\s*([a-z_]*)\s*\}\}`)

func (s Signposts) values() map[string]string {
	ex := make([]string, len(s.Examples))
	for i, e := range s.Examples {
		ex[i] = "'" + e + "'"
	}
	return map[string]string{
		"helpline_name":    s.HelplineName,
		"helpline_number":  s.HelplineNumber,
		"urgent":           s.Urgent,
		"urgent_number":    s.UrgentNumber,
		"emergency_number": s.EmergencyNumber,
		"skill_name":       s.SkillName,
		"disclaimer":       s.Disclaimer,
		"examples":         strings.Join(ex, ", or "),
	}
}

// Nations returns the signposting of every nation as s is configured: each
// nation's built-in services with every value in which s differs from its
// own nation's built-ins (skill.yaml's overrides, name, disclaimer and
// examples). It is what an approval covers: one approval holds for every
// nation, so the SKILL_NATION a deployment picks only chooses among approved
// texts.
func (s Signposts) Nations() []Signposts {
	base, err := NationSignposts(s.Nation)
	if err != nil {
		return []Signposts{s}
	}
	out := make([]Signposts, 0, len(Nations))
	for _, n := range Nations {
		b, _ := NationSignposts(n)
		for _, f := range []struct {
			dst        *string
			mine, orig string
		}{{&b.HelplineName, s.HelplineName, base.HelplineName}, {&b.HelplineNumber, s.HelplineNumber, base.HelplineNumber},
			{&b.Urgent, s.Urgent, base.Urgent}, {&b.UrgentNumber, s.UrgentNumber, base.UrgentNumber},
			{&b.EmergencyNumber, s.EmergencyNumber, base.EmergencyNumber}, {&b.SkillName, s.SkillName, base.SkillName},
			{&b.Disclaimer, s.Disclaimer, base.Disclaimer}} {
			if f.mine != f.orig {
				*f.dst = f.mine
			}
		}
		if !slices.Equal(s.Examples, base.Examples) {
			b.Examples = append([]string(nil), s.Examples...)
		}
		out = append(out, b)
	}
	return out
}

// usedValues returns, for every nation s is configured for (Nations), the
// value of each placeholder that texts use: what an approval of texts covers
// besides the texts.
func usedValues(texts []string, s Signposts) map[string]map[string]string {
	used := map[string]bool{}
	for _, t := range texts {
		for _, m := range placeholderRE().FindAllStringSubmatch(t, -1) {
			used[m[1]] = true
		}
	}
	if len(used) == 0 {
		return nil
	}
	out := map[string]map[string]string{}
	for _, n := range s.Nations() {
		v := n.values()
		m := map[string]string{}
		for name := range used {
			if val, ok := v[name]; ok {
				m[name] = val
			}
		}
		out[n.Nation] = m
	}
	return out
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
	return filler(s.values()).fill(text)
}

// filler fills placeholders with one signposting's values (Signposts.values),
// worked out once for every text of a store.
type filler map[string]string

// fill replaces every placeholder of text that f knows, as
// placeholderRE().ReplaceAllStringFunc would: "{{", spaces, a name of a-z and
// _, spaces, "}}", leftmost first, none overlapping. It scans instead of
// running the pattern, as a start fills some 500 of them.
func (f filler) fill(text string) string {
	var b strings.Builder
	done := 0 // text[:done] is in b, or needs no change when b is empty
	for from := 0; ; {
		i := strings.Index(text[from:], "{{")
		if i < 0 {
			break
		}
		i += from
		end, name, ok := placeholderAt(text, i)
		if !ok {
			from = i + 1
			continue
		}
		if v, known := f[name]; known {
			if b.Cap() == 0 {
				b.Grow(len(text) + 64)
			}
			b.WriteString(text[done:i])
			b.WriteString(v)
			done = end
		}
		from = end
	}
	if done == 0 {
		return text
	}
	b.WriteString(text[done:])
	return b.String()
}

// fillAll fills every text of in; nil stays nil.
func (f filler) fillAll(in []string) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f.fill(s)
	}
	return out
}

// placeholderAt reads the placeholder that starts at text[i] ("{{"): its end
// and name, or ok false when none starts there.
func placeholderAt(text string, i int) (end int, name string, ok bool) {
	j := skipSpace(text, i+2)
	start := j
	for j < len(text) && (text[j] >= 'a' && text[j] <= 'z' || text[j] == '_') {
		j++
	}
	name = text[start:j]
	j = skipSpace(text, j)
	if !strings.HasPrefix(text[j:], "}}") {
		return 0, "", false
	}
	return j + 2, name, true
}

// skipSpace skips what \s matches from text[j].
func skipSpace(text string, j int) int {
	for j < len(text) && strings.IndexByte(" \t\n\f\r", text[j]) >= 0 {
		j++
	}
	return j
}

// unknownPlaceholders returns the placeholder names in text that are not known.
func unknownPlaceholders(text string) []string {
	v := (Signposts{}).values()
	var bad []string
	for _, m := range placeholderRE().FindAllStringSubmatch(text, -1) {
		if _, ok := v[m[1]]; !ok {
			bad = append(bad, m[0])
		}
	}
	if strings.Count(text, "{{") != strings.Count(text, "}}") || (strings.Contains(text, "{") && len(placeholderRE().FindAllString(text, -1)) == 0) {
		bad = append(bad, "unbalanced braces")
	}
	return bad
}
