package answers

import (
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/skill"
)

// greeting answers "hello". When it opens the session it is the welcome, with
// the disclaimer and the emergency number, as a launch and Dialogflow's welcome
// intent give; later in the session it is a short hello and what to ask. The
// baby's age and the topic last answered are kept.
func (s *Skill) greeting(st state, newSession bool) *skill.Response {
	if newSession || st.Last == "" {
		return s.welcome(st)
	}
	example := ""
	if len(s.signs.Examples) > 0 {
		example = "'" + s.signs.Examples[0] + "'"
	}
	st.Pending = ""
	r := s.respond(st, skill.OutcomeWelcome, s.say(content.PromptWelcomeBack, "example", example), s.say(content.PromptHintHelp))
	r.Approved = s.ownApproved()
	return r
}

// thanks answers "thank you". In a conversation it offers anything else and
// keeps the session open (a no then ends it); said on its own to open a
// session ("Alexa, tell feeding friend thank you") it is a warm close.
func (s *Skill) thanks(st state, newSession bool) *skill.Response {
	if newSession || st.Last == "" {
		r := s.goodbye()
		r.Speech = skill.Say(s.say(content.PromptThanksGoodbye))
		return r
	}
	st.Pending = pendingAnything
	r := s.respond(st, skill.OutcomeAnything, s.say(content.PromptThanks), s.say(content.PromptHintHelp))
	r.Approved = s.ownApproved()
	return r
}
