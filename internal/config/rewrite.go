package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/feedingfriend/skill/internal/yamledit"
)

// keyOrder is the order skill.yaml writes its settings in, to place one the
// file does not have yet; overrideOrder is that of the signposts.
var (
	keyOrder      = []string{"name", "invocation", "locales", "nation", "disclaimer", "privacy_policy_url", "examples", "signposts", "endpoint", "icons"}
	overrideOrder = []string{"helpline_name", "helpline_number", "urgent", "urgent_number", "emergency_number"}
)

// fields returns the signposts, in overrideOrder.
func (o *Overrides) fields() []*string {
	return []*string{&o.HelplineName, &o.HelplineNumber, &o.Urgent, &o.UrgentNumber, &o.EmergencyNumber}
}

// Rewrite returns data, a skill.yaml, with s's settings in place of the ones it
// holds. Only the lines of the settings that changed are rewritten: comments,
// blank lines, quoting and the order of the file stay as they are (the
// content studio writes answer files the same way). The result must read back
// as s.
func (s *Skill) Rewrite(data []byte) ([]byte, error) {
	old, err := Parse(data)
	if err != nil {
		return nil, err
	}
	doc, err := yamledit.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("config: skill.yaml: %w", err)
	}
	for _, f := range []struct{ key, was, is string }{
		{"name", old.Name, s.Name}, {"invocation", old.Invocation, s.Invocation}, {"nation", old.Nation, s.Nation},
		{"disclaimer", old.Disclaimer, s.Disclaimer}, {"privacy_policy_url", old.PrivacyPolicyURL, s.PrivacyPolicyURL},
		{"endpoint", old.Endpoint, s.Endpoint},
	} {
		switch {
		case f.was == f.is:
		case f.is == "" && f.key == "endpoint": // optional: an empty one goes
			doc.Set(f.key, "", keyOrder)
		default:
			doc.Set(f.key, f.key+": "+yamledit.Scalar(f.is)+"\n", keyOrder)
		}
	}
	if old.Icons != s.Icons {
		block := ""
		if s.Icons != (Icons{}) {
			block = "icons:\n"
			for _, f := range []struct{ k, v string }{{"small", s.Icons.Small}, {"large", s.Icons.Large}} {
				if f.v != "" {
					block += "  " + f.k + ": " + yamledit.Scalar(f.v) + "\n"
				}
			}
		}
		doc.Set("icons", block, keyOrder)
	}
	if !slices.Equal(old.Locales, s.Locales) {
		items := make([]string, len(s.Locales))
		for i, l := range s.Locales {
			items[i] = yamledit.Scalar(l)
		}
		doc.Set("locales", "locales: ["+strings.Join(items, ", ")+"]\n", keyOrder)
	}
	if !slices.Equal(old.Examples, s.Examples) {
		block := ""
		if len(s.Examples) > 0 {
			block = "examples:\n"
			for _, e := range s.Examples {
				block += "  - " + yamledit.Scalar(e) + "\n"
			}
		}
		doc.Set("examples", block, keyOrder)
	}
	if old.Signposts != s.Signposts {
		rewriteOverrides(doc, old.Signposts, s.Signposts)
	}
	out := doc.Bytes()
	back, err := Parse(out)
	if err != nil || !sameSettings(back, s) {
		return nil, fmt.Errorf("config: skill.yaml could not be rewritten in place (%v); edit it by hand", err)
	}
	return out, nil
}

// rewriteOverrides sets the signposts that changed from was to is: each key in
// its own lines when the file writes them as a block, else the whole block.
func rewriteOverrides(doc *yamledit.Doc, was, is Overrides) {
	if is == (Overrides{}) {
		doc.Set("signposts", "", keyOrder)
		return
	}
	inPlace := false
	for _, k := range overrideOrder {
		inPlace = inPlace || doc.Has("signposts."+k)
	}
	pad := strings.Repeat(" ", doc.Indent("signposts"))
	if !inPlace {
		pad = "  "
	}
	var block strings.Builder
	wf, isf := was.fields(), is.fields()
	for i, k := range overrideOrder {
		line := ""
		if *isf[i] != "" {
			line = pad + k + ": " + yamledit.Scalar(*isf[i]) + "\n"
		}
		block.WriteString(line)
		if inPlace && *wf[i] != *isf[i] {
			doc.Set("signposts."+k, line, overrideOrder)
		}
	}
	if !inPlace {
		doc.Set("signposts", "signposts:\n"+block.String(), keyOrder)
	}
}

// sameSettings reports whether a and b hold the same settings (an empty list
// and no list are the same).
func sameSettings(a, b *Skill) bool {
	norm := func(s Skill) Skill {
		if len(s.Locales) == 0 {
			s.Locales = nil
		}
		if len(s.Examples) == 0 {
			s.Examples = nil
		}
		if len(s.Web.EmbedOrigins) == 0 {
			s.Web.EmbedOrigins = nil
		}
		return s
	}
	return reflect.DeepEqual(norm(*a), norm(*b))
}
