package studio

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/yamledit"
)

// values are the fields the edit form changes, normalised: spoken text on one
// line with single spaces (content hashes it that way), cards with Unix line
// ends and no trailing spaces, empty list items dropped.
type values struct {
	Title    string
	Answer   string
	More     []string
	Card     string
	Related  []string
	Sources  []content.Source
	Variants []content.Variant
}

// formFields are the top-level keys the form owns, in the order the files
// write them (content/README.md). Every other key is kept byte for byte.
var formFields = []string{"title", "answer", "more", "card", "related", "sources", "variants"}

// fileOrder is the order of every key in an answer file, to place a key the
// file did not have yet.
var fileOrder = []string{"id", "title", "group", "status", "answer", "more", "card", "related", "sources", "variants", "review_notes", "approval"}

// wrapWidth is where folded spoken text is wrapped, as the files are written.
const wrapWidth = 88

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

// normCard keeps a card's lines, drops trailing spaces and leading or
// trailing blank lines, and turns CRLF (what browsers send) into LF.
func normCard(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// valuesOf returns the form's fields of t, normalised.
func valuesOf(t *content.Topic) values {
	v := values{Title: norm(t.Title), Answer: norm(t.Answer), Card: normCard(t.Card)}
	for _, r := range t.Related {
		v.Related = append(v.Related, strings.TrimSpace(r))
	}
	for _, m := range t.More {
		v.More = append(v.More, norm(m))
	}
	for _, s := range t.Sources {
		v.Sources = append(v.Sources, content.Source{URL: strings.TrimSpace(s.URL), Checked: strings.TrimSpace(s.Checked)})
	}
	for _, x := range t.Variants {
		nv := content.Variant{Age: strings.TrimSpace(x.Age), Key: strings.TrimSpace(x.Key), Answer: norm(x.Answer), Card: normCard(x.Card)}
		for _, m := range x.More {
			nv.More = append(nv.More, norm(m))
		}
		v.Variants = append(v.Variants, nv)
	}
	return v
}

// equalField reports whether field has the same value in a and b.
func equalField(field string, a, b values) bool {
	switch field {
	case "title":
		return a.Title == b.Title
	case "answer":
		return a.Answer == b.Answer
	case "more":
		return slices.Equal(a.More, b.More)
	case "card":
		return a.Card == b.Card
	case "related":
		return slices.Equal(a.Related, b.Related)
	case "sources":
		return slices.Equal(a.Sources, b.Sources)
	case "variants":
		return len(a.Variants) == len(b.Variants) && (len(a.Variants) == 0 || reflect.DeepEqual(a.Variants, b.Variants))
	}
	return false
}

// changedFields lists the form's fields that differ between a and b.
func changedFields(a, b values) []string {
	var out []string
	for _, f := range formFields {
		if !equalField(f, a, b) {
			out = append(out, f)
		}
	}
	return out
}

// block renders one top-level field as YAML lines ("" for an optional field
// that is empty, so the key is left out).
func block(field string, v values) string {
	var b strings.Builder
	switch field {
	case "title":
		b.WriteString("title: " + scalar(v.Title) + "\n")
	case "answer":
		b.WriteString(folded("answer", v.Answer, 0))
	case "more":
		if len(v.More) == 0 {
			return ""
		}
		b.WriteString("more:\n")
		for _, m := range v.More {
			b.WriteString(foldedItem(m, 2))
		}
	case "card":
		b.WriteString(literal("card", v.Card, 0))
	case "related":
		if len(v.Related) == 0 {
			return ""
		}
		items := make([]string, len(v.Related))
		for i, r := range v.Related {
			items[i] = flowItem(r)
		}
		b.WriteString("related: [" + strings.Join(items, ", ") + "]\n")
	case "sources":
		if len(v.Sources) == 0 {
			return "sources: []\n"
		}
		b.WriteString("sources:\n")
		for _, s := range v.Sources {
			b.WriteString("  - url: " + scalar(s.URL) + "\n")
			b.WriteString("    checked: " + scalar(s.Checked) + "\n")
		}
	case "variants":
		if len(v.Variants) == 0 {
			return ""
		}
		b.WriteString("variants:\n")
		for _, x := range v.Variants {
			first := true
			lead := func() string {
				if first {
					first = false
					return "  - "
				}
				return "    "
			}
			if x.Age != "" {
				b.WriteString(lead() + "age: " + scalar(x.Age) + "\n")
			}
			if x.Key != "" {
				b.WriteString(lead() + "key: " + scalar(x.Key) + "\n")
			}
			b.WriteString(lead() + strings.TrimPrefix(folded("answer", x.Answer, 4), "    "))
			if len(x.More) > 0 {
				b.WriteString("    more:\n")
				for _, m := range x.More {
					b.WriteString(foldedItem(m, 6))
				}
			}
			if x.Card != "" {
				b.WriteString(literal("card", x.Card, 4))
			}
		}
	}
	return b.String()
}

// scalar renders a one-line value, quoted only when YAML needs it. Dates are
// written plain, as in the files.
func scalar(s string) string {
	if dateRE().MatchString(s) {
		return s
	}
	return yamledit.Scalar(s)
}

// flowItem renders an item of a flow sequence ([a, b]): quoted when it holds
// anything a flow sequence treats specially.
func flowItem(s string) string {
	if idRE().MatchString(s) {
		return s
	}
	out, _ := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle})
	return strings.TrimSuffix(string(out), "\n")
}

