package skill

// Session keys of the conversation's memory: the topic last answered and the
// part of it spoken, what was said last (an Outcome), what the skill waits
// for, and the fallbacks in a row. The conversation gives them their meaning;
// they are named here, beside the turn keys and SessionAgeDays, because they
// are the wire contract every platform carries (Alexa's sessionAttributes,
// Dialogflow's parameters, the web chat's signed state).
const (
	SessionTopic     = "topic"
	SessionPart      = "part"
	SessionLast      = "last"
	SessionPending   = "pending"
	SessionFallbacks = "fallbacks"
)

// SessionKey returns the session key b spells, as the constant, so that an
// adapter reading session attributes need not copy the keys it knows.
func SessionKey(b []byte) (string, bool) {
	switch string(b) {
	case SessionTopic:
		return SessionTopic, true
	case SessionPart:
		return SessionPart, true
	case SessionLast:
		return SessionLast, true
	case SessionPending:
		return SessionPending, true
	case SessionFallbacks:
		return SessionFallbacks, true
	case SessionAgeDays:
		return SessionAgeDays, true
	case SessionAnswered:
		return SessionAnswered, true
	case SessionApproved:
		return SessionApproved, true
	case SessionUrgentLevel:
		return SessionUrgentLevel, true
	case SessionUrgentVariant:
		return SessionUrgentVariant, true
	}
	return "", false
}

// SessionWord returns the outcome w spells (what a session's SessionLast
// holds) as a string in an any that costs no allocation, so that neither the
// conversation writing a session nor an adapter reading one boxes the values
// it sees on every turn.
func SessionWord[W ~string | ~[]byte](w W) (any, bool) {
	switch Outcome(w) {
	case OutcomeWelcome:
		return string(OutcomeWelcome), true
	case OutcomeTopic:
		return string(OutcomeTopic), true
	case OutcomeMore:
		return string(OutcomeMore), true
	case OutcomeRepeat:
		return string(OutcomeRepeat), true
	case OutcomeHelp:
		return string(OutcomeHelp), true
	case OutcomeAskAge:
		return string(OutcomeAskAge), true
	case OutcomeAnything:
		return string(OutcomeAnything), true
	case OutcomeGoodbye:
		return string(OutcomeGoodbye), true
	case OutcomeFallback:
		return string(OutcomeFallback), true
	case OutcomeUrgent:
		return string(OutcomeUrgent), true
	}
	return nil, false
}
