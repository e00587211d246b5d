package nlu

import (
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
	u := index(st)
	for _, want := range []string{model.Emergency, model.Urgent} {
		for _, rule := range r.rules {
			if rule.level != want {
				continue
			}
			if rule.matches(u) {
				return rule.id, rule.level, true
			}
		}
	}
	return "", "", false
}

// utterance is an utterance's stems with where each stem occurs, so a phrase is
// found by looking up its first word rather than scanning the whole utterance.
type utterance struct {
	st  []string
	pos map[string][]int
}

func index(st []string) utterance {
	u := utterance{st: st, pos: make(map[string][]int, len(st))}
	for i, s := range st {
		u.pos[s] = append(u.pos[s], i)
	}
	return u
}

// has reports whether phrase occurs as a contiguous run in the utterance.
func (u utterance) has(phrase []string) bool {
	if len(phrase) == 0 {
		return false
	}
next:
	for _, i := range u.pos[phrase[0]] {
		if i+len(phrase) > len(u.st) {
			continue
		}
		for j := 1; j < len(phrase); j++ {
			if u.st[i+j] != phrase[j] {
				continue next
			}
		}
		return true
	}
	return false
}

func (rule redRule) matches(u utterance) bool {
	for _, p := range rule.any {
		if u.has(p) {
			return true
		}
	}
	if len(rule.all) == 0 {
		return false
	}
	for _, g := range rule.all {
		hit := false
		for _, p := range g {
			if u.has(p) {
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