var dateRE = lazyre.New(`^\d{4}-\d{2}-\d{2}$`)

// folded renders key: >- with text wrapped at wrapWidth, the key at indent.
func folded(key, text string, indent int) string {
	pad := strings.Repeat(" ", indent)
	if text == "" {
		return pad + key + `: ""` + "\n"
	}
	return pad + key + ": >-\n" + wrap(text, indent+2)
}

// foldedItem renders a sequence item "- >-" with text wrapped, the dash at indent.
func foldedItem(text string, indent int) string {
	pad := strings.Repeat(" ", indent)
	if text == "" {
		return pad + `- ""` + "\n"
	}
	return pad + "- >-\n" + wrap(text, indent+2)
}

// wrap breaks one-line text into lines of at most wrapWidth columns (a longer
// word gets a line of its own), each indented. Folding joins them back with
// single spaces.
func wrap(text string, indent int) string {
	pad := strings.Repeat(" ", indent)
	var b, line strings.Builder
	for _, w := range strings.Fields(text) {
		if line.Len() > 0 && indent+line.Len()+1+len(w) > wrapWidth {
			b.WriteString(pad + line.String() + "\n")
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(w)
	}
	if line.Len() > 0 {
		b.WriteString(pad + line.String() + "\n")
	}
	return b.String()
}

// literal renders key: |- with the text's lines as they are, the key at indent.
func literal(key, text string, indent int) string {
	pad := strings.Repeat(" ", indent)
	if text == "" {
		return pad + key + `: ""` + "\n"
	}
	head := pad + key + ": |-"
	if strings.HasPrefix(text, " ") {
		head = pad + key + ": |2-" // the first line's own spaces are content
	}
	var b strings.Builder
	b.WriteString(head + "\n")
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(pad + "  " + l + "\n")
	}
	return b.String()
}

// errUnsafe is returned when the rewritten file would not read back as meant.
var errUnsafe = errors.New("the file could not be rewritten safely")

// rewrite returns data with the form's fields replaced by v. A field whose
// value did not change keeps its bytes; comments and every other field are
// kept as written. The result is read back: the form's fields must come back
// as v and every other field as it was.
func rewrite(data []byte, v values) ([]byte, error) {
	old, err := decodeTopic("", data, content.Signposts{})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errUnsafe, err)
	}
	ov := valuesOf(old)
	doc, err := yamledit.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%w: want a mapping of fields", errUnsafe)
	}
	// Each changed field replaces its lines, or goes in where it belongs.
	for _, f := range formFields {
		if !equalField(f, ov, v) {
			doc.Set(f, block(f, v), fileOrder)
		}
	}
	out := doc.Bytes()
	nt, err := decodeTopic("", out, content.Signposts{})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errUnsafe, err)
	}
	if nv := valuesOf(nt); !reflect.DeepEqual(nv, v) {
		return nil, fmt.Errorf("%w: the fields did not read back as entered", errUnsafe)
	}
	if nt.ID != old.ID || nt.Group != old.Group || nt.Status != old.Status ||
		!reflect.DeepEqual(nt.ReviewNotes, old.ReviewNotes) || !reflect.DeepEqual(nt.Approval, old.Approval) {
		return nil, fmt.Errorf("%w: a field the form does not show would change", errUnsafe)
	}
	return out, nil
}
