package redflag

import (
	"fmt"
	"slices"
)

// compileScope compiles the scope's phrases and checks its people.
func (s *Set) compileScope(sc Scope, concepts map[string][][]string, stem Stemmer) []string {
	var errs []string
	phrases := func(what string, texts []string) []pattern {
		var out []pattern
		for _, t := range texts {
			p, err := compilePattern(t, concepts, stem)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: %q: %v", what, t, err))
				continue
			}
			out = append(out, p)
		}
		return out
	}
	s.cancel = phrases("cancel", sc.Cancel)
	s.over = phrases("over", sc.Over)
	s.general = phrases("general", sc.General)
	s.personal = phrases("personal", sc.Personal)
	if len(s.general) > 0 && len(s.personal) == 0 {
		errs = append(errs, "general phrases need personal words, or every question with one would lose its red flags")
	}
	known := func(what, who string) {
		if who != Baby && who != Mother && who != MentalHealth {
			errs = append(errs, fmt.Sprintf("%s: %q is not baby, mother or mental-health", what, who))
		}
	}
	s.anchors = map[string][]pattern{}
	for who, texts := range sc.Anchors {
		known("anchors", who)
		s.anchors[who] = phrases("anchors "+who, texts)
	}
	for _, o := range sc.Others {
		for _, who := range o.About {
			known("others "+o.Name, who)
			if len(s.anchors[who]) == 0 {
				errs = append(errs, fmt.Sprintf("others %s: no anchors for %s, so it would cancel every %s situation", o.Name, who, who))
			}
		}
		s.others = append(s.others, other{name: o.Name, words: phrases("others "+o.Name, o.Words), about: o.About})
	}
	return errs
}

// anyAt reports whether any of ps matches somewhere in st.
func anyAt(ps []pattern, st []string) bool {
	found := false
	matches(ps, st, func(pattern, int, int) bool {
		found = true
		return false
	})
	return found
}

// matches calls fn with each match of ps in st, its pattern, start and end,
// until fn returns false.
func matches(ps []pattern, st []string, fn func(p pattern, i, end int) bool) {
	for _, p := range ps {
		for i, w := range st {
			if !p.starts[w] {
				continue
			}
			if end := p.matchAt(st, i); end >= 0 && !fn(p, i, end) {
				return
			}
		}
	}
}

// isGeneral reports whether st asks about signs in general: a general phrase
// and no personal one.
func (s *Set) isGeneral(st []string) bool {
	return anyAt(s.general, st) && !anyAt(s.personal, st)
}

// elsewhere lists the people whose situations st's signs belong to someone
// else: an other is named and nothing names that person.
func (s *Set) elsewhere(st []string) []string {
	var out []string
	for _, o := range s.others {
		if !anyAt(o.words, st) {
			continue
		}
		for _, who := range o.about {
			if !slices.Contains(out, who) && !anyAt(s.anchors[who], st) {
				out = append(out, who)
			}
		}
	}
	return out
}

// cancels returns where the shared cancel phrases start in st. A cancel
// phrase told with a time gone by just after it ("the health visitor said he
// was fine yesterday") is stale: what was fine then is not fine now, so it
// cancels nothing ("he has gone floppy, the health visitor said he was fine
// yesterday" is still floppy).
func (s *Set) cancels(st []string) []int { return fresh(s.cancel, st) }

// overs returns where the over phrases start in st (stale ones left out, as
// for cancels).
func (s *Set) overs(st []string) []int { return fresh(s.over, st) }

// fresh returns where the phrases ps start in st, undenied and not stale.
func fresh(ps []pattern, st []string) []int {
	var out []int
	matches(ps, st, func(p pattern, i, end int) bool {
		if !denied(st, i, p, true) && !stale(st, end) {
			out = append(out, i)
		}
		return true
	})
	return out
}

// staleWithin is how many words after a cancel phrase a time gone by makes
// it stale.
const staleWithin = 3

// past are the stems of a time gone by ("yesterday", "this morning",
// "earlier", "last week", "the other day").
var past = map[string]bool{"yesterday": true, "earlier": true, "morn": true, "morning": true, "last": true,
	"ago": true, "monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "weekend": true, "other": true, "check": true}

// stale reports whether a time gone by follows a cancel phrase that ends
// before end.
func stale(st []string, end int) bool {
	for i := end; i < len(st) && i < end+staleWithin; i++ {
		if past[st[i]] {
			return true
		}
	}
	return false
}

// Allows reports whether the scope rules let a red flag about who stand in
// st when nothing says where its sign is (a statistical detector's finding):
// not a general question, no shared cancel or over phrase anywhere, and not
// someone else's. (Staying silent also where a sign hangs on a qualifier the rules
// read, such as yellow at what age, was measured and left out: it cost the
// detector 50 of 469 red flags of a new author to spare one false alarm.)
func (s *Set) Allows(st []string, who string) bool {
	if s == nil {
		return true
	}
	return !s.isGeneral(st) && len(s.cancels(st)) == 0 && len(s.overs(st)) == 0 && !slices.Contains(s.elsewhere(st), who)
}

// ownerReach is how many words before a sign its owner is looked for.
const ownerReach = 6

// people are the stems of pronouns that name someone here: a sign after one
// is not someone else's ("my husband is holding him and he has gone blue").
var people = map[string]bool{"he": true, "she": true, "him": true, "her": true, "they": true, "them": true,
	"i": true, "me": true, "we": true, "us": true, "you": true}

// theirs tells, for each position of st, whether a sign starting there
// belongs to someone else: the nearest person named in the ownerReach words
// before it is an other ("my husband snores and stops breathing", "the cat
// has been sick and it was green"), not a pronoun or an anchor.
func (s *Set) theirs(st []string) []bool {
	owner := make([]int8, len(st)) // 1: someone else starts here, 2: someone here
	mark := func(v int8) func(pattern, int, int) bool {
		return func(_ pattern, i, _ int) bool {
			owner[i] = v
			return true
		}
	}
	for _, o := range s.others {
		matches(o.words, st, mark(1))
	}
	for i, w := range st {
		if people[w] {
			owner[i] = 2
		}
	}
	for _, ps := range s.anchors {
		matches(ps, st, mark(2))
	}
	out := make([]bool, len(st))
	for p := range st {
		for i := p - 1; i >= 0 && i >= p-ownerReach; i-- {
			if owner[i] != 0 {
				out[p] = owner[i] == 1
				break
			}
		}
	}
	return out
}
