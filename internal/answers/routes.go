package answers

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/skill"
)

func (s *Skill) welcome(st state) *skill.Response {
	st.Pending, st.Topic, st.Part = "", "", 0
	own := s.own()
	approved := s.ownApproved()
	slot := &own.welcomeSessions[0]
	if approved {
		slot = &own.welcomeSessions[1]
	}
	r := s.respondShared(st, skill.OutcomeWelcome, own.welcome, own.hintHelp, "", approved, slot)
	r.Card = own.welcomeCard
	return r
}

// allowed reports whether t may be spoken under the approved-only setting.
func (s *Skill) allowed(t *content.Topic) bool {
	return !s.cfg.ApprovedOnly || t.ServableAsApproved(s.cfg.Now())
}

// variantParts returns the spoken parts and card of t's variant v, or of t's
// own answer when v is nil: a variant without parts of its own has the
// topic's further parts, one without a card the topic's card.
func variantParts(t *content.Topic, v *content.Variant) ([]string, string) {
	if v == nil {
		return append([]string{t.Answer}, t.More...), t.Card
	}
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
		r := s.respond(st, skill.OutcomeBlocked, s.say(content.PromptBlocked)+" "+s.say(content.PromptSafetyNet)+" "+s.say(content.PromptAskAnything), s.say(content.PromptHintHelp))
		r.Card = newCard(t.Title, s.say(content.PromptBlockedCard)+"\n"+s.say(content.PromptSafetyCard))
		return r
	}
	ts := s.said(t)
	vs := &ts.variants[variantIndex(t, st.AgeDays)]
	ps := vs.parts // part n as said, with what follows it
	if n >= len(ps) {
		n = len(ps) - 1
	}
	st.Topic, st.Part = id, n
	var speech, reprompt skill.Speech
	switch {
	case n == 0 && st.AgeDays < 0 && t.HasAgeVariants():
		st.Pending = pendingAge
		speech, reprompt = vs.askAge, s.own().askAgeAgain
	case n+1 < len(ps):
		st.Pending = pendingMore
		speech, reprompt = ps[n], ts.moreReprompt
	default:
		st.Pending = pendingAnything
		speech, reprompt = ps[n], s.own().hintHelp
	}
	approved := t.ServableAsApproved(s.cfg.Now())
	var r *skill.Response
	if slot := ts.sessionSlot(n, out, approved); slot != nil {
		r = s.respondShared(st, out, speech, reprompt, id, approved, slot)
	} else {
		r = s.respondSpeech(st, out, speech, reprompt)
		r.Topic, r.Approved = id, approved
	}
	r.Card = vs.card
	r.Suggestions = ts.suggestions
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
	return s.say(content.PromptRelated, "topics", strings.Join(titles, ", or ")) + " "
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
		return s.respond(st, skill.OutcomeHelp, s.say(content.PromptMoreNothing), s.say(content.PromptHintHelp))
	}
	t, ok := s.store.Topic(st.Topic)
	if !ok {
		return s.fallback(state{AgeDays: st.AgeDays}, nil)
	}
	ts := s.said(t)
	if st.Part+1 >= len(ts.variants[variantIndex(t, st.AgeDays)].parts) {
		st.Pending = pendingAnything
		r := s.respondSpeech(st, skill.OutcomeAnything, ts.ended, s.own().hintHelp)
		r.Topic, r.Approved = "", s.ownApproved()
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
	return s.respond(st, skill.OutcomeAnything, s.say(content.PromptAskWhat), s.say(content.PromptHintHelp))
}

func (s *Skill) no(st state) *skill.Response {
	if st.Pending == pendingAnything {
		return s.goodbye()
	}
	st.Pending = pendingAnything
	r := s.respond(st, skill.OutcomeAnything, s.say(content.PromptNoMore), s.say(content.PromptHintHelp))
	r.Approved = s.ownApproved()
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
	return s.respond(st, skill.OutcomeAnything, s.say(content.PromptAskWhat), s.say(content.PromptHintHelp))
}

func (s *Skill) help(st state) *skill.Response {
	var labels []string
	var card strings.Builder
	for _, g := range content.Groups {
		ts := s.groups[g.ID]
		if len(ts) == 0 {
			continue
		}
		labels = append(labels, s.say(content.PromptGroup(g.ID)))
		titles := make([]string, len(ts))
		for i, t := range ts {
			titles[i] = t.Title
		}
		fmt.Fprintf(&card, "%s: %s\n", labels[len(labels)-1], strings.Join(titles, "; "))
	}
	if len(labels) > 1 {
		labels[len(labels)-1] = "and " + labels[len(labels)-1]
	}
	st.Pending = ""
	r := s.respond(st, skill.OutcomeHelp, s.say(content.PromptHelp, "groups", strings.Join(labels, "; ")), s.say(content.PromptHintHelp))
	card.WriteString(s.say(content.PromptSafetyCard))
	r.Card = newCard(s.say(content.PromptHelpCardTitle), card.String())
	r.Approved = s.ownApproved()
	return r
}

