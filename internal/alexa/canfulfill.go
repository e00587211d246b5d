package alexa

import (
	"strconv"
	"strings"

	"github.com/feedingfriend/skill/internal/skill"
)

// canFulfill answers a CanFulfillIntentRequest honestly and without side effects:
// YES for a topic the skill has an answer for, NO for words it has no topic for
// and for commands that only make sense inside its own conversation, MAYBE when
// it cannot tell. The response carries no speech (and so no shouldEndSession).
func (a *Adapter) canFulfill(env *RequestEnvelope) *ResponseEnvelope {
	ans := &CanFulfillIntent{CanFulfill: No}
	out := &ResponseEnvelope{Version: Version, Response: Response{CanFulfillIntent: ans}}
	in := env.Request.Intent
	if in == nil || a.cfg.Catalog == nil {
		return out
	}
	name := skill.NeutralIntentName(in.Name)
	for slot, s := range in.Slots {
		if ans.Slots == nil {
			ans.Slots = map[string]CanFulfillSlot{}
		}
		ans.Slots[slot] = a.canFulfillSlot(slot, s)
	}
	switch {
	case name == skill.TopicIntent:
		ts, ok := ans.Slots[skill.TopicSlot]
		switch {
		case !ok:
			ans.CanFulfill = No
		case ts.CanFulfill == Yes:
			ans.CanFulfill = Yes
		case ts.CanUnderstand == Maybe:
			ans.CanFulfill = Maybe
		default:
			ans.CanFulfill = No
		}
	case a.topics[name] != "", name == skill.UrgentHelpIntent:
		// A topic intent always has an answer, and signposting is never refused.
		ans.CanFulfill = Yes
	case name == skill.BabyAgeIntent, name == skill.HelpIntent:
		// Useful only once the parent is talking to the skill.
		ans.CanFulfill = Maybe
	default:
		// Stop, cancel, yes, no, more, repeat, fallback and intents the skill does not know.
		ans.CanFulfill = No
	}
	return out
}

// canFulfillSlot judges one slot.
func (a *Adapter) canFulfillSlot(name string, s Slot) CanFulfillSlot {
	yes, no, maybe := CanFulfillSlot{Yes, Yes}, CanFulfillSlot{No, No}, CanFulfillSlot{Maybe, No}
	value := strings.TrimSpace(s.Value)
	switch name {
	case skill.TopicSlot:
		switch resolutionCode(s) {
		case ERSuccessMatch:
			if _, ok := a.cfg.Catalog.TopicFor(matchID(s)); ok {
				return yes
			}
			return no
		case ERSuccessNoMatch:
			return no
		}
		if value == "" {
			return no
		}
		if _, ok := a.cfg.Catalog.TopicFor(value); ok {
			return yes
		}
		return maybe
	case skill.AgeNumberSlot:
		if n, err := strconv.Atoi(value); err == nil && n >= 0 {
			return yes
		}
		return no
	case skill.AgeUnitSlot:
		unit := strings.ToLower(matchID(s))
		if unit == "" {
			unit = strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(value), " old"), "s")
		}
		if _, ok := skill.AgeUnitDays(unit); ok {
			return yes
		}
		return no
	}
	return no
}

// resolutionCode is the status of the first authority that reported one.
func resolutionCode(s Slot) string {
	if s.Resolutions == nil {
		return ""
	}
	for _, r := range s.Resolutions.ResolutionsPerAuthority {
		if r.Status.Code == ERSuccessMatch {
			return ERSuccessMatch
		}
	}
	for _, r := range s.Resolutions.ResolutionsPerAuthority {
		if r.Status.Code != "" {
			return r.Status.Code
		}
	}
	return ""
}
