package answers

import (
	"fmt"

	"github.com/feedingfriend/skill/internal/skill"
)

// The social turns: a greeting and thanks.
const (
	youreWelcome = "You're welcome."
	// greetAgain is the short welcome of a greeting in the middle of a session.
	greetAgain = "Hello again. What would you like to know? You can ask things like %s, or say help to hear the topics."
)

// greeting answers "hello". When it opens the session it is the welcome, with
// the disclaimer and the emergency number, as a launch and Dialogflow's welcome
// intent give; later in the session it is a short hello and what to ask. The
// baby's age and the topic last answered are kept.
func (s *Skill) greeting(st state, newSession bool) *skill.Response {
	if newSession || st.Last == "" {
		return s.welcome(st)
	}
	example := "'how do I get a good latch'"
	if len(s.cfg.Examples) > 0 {
		example = "'" + s.cfg.Examples[0] + "'"
	}
	st.Pending = ""
	r := s.respond(st, skill.OutcomeWelcome, fmt.Sprintf(greetAgain, example), hintHelp)
	r.Approved = true
	return r
}

// thanks answers "thank you". In a conversation it offers anything else and
// keeps the session open (a no then ends it); said on its own to open a
// session ("Alexa, tell feeding friend thank you") it is a warm close.
func (s *Skill) thanks(st state, newSession bool) *skill.Response {
	if newSession || st.Last == "" {
		r := s.goodbye()
		r.Speech = skill.Say(s.fill(youreWelcome + " Take care of yourself and your baby. " + helplineLine + " Goodbye."))
		return r
	}
	st.Pending = pendingAnything
	r := s.respond(st, skill.OutcomeAnything, youreWelcome+" "+askAnything, hintHelp)
	r.Approved = true
	return r
}
