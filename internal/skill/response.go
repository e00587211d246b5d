package skill

import "github.com/feedingfriend/skill/internal/jsonquote"

// Card is the written version of an answer, for screens and the companion app.
type Card struct {
	Title string
	Text  string
	// quoted is Title and Text as JSON string literals, when NewCard made
	// the card (TitleJSON, TextJSON).
	quoted *quotedCard
}

// quotedCard is a card's title and text as NewCard quoted them, with the
// strings they were quoted from.
type quotedCard struct {
	title, titleJSON, text, textJSON string
}

// NewCard returns the card with title and text, quoted as JSON string
// literals now (jsonquote.Append): cards said on every request are made
// once, and a platform that writes JSON then copies them rather than
// quoting them again per request.
func NewCard(title, text string) *Card {
	return &Card{Title: title, Text: text, quoted: &quotedCard{
		title: title, titleJSON: string(jsonquote.Append(nil, title)),
		text: text, textJSON: string(jsonquote.Append(nil, text)),
	}}
}

// TitleJSON returns the title as a JSON string literal, and true, when
// NewCard quoted it and Title is still the string it quoted.
func (c *Card) TitleJSON() (string, bool) {
	if c.quoted == nil || c.Title != c.quoted.title {
		return "", false
	}
	return c.quoted.titleJSON, true
}

// TextJSON is TitleJSON for the text.
func (c *Card) TextJSON() (string, bool) {
	if c.quoted == nil || c.Text != c.quoted.text {
		return "", false
	}
	return c.quoted.textJSON, true
}

// Outcome classifies a response for logs and metrics (never personal data).
type Outcome string

// The outcomes the conversation reports.
const (
	OutcomeWelcome   Outcome = "welcome"
	OutcomeTopic     Outcome = "topic"
	OutcomeMore      Outcome = "more"
	OutcomeRepeat    Outcome = "repeat"
	OutcomeHelp      Outcome = "help"
	OutcomeAskAge    Outcome = "ask-age"
	OutcomeAnything  Outcome = "anything-else"
	OutcomeGoodbye   Outcome = "goodbye"
	OutcomeFallback  Outcome = "fallback"
	OutcomeUrgent    Outcome = "urgent"
	OutcomeBlocked   Outcome = "unapproved-blocked"
	OutcomeEnded     Outcome = "session-ended"
	OutcomeError     Outcome = "error"
	OutcomeForbidden Outcome = "forbidden"
)

// Response is what the skill says back, before a platform renders it.
type Response struct {
	Speech     Speech
	Reprompt   Speech
	Card       *Card
	EndSession bool
	// Session is returned by the platform on the next request of this session.
	// It is read-only: the conversation may return one map for every response
	// that leaves the session in the same state, so a platform copies it
	// before changing anything in it.
	Session map[string]any
	// Topic is the content id of the answer given ("" when none).
	Topic string
	// Approved is true when the answer given comes from approved, in-date content.
	Approved bool
	// Suggestions are short follow-up questions a screen may offer as chips.
	Suggestions []string
	Outcome     Outcome
	// Transfer is the E.164 number a telephone call is transferred to once
	// the speech has been said. The conversation sets it only on a phone
	// call (Request.PhoneCall), for urgent help at the NHS 111 level, and
	// never to an emergency number; platforms with no call ignore it.
	Transfer string
}

// Session keys that describe the turn just answered rather than the
// conversation's memory: which answer was given, whether it was approved, and
// for urgent help the level and the answer variant. The conversation writes
// them into every response's session so that a harness or a platform
// simulator can read back from the real payload what was said; platforms
// that end a session keep only these.
const (
	SessionAnswered      = "answered"
	SessionApproved      = "approved"
	SessionUrgentLevel   = "urgentLevel"
	SessionUrgentVariant = "urgentVariant"
)

// SessionAgeDays is the session key of the baby's age in days, the one piece
// of the conversation's memory a channel may seed: the web chat brings back an
// age the parent chose to keep on their device.
const SessionAgeDays = "ageDays"

// TurnKeys lists the session keys that describe the turn just answered.
var TurnKeys = []string{SessionAnswered, SessionApproved, SessionUrgentLevel, SessionUrgentVariant}
