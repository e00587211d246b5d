package nlu

import (
	"strings"

	"github.com/feedingfriend/skill/internal/model"
)

// redFlags is the compiled red-flag rule set.
type redFlags struct {
	rules []redRule
}

type redRule struct {
	id, level string
	any       [][]string   // phrases as stem sequences
	all       [][][]string // groups of phrases
}

func compileRedFlags(n *normaliser, flags []model.RedFlag) *redFlags {
	phrase := func(p string) []string { return exactStems(n.plain(p)) }
	r := &redFlags{}
	for _, f := range flags {
		rule := redRule{id: f.ID, level: f.Level}
		for _, p := range f.Any {
			if ps := phrase(p); len(ps) > 0 {
				rule.any = append(rule.any, ps)
			}
		}
		for _, g := range f.All {
			var group [][]string
			for _, p := range g {
				if ps := phrase(p); len(ps) > 0 {
					group = append(group, ps)
				}
			}
			rule.all = append(rule.all, group)
		}
		r.rules = append(r.rules, rule)
	}
	return r
}

// match returns the first matching flag's id and level. Emergency flags are
// checked before urgent ones so the stronger advice wins.
func (r *redFlags) match(st []string) (id, level string, ok bool) {
	for _, want := range []string{model.Emergency, model.Urgent} {
		for _, rule := range r.rules {
			if rule.level != want {
				continue
			}
			if rule.matches(st) {
				return rule.id, rule.level, true
			}
		}
	}
	return "", "", false
}

func (rule redRule) matches(st []string) bool {
	for _, p := range rule.any {
		if contains(st, p) {
			return true
		}
	}
	if len(rule.all) == 0 {
		return false
	}
	for _, g := range rule.all {
		hit := false
		for _, p := range g {
			if contains(st, p) {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
	}
	return true
}

// contains reports whether phrase occurs as a contiguous run in st.
func contains(st, phrase []string) bool {
	if len(phrase) == 0 || len(phrase) > len(st) {
		return false
	}
	joined := " " + strings.Join(st, " ") + " "
	return strings.Contains(joined, " "+strings.Join(phrase, " ")+" ")
}
