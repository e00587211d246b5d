package answers

import (
	"slices"
	"sync/atomic"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/skill"
)

// What the conversation says on every turn is rendered once, not per request:
// the speech (cleaned, escaped as SSML, telephone numbers marked) and the card
// of every part of every answer, and the skill's own words that frame them. A
// request copies what was rendered. Topics are rendered on first use, so a
// cold start pays only for the answer it gives; a rendered topic is published
// with an atomic store and read with an atomic load, with no lock on the way.
// Speech is rendered from exactly the strings the conversation would say, so
// the result is the same text, escaped by the same code (TestSaidOnce).

// topicSaid is one topic rendered.
type topicSaid struct {
	// variants are the answer for each age: 0 is the topic's own answer,
	// i+1 its variant i (unused for a variant that has no age).
	variants []variantSaid
	// moreReprompt asks again whether to hear more of the topic.
	moreReprompt skill.Speech
	// ended is said when more is asked past the last part: the end of the
	// topic, related topics and "anything else?".
	ended skill.Speech
	// suggestions are the related topics' titles.
	suggestions []string
	// sessions are the session maps of the topic's own answer (the age
	// unknown): part n said as outcome o (topic, more, repeat) and approved
	// a (0 or 1) at 6n+2o+a (respondShared).
	sessions []sharedSession
}

// sessionSlot is where ts keeps the session map of part n said as out,
// approved or not; nil for an outcome that has none.
func (ts *topicSaid) sessionSlot(n int, out skill.Outcome, approved bool) *sharedSession {
	o := 0
	switch out {
	case skill.OutcomeTopic:
	case skill.OutcomeMore:
		o = 1
	case skill.OutcomeRepeat:
		o = 2
	default:
		return nil
	}
	a := 0
	if approved {
		a = 1
	}
	if i := 6*n + 2*o + a; i < len(ts.sessions) {
		return &ts.sessions[i]
	}
	return nil
}

// variantSaid is one answer of a topic, rendered.
type variantSaid struct {
	// askAge is the first part with "how old is your baby?" (the topic's own
	// answer of a topic with age variants only).
	askAge skill.Speech
	// parts are each part with the offer of more, the last one with the
	// related topics and "anything else?".
	parts []skill.Speech
	card  *skill.Card
}

// ownSaid is the skill's own words that frame the answers, rendered.
type ownSaid struct {
	welcome, hintHelp, askAgeAgain skill.Speech
	welcomeCard                    *skill.Card
	// welcomeSessions are the welcome's session maps, by approved (0 or 1).
	welcomeSessions [2]sharedSession
}

// sayOwn renders the skill's own words.
func (s *Skill) sayOwn() *ownSaid {
	return &ownSaid{
		welcome:     skill.Say(s.say(content.PromptWelcome)).Rendered(),
		hintHelp:    skill.Say(s.say(content.PromptHintHelp)).Rendered(),
		askAgeAgain: skill.Say(s.say(content.PromptAskAgeAgain)).Rendered(),
		welcomeCard: newCard(s.signs.SkillName, s.say(content.PromptWelcomeCard)),
	}
}

// said returns t rendered, rendering it on first use.
func (s *Skill) said(t *content.Topic) *topicSaid {
	slot := s.saidTopics[t.ID]
	if slot == nil {
		return s.sayTopic(t) // not a topic of the store New saw
	}
	if ts := slot.Load(); ts != nil {
		return ts
	}
	// Two first requests at once may both render it: alike, either will do.
	ts := s.sayTopic(t)
	slot.Store(ts)
	return ts
}

// saidTopics holds each topic's rendering once made, by topic id.
type saidTopics map[string]*atomic.Pointer[topicSaid]

func newSaidTopics(ids []string) saidTopics {
	m := make(saidTopics, len(ids))
	for _, id := range ids {
		m[id] = new(atomic.Pointer[topicSaid])
	}
	return m
}

// sayTopic renders every part of t, as topicAs and more would say them.
func (s *Skill) sayTopic(t *content.Topic) *topicSaid {
	related := s.relatedLine(t)
	ts := &topicSaid{
		variants:     make([]variantSaid, 1+len(t.Variants)),
		moreReprompt: skill.Say(s.say(content.PromptMoreReprompt, "topic", lowerFirst(t.Title))).Rendered(),
		ended:        skill.Say(s.say(content.PromptEndOfTopic, "topic", lowerFirst(t.Title)) + " " + related + s.say(content.PromptAskAnything)).Rendered(),
		suggestions:  slices.Clip(s.suggestions(t)),
	}
	ts.sessions = make([]sharedSession, 6*(1+len(t.More)))
	for i := range ts.variants {
		var v *content.Variant
		if i > 0 {
			if v = &t.Variants[i-1]; v.Age == "" {
				continue
			}
		}
		ps, card := variantParts(t, v)
		vs := &ts.variants[i]
		if i == 0 && t.HasAgeVariants() {
			vs.askAge = skill.Say(ps[0] + " " + s.say(content.PromptAskAge)).Rendered()
		}
		vs.card = newCard(t.Title, card)
		for n, p := range ps {
			if n+1 < len(ps) {
				vs.parts = append(vs.parts, skill.Say(p+" "+s.say(content.PromptOfferMore)).Rendered())
			} else {
				vs.parts = append(vs.parts, skill.Say(p+" "+related+s.say(content.PromptAskAnything)).Rendered())
			}
		}
	}
	return ts
}

// variantIndex is the index in topicSaid.variants of t's answer for a baby of
// ageDays: the variant t.ForAge chooses, found by its age, else 0.
func variantIndex(t *content.Topic, ageDays int) int {
	v, ok := t.ForAge(ageDays)
	if !ok {
		return 0
	}
	for i := range t.Variants {
		if t.Variants[i].Age == v.Age {
			return i + 1
		}
	}
	return 0
}
