package nlu

import (
	"context"
	"strconv"
	"strings"

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

// describeSubject is how the words of each Describe intent's phrase slot are
// read: the carrier of DescribeBabyIntent ("my baby {description}", "she's
// {description}") says the words are about the baby, DescribeSelfIntent's ("i
// have {description}", "my wife {description}") that they are about the parent.
var describeSubject = map[string]string{
	skill.DescribeIntent:      "",
	skill.DescribeBabyIntent:  "my baby ",
	skill.DescribeSelfIntent:  "i ",
	skill.DescribeCantIntent:  "i can not ",
	skill.DescribeKeepIntent:  "i keep ",
	skill.DescribeWorryIntent: "i am worried ",
}

// saidWords returns what the user said: the utterance where the platform passes
// it, else the words of a Describe intent's phrase slot (Alexa).
func saidWords(req *skill.Request) (string, bool) {
	if req.Utterance != "" {
		return req.Utterance, true
	}
	subject, ok := describeSubject[req.Intent]
	if !ok {
		return "", false
	}
	d := strings.TrimSpace(req.Slot(skill.DescriptionSlot))
	if d == "" {
		return "", false
	}
	return subject + d, true
}

// Guard is middleware for platforms that pass the user's words (Dialogflow, the
// text tools, and Alexa's Describe intents). The words are read again offline
// so that nothing the platform's own NLU dropped is lost: a red flag routes to
// urgent help, at its level and for its person, whatever intent the platform
// chose; words close to a red flag but not one (CautionMin) set SafetyNet, so
// the reply leads with when to call 111 and 999; a Describe intent becomes
// what the words mean; a baby's age said inside a question is kept; and a
// fallback is given the closest topics to offer.
func Guard(n *NLU) skill.Middleware {
	return LazyGuard(func() (*NLU, error) { return n, nil })
}

// LazyGuard is Guard with the NLU built on first need: only requests that
// carry words pay for it. The Alexa function uses it, so a cold start that
// answers an intent does not train or load a language model it will not use.
// When the NLU cannot be built, the request goes on as the platform sent it.
func LazyGuard(get func() (*NLU, error)) skill.Middleware {
	return func(next skill.Handler) skill.Handler {
		return skill.HandlerFunc(func(ctx context.Context, req *skill.Request) (*skill.Response, error) {
			said, ok := saidWords(req)
			if req.Type != skill.Intent || !ok {
				return next.Handle(ctx, req)
			}
			n, err := get()
			if err != nil || n == nil {
				return next.Handle(ctx, req)
			}
			c := *req
			c.Slots = make(map[string]skill.Slot, len(req.Slots)+2)
			for k, v := range req.Slots {
				c.Slots[k] = v
			}
			h, caution, ok := n.Assess(said)
			if ok {
				c.Intent = skill.UrgentHelpIntent
				c.Slots = map[string]skill.Slot{skill.LevelSlot: {Value: h.Level, ID: h.Level}}
				if h.Who != "" {
					c.Slots[skill.WhoSlot] = skill.Slot{Value: h.Who, ID: h.Who}
				}
				return next.Handle(ctx, &c)
			}
			// Words close to a red flag, but not sure enough to be one: the
			// answer leads with the safety net.
			c.SafetyNet = caution
			if _, describe := describeSubject[c.Intent]; describe {
				// Alexa could not place the words: understand them here.
				r := n.Parse(said)
				c.Intent, c.Candidates = r.Intent, r.TopicCandidates(3)
				c.Slots = r.Slots
				return next.Handle(ctx, &c)
			}
			age, _, _, hasAge := findAge(n.norm.canon(said))
			switch {
			case c.Slots[skill.AgeNumberSlot].Key() == "":
				if hasAge {
					c.Slots[skill.AgeNumberSlot] = skill.Slot{Value: strconv.Itoa(age.Number)}
					c.Slots[skill.AgeUnitSlot] = skill.Slot{Value: age.Unit, ID: age.Unit}
				}
			case !hasAge && c.Intent != skill.BabyAgeIntent:
				// The platform took a length of time or a moment ("he hasn't
				// pooed in 3 days") for the baby's age: the words say otherwise.
				delete(c.Slots, skill.AgeNumberSlot)
				delete(c.Slots, skill.AgeUnitSlot)
			}
			if c.Intent == skill.FallbackIntent && len(c.Candidates) == 0 {
				c.Candidates = n.Parse(said).TopicCandidates(3)
			}
			return next.Handle(ctx, &c)
		})
	}
}
