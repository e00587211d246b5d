package answers

import (
	"math"
	"strconv"

	"github.com/feedingfriend/skill/internal/skill"
)

// Session attribute keys, defined in the domain (skill.SessionTopic...) as
// the wire contract with the platforms (Alexa sessionAttributes, Dialogflow
// context parameters).
const (
	keyTopic     = skill.SessionTopic
	keyPart      = skill.SessionPart
	keyAgeDays   = skill.SessionAgeDays
	keyLast      = skill.SessionLast
	keyPending   = skill.SessionPending
	keyFallbacks = skill.SessionFallbacks
)

// What the skill is waiting for after its last turn.
const (
	pendingMore     = "more"     // "Would you like to hear more?"
	pendingAge      = "age"      // "How old is your baby?" (more also accepted)
	pendingAnything = "anything" // "Is there anything else?"
)

// state is the conversation's memory between turns.
type state struct {
	Topic     string // topic last answered
	Part      int    // part of that topic last spoken: 0 the answer, n the n-th further part
	AgeDays   int    // baby's age in days, -1 when unknown
	Last      string // what was said last, for repeat: an outcome name
	Pending   string
	Fallbacks int // fallbacks in a row
}

func decodeState(m map[string]any) state {
	s := state{AgeDays: -1}
	if m == nil {
		return s
	}
	s.Topic, _ = m[keyTopic].(string)
	s.Part = toInt(m[keyPart], 0)
	s.AgeDays = toInt(m[keyAgeDays], -1)
	s.Last, _ = m[keyLast].(string)
	s.Pending, _ = m[keyPending].(string)
	s.Fallbacks = toInt(m[keyFallbacks], 0)
	if s.Part < 0 || s.Part > 100 {
		s.Part = 0
	}
	if s.AgeDays < -1 || s.AgeDays > 5*365 {
		s.AgeDays = -1
	}
	return s
}

// encode is the session attributes that carry s to the next turn, with room
// for the turn's own keys (skill.TurnKeys). box turns a string into an any
// (Skill.box, which does so without allocating for the strings it knows).
func (s state) encode(box func(string) any) map[string]any {
	m := make(map[string]any, 8)
	if s.Topic != "" {
		m[keyTopic] = box(s.Topic)
		m[keyPart] = s.Part
	}
	if s.AgeDays >= 0 {
		m[keyAgeDays] = s.AgeDays
	}
	if s.Last != "" {
		m[keyLast] = box(s.Last)
	}
	if s.Pending != "" {
		m[keyPending] = box(s.Pending)
	}
	if s.Fallbacks > 0 {
		m[keyFallbacks] = s.Fallbacks
	}
	return m
}

// sharable reports whether s is a state the conversation shares one session
// map for (respondShared): before the baby's age is known and with no
// fallback counted, a topic's part and the welcome leave the session the same.
func (s state) sharable() bool { return s.AgeDays < 0 && s.Fallbacks == 0 }

// boxedWord returns the strings a session holds on nearly every turn (what
// was said last, an outcome, and what the skill waits for) as an any that
// costs no allocation: a constant in an any is static data.
func boxedWord(v string) (any, bool) {
	switch v {
	case pendingAge:
		return pendingAge, true
	case pendingAnything:
		return pendingAnything, true
	}
	return skill.SessionWord(v) // the outcomes, and pendingMore, which is one
}

// toInt reads a number that may have crossed JSON (float64), protobuf Struct
// (float64) or a string.
func toInt(v any, def int) int {
	switch x := v.(type) {
	case int:
		return x
	case int64:
		return int(x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) || x > 1e6 || x < -1e6 {
			return def
		}
		return int(x)
	case string:
		if n, err := strconv.Atoi(x); err == nil {
			return n
		}
	}
	return def
}
