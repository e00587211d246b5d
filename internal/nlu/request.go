package nlu

import (
	"context"

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

// RedFlag reports whether text describes a red-flag symptom, and at which level.
func (n *NLU) RedFlag(text string) (id, level string, ok bool) {
	return n.red.match(exactStems(n.norm.plain(text)))
}

// Guard is middleware for platforms that pass the user's words (Dialogflow, the
// text tools): a red flag in the words routes to urgent help whatever intent the
// platform chose, and a fallback is given the closest topics to offer.
func Guard(n *NLU) skill.Middleware {
	return func(next skill.Handler) skill.Handler {
		return skill.HandlerFunc(func(ctx context.Context, req *skill.Request) (*skill.Response, error) {
			if req.Type == skill.Intent && req.Utterance != "" {
				if _, level, ok := n.RedFlag(req.Utterance); ok && req.Intent != skill.UrgentHelpIntent {
					c := *req
					c.Intent = skill.UrgentHelpIntent
					c.Slots = map[string]skill.Slot{skill.LevelSlot: {Value: level, ID: level}}
					req = &c
				} else if req.Intent == skill.FallbackIntent && len(req.Candidates) == 0 {
					c := *req
					c.Candidates = n.Parse(req.Utterance).TopicCandidates(3)
					req = &c
				}
			}
			return next.Handle(ctx, req)
		})
	}
}
