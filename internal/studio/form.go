package studio

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/lazyre"
)

// maxItems bounds the repeated fields a form may post (parts, sources,
// variants), so a crafted form cannot make the studio loop for long.
const maxItems = 50

// editForm is the edit form as typed. Field ids and names are the same:
// "answer", "more-0", "sources-1-url", "variants-0-more-2"...
type editForm struct {
	Title, Answer, Card, Related string
	More                         []string
	Sources                      []content.Source
	Variants                     []variantForm
	// Base is the sha256 of the file the form was opened on, to notice that
	// someone else saved it in between.
	Base string
}

type variantForm struct {
	Age, Key, Answer, Card string
	More                   []string
}

// empty reports whether nothing is typed in the variant: emptying one is
// how it is removed.
func (v variantForm) empty() bool {
	return strings.TrimSpace(v.Age+v.Key+v.Answer+v.Card+strings.Join(v.More, "")) == ""
}

func fileHash(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// formOf fills the form from a file's values, with one empty further part,
// source and variant (and further part of each variant) at the end: typing in
// one adds it. A posted form is shown as it was posted (parseEditForm), so a
// refused save adds nothing.
func formOf(v values, base string) editForm {
	f := editForm{Title: v.Title, Answer: v.Answer, Card: v.Card, Related: strings.Join(v.Related, ", "),
		More: append(slices.Clone(v.More), ""), Sources: append(slices.Clone(v.Sources), content.Source{}), Base: base}
	for _, x := range v.Variants {
		f.Variants = append(f.Variants, variantForm{Age: x.Age, Key: x.Key, Answer: x.Answer, Card: x.Card, More: append(slices.Clone(x.More), "")})
	}
	f.Variants = append(f.Variants, variantForm{More: []string{""}})
	return f
}

// parseEditForm reads the posted form.
func parseEditForm(form url.Values) editForm {
	f := editForm{Title: form.Get("title"), Answer: form.Get("answer"), Card: form.Get("card"), Related: form.Get("related"), Base: form.Get("base")}
	f.More = list(form, "more-%d")
	for i := 0; i < maxItems; i++ {
		u, okU := form[fmt.Sprintf("sources-%d-url", i)]
		c, okC := form[fmt.Sprintf("sources-%d-checked", i)]
		if !okU && !okC {
			break
		}
		f.Sources = append(f.Sources, content.Source{URL: first(u), Checked: first(c)})
	}
	for i := 0; i < maxItems; i++ {
		p := fmt.Sprintf("variants-%d-", i)
		if _, ok := form[p+"answer"]; !ok {
			break
		}
		f.Variants = append(f.Variants, variantForm{Age: form.Get(p + "age"), Key: form.Get(p + "key"), Answer: form.Get(p + "answer"),
			Card: form.Get(p + "card"), More: list(form, p+"more-%d")})
	}
	return f
}

func list(form url.Values, pattern string) []string {
	var out []string
	for i := 0; i < maxItems; i++ {
		v, ok := form[fmt.Sprintf(pattern, i)]
		if !ok {
			break
		}
		out = append(out, first(v))
	}
	return out
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// target is a form field a content path maps to.
type target struct {
	ID    string
	Label string // how an error message names it: "the short answer"
}

// values normalises the form into the file's values, dropping empty parts,
// sources and variants (emptying one is how it is removed), and returns where
// each of the file's fields came from in the form, to put errors next to the
// right field.
func (f editForm) values() (values, map[string]target, []fieldError) {
	var errs []fieldError
	at := map[string]target{
		"title": {"title", "the title"}, "answer": {"answer", "the short answer"}, "card": {"card", "the card"},
		"related": {"related", "related topics"}, "more": {"more-0", "further parts"}, "sources": {"sources-0-url", "the sources"},
		"variants": {"variants-0-age", "the variants"},
	}
	text := func(id, label, s string) {
		if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' || r == '\uFEFF' }); i >= 0 {
			errs = append(errs, fieldError{ID: id, Msg: fmt.Sprintf("Remove the hidden control character from %s", label)})
		}
	}
	v := values{Title: norm(f.Title), Answer: norm(f.Answer), Card: normCard(f.Card)}
	text("title", "the title", f.Title)
	text("answer", "the short answer", f.Answer)
	text("card", "the card", f.Card)
	text("related", "related topics", f.Related)
	for i, m := range f.More {
		id, label := fmt.Sprintf("more-%d", i), fmt.Sprintf("further part %d", i+1)
		text(id, label, m)
		if m = norm(m); m != "" {
			at[fmt.Sprintf("more[%d]", len(v.More))] = target{id, label}
			v.More = append(v.More, m)
		}
	}
	for _, r := range strings.FieldsFunc(f.Related, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		v.Related = append(v.Related, r)
	}
	for i, s := range f.Sources {
		u, c := strings.TrimSpace(s.URL), strings.TrimSpace(s.Checked)
		text(fmt.Sprintf("sources-%d-url", i), fmt.Sprintf("source %d", i+1), s.URL)
		text(fmt.Sprintf("sources-%d-checked", i), fmt.Sprintf("the date source %d was checked", i+1), s.Checked)
		if u == "" && c == "" {
			continue
		}
		k := len(v.Sources)
		at[fmt.Sprintf("sources[%d]", k)] = target{fmt.Sprintf("sources-%d-url", i), fmt.Sprintf("source %d", i+1)}
		at[fmt.Sprintf("sources[%d].url", k)] = target{fmt.Sprintf("sources-%d-url", i), fmt.Sprintf("source %d", i+1)}
		at[fmt.Sprintf("sources[%d].checked", k)] = target{fmt.Sprintf("sources-%d-checked", i), fmt.Sprintf("the date source %d was checked", i+1)}
		v.Sources = append(v.Sources, content.Source{URL: u, Checked: c})
	}
	for i, x := range f.Variants {
		p := fmt.Sprintf("variants-%d-", i)
		n := i + 1
		for _, fld := range []struct{ id, label, s string }{{"age", "the age of variant %d", x.Age}, {"key", "the key of variant %d", x.Key},
			{"answer", "the answer of variant %d", x.Answer}, {"card", "the card of variant %d", x.Card}} {
			text(p+fld.id, fmt.Sprintf(fld.label, n), fld.s)
		}
		nv := content.Variant{Age: norm(x.Age), Key: strings.TrimSpace(x.Key), Answer: norm(x.Answer), Card: normCard(x.Card)}
		k := len(v.Variants)
		q := fmt.Sprintf("variants[%d]", k)
		for j, m := range x.More {
			id, label := fmt.Sprintf("%smore-%d", p, j), fmt.Sprintf("further part %d of variant %d", j+1, n)
			text(id, label, m)
			if m = norm(m); m != "" {
				at[fmt.Sprintf("%s.more[%d]", q, len(nv.More))] = target{id, label}
				nv.More = append(nv.More, m)
			}
		}
		if nv.Age == "" && nv.Key == "" && nv.Answer == "" && nv.Card == "" && len(nv.More) == 0 {
			continue
		}
		ageID := p + "age"
		if nv.Age == "" && nv.Key != "" {
			ageID = p + "key"
		}
		at[q] = target{ageID, fmt.Sprintf("variant %d", n)}
		at[q+".age"] = target{p + "age", fmt.Sprintf("the age of variant %d", n)}
		at[q+".key"] = target{p + "key", fmt.Sprintf("the key of variant %d", n)}
		at[q+".answer"] = target{p + "answer", fmt.Sprintf("the answer of variant %d", n)}
		at[q+".card"] = target{p + "card", fmt.Sprintf("the card of variant %d", n)}
		at[q+".more"] = target{p + "more-0", fmt.Sprintf("the further parts of variant %d", n)}
		v.Variants = append(v.Variants, nv)
	}
	return v, at, errs
}

// pathRE finds the field a loader message starts with ("more[1] is empty").
var pathRE = lazyre.New(`^((?:variants\[\d+\]\.)?(?:answer|card|more\[\d+\]))(?::| )`)

// locate returns the content path of each line of an answer file: the
// deepest field that starts on or before it.
func locate(data []byte) func(line int) string {
	type mark struct {
		line int
		path string
	}
	var marks []mark
	var walk func(prefix string, n *yaml.Node)
	walk = func(prefix string, n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := k.Value
				if prefix != "" {
					p = prefix + "." + k.Value
				}
				marks = append(marks, mark{k.Line, p})
				walk(p, v)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := fmt.Sprintf("%s[%d]", prefix, i)
				marks = append(marks, mark{c.Line, p})
				walk(p, c)
			}
		}
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) > 0 {
		walk("", doc.Content[0])
	}
	return func(line int) string {
		best := ""
		for _, m := range marks {
			if m.line <= line {
				best = m.path
			}
		}
		return best
	}
}

// targetOf finds the form field for a content path, trying the path, then
// each shorter one ("variants[0].more[1]", "variants[0].more", "variants[0]").
func targetOf(at map[string]target, path string) (target, bool) {
	for path != "" {
		if t, ok := at[path]; ok {
			return t, true
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return target{}, false
}
