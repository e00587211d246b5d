package answers

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/skill"
)

const (
	offerMore     = "Would you like to hear more?"
	askAnything   = "Is there anything else you'd like to know?"
	askWhat       = "What would you like to know?"
	hintHelp      = "What would you like to know? You can say help to hear the topics."
	askAge        = "If you tell me how old your baby is, I can give you the figures for that age. Or say more to hear more."
	askAgeRepeat  = "How old is your baby? For example, you can say 5 days, or 6 weeks."
	helplineLine  = "If you'd like to talk to someone, you can call {{helpline_name}} on {{helpline_number}}."
	helplineCard  = "{{helpline_name}}: {{helpline_number}}\nIn an emergency, call {{emergency_number}}."
	blockedSpeech = "I'm sorry, I can't give you that answer at the moment. Your midwife or health visitor can help, or you can call {{helpline_name}} on {{helpline_number}}."
	// safetyNet ends every reply that is not an answer: when to call for help.
	safetyNet = "If you're worried about your baby or yourself, call {{urgent}}, or {{emergency_number}} in an emergency."
	// safetyCard is the card of a reply that is not an answer: the helpline and the safety net.
	safetyCard = "{{helpline_name}}: {{helpline_number}}\nWorried about your baby or yourself: {{urgent}}\nIn an emergency, call {{emergency_number}}."
)

func (s *Skill) welcome(st state) *skill.Response {
	ex := make([]string, len(s.cfg.Examples))
	for i, e := range s.cfg.Examples {
		ex[i] = "'" + e + "'"
	}
	speech := fmt.Sprintf("Welcome to %s. %s In an emergency, call {{emergency_number}}. You can ask things like %s. %s",
		s.cfg.SkillName, s.cfg.Disclaimer, strings.Join(ex, ", or "), askWhat)
	st.Pending, st.Topic, st.Part = "", "", 0
	r := s.respond(st, skill.OutcomeWelcome, speech, hintHelp)
	r.Card = newCard(s.cfg.SkillName, s.fill(s.cfg.Disclaimer+"\n"+helplineCard))
	r.Approved = true
	return r
}

// allowed reports whether t may be spoken under the approved-only setting.
func (s *Skill) allowed(t *content.Topic) bool {
	return !s.cfg.ApprovedOnly || t.ServableAsApproved(s.cfg.Now())
}

// parts returns the spoken parts and card of t for the baby's age.
func parts(t *content.Topic, ageDays int) ([]string, string) {
	if v, ok := t.ForAge(ageDays); ok {
		more := v.More
		if len(more) == 0 {
			more = t.More
		}
		card := v.Card
		if card == "" {
			card = t.Card
		}
		return append([]string{v.Answer}, more...), card
	}
	return append([]string{t.Answer}, t.More...), t.Card
}

// topic speaks part n of the answer id (0 is the first answer).
func (s *Skill) topic(st state, id string, n int) *skill.Response {
	return s.topicAs(st, id, n, skill.OutcomeTopic)
}

func (s *Skill) topicAs(st state, id string, n int, out skill.Outcome) *skill.Response {
	t, ok := s.store.Topic(id)
	if !ok || t.Status == content.Retired {
		return s.fallback(st, nil)
	}
	if !s.allowed(t) {
		st.Topic, st.Part, st.Pending = "", 0, pendingAnything
		r := s.respond(st, skill.OutcomeBlocked, blockedSpeech+" "+safetyNet+" "+askAnything, hintHelp)
		r.Card = newCard(t.Title, s.fill("Talk to your midwife or health visitor.\n"+safetyCard))
		return r
	}
	ps, card := parts(t, st.AgeDays)
	if n >= len(ps) {
		n = len(ps) - 1
	}
	st.Topic, st.Part = id, n
	var speech, reprompt string
	switch {
	case n == 0 && st.AgeDays < 0 && t.HasAgeVariants():
		st.Pending = pendingAge
		speech, reprompt = ps[0]+" "+askAge, askAgeRepeat
	case n+1 < len(ps):
		st.Pending = pendingMore
		speech, reprompt = ps[n]+" "+offerMore, fmt.Sprintf("Would you like to hear more about %s? You can say yes or no.", lowerFirst(t.Title))
	default:
		st.Pending = pendingAnything
		speech, reprompt = ps[n]+" "+s.relatedLine(t)+askAnything, hintHelp
	}
	r := s.respond(st, out, speech, reprompt)
	r.Topic = id
	r.Approved = t.ServableAsApproved(s.cfg.Now())
	r.Card = newCard(t.Title, card)
	r.Suggestions = s.suggestions(t)
	return r
}

