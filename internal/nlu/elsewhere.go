package nlu

import (
	"slices"

	"github.com/feedingfriend/skill/internal/model"
)

// elsewhere is out-of-scope.yaml's rule for questions about someone or
// something else: an animal, a plant, a machine. When one of its words is said
// and no anchor (a baby, breastfeeding, the parent's breasts), no topic is
// answered, however well the words match one: "what are the signs of
// mastitis in a ewe", "my dog's gums look yellow".
type elsewhere struct {
	others, anchors [][]string // phrases as plain words
}

func newElsewhere(n *normaliser, e model.Elsewhere) elsewhere {
	var out elsewhere
	for _, p := range e.Others {
		if ws := n.plain(p); len(ws) > 0 {
			out.others = append(out.others, ws)
		}
	}
	for _, p := range e.Anchors {
		if ws := n.plain(p); len(ws) > 0 {
			out.anchors = append(out.anchors, ws)
		}
	}
	return out
}

// find returns the first phrase of ps said in plain, or nil.
func find(ps [][]string, plain []string) []string {
	for _, p := range ps {
		for i := 0; i+len(p) <= len(plain); i++ {
			if slices.Equal(plain[i:i+len(p)], p) {
				return p
			}
		}
	}
	return nil
}

// about returns what else plain is about (the word said), or "" when it is
// about a baby or breastfeeding, or names nothing else.
func (e elsewhere) about(plain []string) string {
	o := find(e.others, plain)
	if o == nil || find(e.anchors, plain) != nil {
		return ""
	}
	return joinWords(o)
}

func joinWords(ws []string) string {
	out := ""
	for i, w := range ws {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}