func (s *Skill) goodbye() *skill.Response {
	r := &skill.Response{
		Speech:     skill.Say(s.say(content.PromptGoodbye)),
		Card:       newCard(s.signs.SkillName, s.say(content.PromptHelplineCard)),
		EndSession: true,
		Outcome:    skill.OutcomeGoodbye,
		Approved:   s.ownApproved(),
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
		r.Speech = skill.Say(s.say(content.PromptFallbackAgain) + " " + s.say(content.PromptSafetyNet))
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
	speech := s.say(content.PromptFallback) + " "
	if len(titles) > 0 {
		speech += s.say(content.PromptFallbackOffer, "topics", strings.Join(titles, ", or ")) + " "
	}
	speech += s.say(content.PromptFallbackSupport) + " " + s.say(content.PromptSafetyNet) + " " + s.say(content.PromptAskWhat)
	st.Pending = ""
	r := s.respond(st, skill.OutcomeFallback, speech, s.say(content.PromptHintHelp))
	r.Card = newCard(s.say(content.PromptFallbackCardTitle), s.say(content.PromptSafetyCard))
	r.Approved = s.ownApproved()
	for _, id := range candidates {
		if t, ok := s.store.Topic(id); ok {
			r.Suggestions = append(r.Suggestions, t.Title)
		}
	}
	return r
}

// urgentFallback is the prompt spoken, per level, when the urgent-help answer
// may not be served (approved-only with no approved version): signposting
// must never be blocked.
var urgentFallback = map[string]string{
	content.EmergencyKey: content.PromptUrgentEmergency,
	content.UrgentKey:    content.PromptUrgentUrgent,
	"":                   content.PromptUrgentUnknown,
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
	sess := st.encode(s.box)
	sess[KeyUrgentLevel] = level
	r := &skill.Response{EndSession: true, Outcome: skill.OutcomeUrgent, Topic: content.UrgentHelpID, Session: sess}
	t, ok := s.store.Topic(content.UrgentHelpID)
	if !ok || !s.allowed(t) {
		r.Speech = skill.Say(s.say(urgentFallback[level]))
		r.Card = newCard(s.say(content.PromptUrgentCardTitle), s.say(content.PromptUrgentCard))
		r.Approved = s.ownApproved()
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

// phoneCall adapts urgent help on a telephone call, the one place that decides
// a transfer: an emergency is told to hang up and dial 999 and is never
// transferred; urgent help at the NHS 111 level is transferred to the
// configured number after the speech, when there is one. Urgent help of no
// known level is neither (it may be an emergency): the answer names both
// numbers.
func (s *Skill) phoneCall(r *skill.Response, level string) {
	switch {
	case level == content.EmergencyKey:
		// No bot may transfer a call to 999: the caller must hang up and dial it.
		speech := skill.Say(s.say(content.PromptPhoneEmergency))
		r.Speech = *speech.Append(r.Speech)
	case level == content.UrgentKey && s.cfg.PhoneTransfer != "":
		// The whole answer: the answer's "I cannot make the call for you" would be untrue.
		r.Speech = skill.Say(s.say(content.PromptPhoneTransfer))
		r.Transfer = s.cfg.PhoneTransfer
	}
}

func (s *Skill) age(st state) *skill.Response {
	if st.AgeDays < 0 {
		st.Pending = pendingAge
		return s.respond(st, skill.OutcomeAskAge, s.say(content.PromptAskAgeAgain), s.say(content.PromptAskAgeAgain))
	}
	if st.Topic != "" {
		if t, ok := s.store.Topic(st.Topic); ok && t.HasAgeVariants() {
			return s.topic(st, st.Topic, 0)
		}
	}
	st.Pending = ""
	r := s.respond(st, skill.OutcomeAskAge, s.say(content.PromptAgeNoted, "age", s.describeAge(st.AgeDays)), s.say(content.PromptHintHelp))
	r.Approved = s.ownApproved()
	return r
}

// describeAge says the baby's age as the prompts word it.
func (s *Skill) describeAge(days int) string {
	switch {
	case days >= 60 && days%30 == 0:
		return s.say(content.PromptAgeMonths, "n", strconv.Itoa(days/30))
	case days >= 14 && days%7 == 0:
		return s.say(content.PromptAgeWeeks, "n", strconv.Itoa(days/7))
	case days == 7:
		return s.say(content.PromptAgeWeek)
	case days == 1:
		return s.say(content.PromptAgeDay)
	}
	return s.say(content.PromptAgeDays, "n", strconv.Itoa(days))
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