// relatedLine offers up to two related topics once an answer has run out.
func (s *Skill) relatedLine(t *content.Topic) string {
	var titles []string
	for _, id := range t.Related {
		if r, ok := s.store.Topic(id); ok && id != content.UrgentHelpID && r.Status != content.Retired {
			titles = append(titles, lowerFirst(r.Title))
		}
		if len(titles) == 2 {
			break
		}
	}
	if len(titles) == 0 {
		return ""
	}
	return "You could also ask about " + strings.Join(titles, ", or ") + ". "
}

func (s *Skill) suggestions(t *content.Topic) []string {
	var out []string
	for _, id := range t.Related {
		if r, ok := s.store.Topic(id); ok && r.Status != content.Retired {
			out = append(out, r.Title)
		}
	}
	return out
}

func (s *Skill) more(st state) *skill.Response {
	if st.Topic == "" {
		st.Pending = ""
		return s.respond(st, skill.OutcomeHelp, "What would you like to hear about? You can say help to hear the topics.", hintHelp)
	}
	t, ok := s.store.Topic(st.Topic)
	if !ok {
		return s.fallback(state{AgeDays: st.AgeDays}, nil)
	}
	ps, _ := parts(t, st.AgeDays)
	if st.Part+1 >= len(ps) {
		st.Pending = pendingAnything
		r := s.respond(st, skill.OutcomeAnything, fmt.Sprintf("That's everything I have on %s. %s%s", lowerFirst(t.Title), s.relatedLine(t), askAnything), hintHelp)
		r.Topic, r.Approved = "", true
		return r
	}
	return s.topicAs(st, st.Topic, st.Part+1, skill.OutcomeMore)
}

func (s *Skill) yes(st state) *skill.Response {
	switch st.Pending {
	case pendingMore, pendingAge:
		return s.more(st)
	}
	st.Pending = ""
	return s.respond(st, skill.OutcomeAnything, askWhat, hintHelp)
}

func (s *Skill) no(st state) *skill.Response {
	if st.Pending == pendingAnything {
		return s.goodbye()
	}
	st.Pending = pendingAnything
	r := s.respond(st, skill.OutcomeAnything, "OK. "+askAnything, hintHelp)
	r.Approved = true
	return r
}

func (s *Skill) repeat(st state) *skill.Response {
	switch skill.Outcome(st.Last) {
	case skill.OutcomeTopic, skill.OutcomeMore, skill.OutcomeRepeat:
		if st.Topic != "" {
			return s.topicAs(st, st.Topic, st.Part, skill.OutcomeRepeat)
		}
	case skill.OutcomeWelcome:
		return s.welcome(st)
	case skill.OutcomeHelp:
		return s.help(st)
	case skill.OutcomeAskAge:
		return s.age(st)
	case skill.OutcomeFallback:
		st.Fallbacks--
		return s.fallback(st, nil)
	}
	return s.respond(st, skill.OutcomeAnything, askWhat, hintHelp)
}

