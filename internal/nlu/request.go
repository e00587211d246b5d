package nlu

import (
	"context"
	"strconv"

	"github.com/feedingfriend/skill/internal/redflag"
	"github.com/feedingfriend/skill/internal/skill"
)

// Request turns a parse result into the request the text platform sends.
func (r Result) Request(text string, session map[string]any, newSession bool) *skill.Request {
	return &skill.Request{
		Type:       skill.Intent,
		Intent:     r.Intent,
		Slots:      r.Slots,
		Session:    session,
		NewSession: newSession,
		Utterance:  text,
		Candidates: r.TopicCandidates(3),
		Locale:     "en-GB",
	}
}

// RedFlag reports whether text describes a red-flag situation: which, about
// whom and at which level.
func (n *NLU) RedFlag(text string) (redflag.Hit, bool) {
	return n.redFlag(text, n.norm.canon(text))
}

// Guard is middleware for platforms that pass the user's words (Dialogflow, the
// text tools). The words are read again offline so that nothing the platform's
// own NLU dropped is lost: a red flag routes to urgent help, at its level,
// whatever intent the platform chose; a baby's age said inside a question is
// kept; and a fallback is given the closest topics to offer.
func Guard(n *NLU) skill.Middleware {
	return func(next skill.Handler) skill.Handler {
		return skill.HandlerFunc(func(ctx context.Context, req *skill.Request) (*skill.Response, error) {
			if req.Type != skill.Intent || req.Utterance == "" {
				return next.Handle(ctx, req)
			}
			c := *req
			c.Slots = make(map[string]skill.Slot, len(req.Slots)+2)
			for k, v := range req.Slots {
				c.Slots[k] = v
			}
			if h, ok := n.RedFlag(req.Utterance); ok {
				c.Intent = skill.UrgentHelpIntent
				c.Slots = map[string]skill.Slot{skill.LevelSlot: {Value: h.Level, ID: h.Level}}
				if h.Who != "" {
					c.Slots[skill.WhoSlot] = skill.Slot{Value: h.Who, ID: h.Who}
				}
				return next.Handle(ctx, &c)
			}
			if c.Slots[skill.AgeNumberSlot].Key() == "" {
				if age, _, _, ok := findAge(n.norm.canon(req.Utterance)); ok {
					c.Slots[skill.AgeNumberSlot] = skill.Slot{Value: strconv.Itoa(age.Number)}
					c.Slots[skill.AgeUnitSlot] = skill.Slot{Value: age.Unit, ID: age.Unit}
				}
			}
			if c.Intent == skill.FallbackIntent && len(c.Candidates) == 0 {
				c.Candidates = n.Parse(req.Utterance).TopicCandidates(3)
			}
			return next.Handle(ctx, &c)
		})
	}
}