func (s *Skill) help(st state) *skill.Response {
	var labels []string
	var card strings.Builder
	for _, g := range content.Groups {
		ts := s.groups[g.ID]
		if len(ts) == 0 {
			continue
		}
		labels = append(labels, g.Label)
		titles := make([]string, len(ts))
		for i, t := range ts {
			titles[i] = t.Title
		}
		fmt.Fprintf(&card, "%s: %s\n", g.Label, strings.Join(titles, "; "))
	}
	if len(labels) > 1 {
		labels[len(labels)-1] = "and " + labels[len(labels)-1]
	}
	speech := "I can help with " + strings.Join(labels, "; ") + ". For example, you can say sore nipples, or how do I store breast milk. " + askWhat
	st.Pending = ""
	r := s.respond(st, skill.OutcomeHelp, speech, hintHelp)
	card.WriteString(s.fill(safetyCard))
	r.Card = newCard("What you can ask", card.String())
	r.Approved = true
	return r
}

func (s *Skill) goodbye() *skill.Response {
	r := &skill.Response{
		Speech:     skill.Say(s.fill("Take care. " + helplineLine + " Goodbye.")),
		Card:       newCard(s.cfg.SkillName, s.fill(helplineCard)),
		EndSession: true,
		Outcome:    skill.OutcomeGoodbye,
		Approved:   true,
	}
	return r
}

// fallback never leaves the parent stuck: it offers the closest topics and the
// helpline, and after two misses in a row it reads the help menu.
func (s *Skill) fallback(st state, candidates []string) *skill.Response {
	st.Fallbacks++
	if st.Fallbacks >= 3 {
		st.Fallbacks = 0
		r := s.help(st)
		r.Speech = skill.Say(s.fill("Sorry, I'm still not sure what you need. " + safetyNet))
		r.Speech.Append(s.help(st).Speech)
		r.Outcome = skill.OutcomeFallback
		return r
	}
	var titles []string
	for _, id := range candidates {
		if t, ok := s.store.Topic(id); ok && id != content.UrgentHelpID && t.Status != content.Retired {
			titles = append(titles, lowerFirst(t.Title))
		}
		if len(titles) == 2 {
			break
		}
	}
	speech := "Sorry, I don't know about that. "
	if len(titles) > 0 {
		speech += "I can tell you about " + strings.Join(titles, ", or ") + ". "
	}
	speech += "For breastfeeding support, call {{helpline_name}} on {{helpline_number}}. " + safetyNet + " " + askWhat
	st.Pending = ""
	r := s.respond(st, skill.OutcomeFallback, speech, hintHelp)
	r.Card = newCard("Getting help", s.fill(safetyCard))
	r.Approved = true
	for _, id := range candidates {
		if t, ok := s.store.Topic(id); ok {
			r.Suggestions = append(r.Suggestions, t.Title)
		}
	}
	return r
}

// urgentFallback is spoken when the urgent-help answer may not be served
// (approved-only with no approved version): signposting must never be blocked.
// It names no screen: many speakers have none.
var urgentFallback = map[string]string{
	content.EmergencyKey: "This could be an emergency. Call {{emergency_number}} now. I can't call for you.",
	content.UrgentKey:    "This needs urgent advice. Call {{urgent}} now. If things get worse, call {{emergency_number}}.",
	"":                   "If you think your baby or you are seriously unwell, call {{emergency_number}} now. For other urgent worries, call {{urgent}}.",
}

// Session keys of an urgent reply: the level and the answer variant given, so
// a harness can read back from the real payload which urgent answer was spoken.
const (
	KeyUrgentLevel   = skill.SessionUrgentLevel
	KeyUrgentVariant = skill.SessionUrgentVariant
)

// urgentVariant returns the urgent-help variant for who and level: the
// situation's own (baby-emergency, mother-urgent, mental-health-emergency...),
// else the level's, else none.
func urgentVariant(t *content.Topic, who, level string) (content.Variant, string, bool) {
	for _, key := range []string{who + "-" + level, level} {
		if strings.HasPrefix(key, "-") {
			continue
		}
		if v, ok := t.ForKey(key); ok {
			return v, key, true
		}
	}
	return content.Variant{}, "", false
}

// urgent signposts at once and ends the session so the parent can call. On a
// phone call it says what to do with the call (see phoneCall).
func (s *Skill) urgent(st state, level, who string, phone bool) *skill.Response {
	st.Pending, st.Topic, st.Part = "", content.UrgentHelpID, 0
	st.Last = string(skill.OutcomeUrgent)
	if _, ok := urgentFallback[level]; !ok {
		level = ""
	}
	sess := st.encode()
	sess[KeyUrgentLevel] = level
	r := &skill.Response{EndSession: true, Outcome: skill.OutcomeUrgent, Topic: content.UrgentHelpID, Session: sess}
	t, ok := s.store.Topic(content.UrgentHelpID)
	if !ok || !s.allowed(t) {
		r.Speech = skill.Say(s.fill(urgentFallback[level]))
		r.Card = newCard("Get help now", s.fill("Emergency: {{emergency_number}}\nUrgent advice: {{urgent}} ({{urgent_number}})\nSamaritans: 116 123\n"+helplineCard))
	} else {
		speech, card := t.Answer, t.Card
		if v, key, ok := urgentVariant(t, who, level); ok {
			speech = v.Answer
			if v.Card != "" {
				card = v.Card
			}
			sess[KeyUrgentVariant] = key
		}
		r.Speech = skill.Say(speech)
		r.Card = newCard(t.Title, card)
		r.Approved = t.ServableAsApproved(s.cfg.Now())
	}
	if phone {
		s.phoneCall(r, level)
	}
	return r
}

// What urgent help says on a telephone call, where the parent is already on a
// phone. phoneEmergency comes first in every emergency answer: no bot may
// transfer a call to 999, so the caller must hang up and dial it. phoneTransfer
// is the whole answer when the call is handed to the nation's urgent service
// (Config.PhoneTransfer): the answer's "I cannot make the call for you" would
// be untrue.
const (
	phoneEmergency = "Hang up and dial {{emergency_number}} now."
	phoneTransfer  = "This needs urgent advice now. I'm putting you through to {{urgent}}, so please stay on the line. If things get worse, hang up and dial {{emergency_number}}."
)

// phoneCall adapts urgent help on a telephone call, the one place that decides
// a transfer: an emergency is told to hang up and dial 999 and is never
// transferred; urgent help at the NHS 111 level is transferred to the
// configured number after the speech, when there is one. Urgent help of no
// known level is neither (it may be an emergency): the answer names both
// numbers.
func (s *Skill) phoneCall(r *skill.Response, level string) {
	switch {
	case level == content.EmergencyKey:
		speech := skill.Say(s.fill(phoneEmergency))
		r.Speech = *speech.Append(r.Speech)
	case level == content.UrgentKey && s.cfg.PhoneTransfer != "":
		r.Speech = skill.Say(s.fill(phoneTransfer))
		r.Transfer = s.cfg.PhoneTransfer
	}
}

func (s *Skill) age(st state) *skill.Response {
	if st.AgeDays < 0 {
		st.Pending = pendingAge
		return s.respond(st, skill.OutcomeAskAge, askAgeRepeat, askAgeRepeat)
	}
	if st.Topic != "" {
		if t, ok := s.store.Topic(st.Topic); ok && t.HasAgeVariants() {
			return s.topic(st, st.Topic, 0)
		}
	}
	st.Pending = ""
	r := s.respond(st, skill.OutcomeAskAge, fmt.Sprintf("Thank you. I'll use your baby's age, %s, where it changes the answer. %s", describeAge(st.AgeDays), askWhat), hintHelp)
	r.Approved = true
	return r
}

func describeAge(days int) string {
	switch {
	case days >= 60 && days%30 == 0:
		return fmt.Sprintf("%d months", days/30)
	case days >= 14 && days%7 == 0:
		return fmt.Sprintf("%d weeks", days/7)
	case days == 7:
		return "1 week"
	case days == 1:
		return "1 day"
	}
	return fmt.Sprintf("%d days", days)
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	// Keep acronyms and proper nouns such as "NHS" or "Vitamin D".
	if len(s) > 1 {
		r2, _ := utf8.DecodeRuneInString(s[n:])
		if unicode.IsUpper(r2) {
			return s
		}
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
