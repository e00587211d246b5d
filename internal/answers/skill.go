package answers

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/skill"
)

// Config sets up the conversation. Its words are the store's: answers, and
// for everything else the prompts (content.Prompts), with the skill's name,
// disclaimer and examples filled in from the signposting (skill.yaml).
type Config struct {
	// ApprovedOnly serves only approved, in-date answers; others get a safe reply.
	ApprovedOnly bool
	// TopicIntents maps topic intent names to content ids (from the model).
	TopicIntents map[string]string
	// Now is the clock for review dates (time.Now when nil).
	Now func() time.Time
	// PhoneTransfer is the E.164 number a phone call with urgent help at the
	// NHS 111 level is transferred to ("" for none), checked by
	// config.CheckPhoneTransfer.
	PhoneTransfer string
}

// Skill is the conversation. It implements skill.Handler.
type Skill struct {
	store  *content.Store
	cfg    Config
	signs  content.Signposts
	p      *content.Prompts
	groups map[string][]*content.Topic
	// own and saidTopics are what the skill says, rendered once (said.go).
	own        func() *ownSaid
	saidTopics saidTopics
	// boxedIDs are the topic ids, each already in an any (see box).
	boxedIDs map[string]any
}

var _ skill.Handler = (*Skill)(nil)

// New checks that every topic intent leads to an answer and returns the conversation.
func New(store *content.Store, cfg Config) (*Skill, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if store.Prompts() == nil {
		return nil, fmt.Errorf("answers: the store has no prompts (%s)", content.PromptsFile)
	}
	for intent, id := range cfg.TopicIntents {
		if _, ok := store.Topic(id); !ok {
			return nil, fmt.Errorf("answers: intent %s routes to topic %q, which has no answer", intent, id)
		}
	}
	s := &Skill{store: store, cfg: cfg, signs: store.Signposts(), p: store.Prompts(), groups: map[string][]*content.Topic{},
		saidTopics: newSaidTopics(store.IDs()), boxedIDs: map[string]any{}}
	s.own = sync.OnceValue(s.sayOwn)
	for _, id := range store.IDs() {
		s.boxedIDs[id] = id
		t, _ := store.Topic(id)
		if t.Status != content.Retired {
			s.groups[t.Group] = append(s.groups[t.Group], t)
		}
	}
	return s, nil
}

// Session keys that describe the turn just answered, so that a test harness or a
// platform simulator can read back which answer was given from the real payload.
const (
	KeyAnswered = skill.SessionAnswered
	KeyApproved = skill.SessionApproved
)

// Handle answers one request. It returns an error only for requests it cannot
// make sense of at all; every conversational turn gets a spoken reply.
func (s *Skill) Handle(ctx context.Context, req *skill.Request) (*skill.Response, error) {
	r, err := s.handle(ctx, req)
	if err != nil || r == nil || req.Type == skill.SessionEnd {
		return r, err
	}
	s.netted(r, req)
	s.turnKeys(r)
	return r, nil
}

// turnKeys puts the answer given and whether it is approved into r's
// session. A map shared between responses (respondShared) already holds them
// and is never changed: one that holds other values is copied first.
func (s *Skill) turnKeys(r *skill.Response) {
	switch answered, made := r.Session[KeyAnswered]; {
	case r.Session == nil:
		r.Session = map[string]any{KeyAnswered: s.box(r.Topic), KeyApproved: r.Approved}
	case !made:
		// A map made for this response: complete it.
		r.Session[KeyAnswered] = s.box(r.Topic)
		r.Session[KeyApproved] = r.Approved
	case answered != any(r.Topic) || r.Session[KeyApproved] != any(r.Approved):
		m := maps.Clone(r.Session)
		m[KeyAnswered], m[KeyApproved] = s.box(r.Topic), r.Approved
		r.Session = m
	}
}

// box returns v in an any. A topic id, an outcome or what the skill waits
// for come already boxed, so a turn's session costs no allocation per value.
func (s *Skill) box(v string) any {
	if b, ok := s.boxedIDs[v]; ok {
		return b
	}
	if b, ok := boxedWord(v); ok {
		return b
	}
	return v
}

func (s *Skill) handle(ctx context.Context, req *skill.Request) (*skill.Response, error) {
	if req == nil {
		return nil, skill.Errorf(skill.Invalid, "no request")
	}
	st := decodeState(req.Session)
	if req.NewSession && req.Type != skill.SessionEnd {
		st = state{AgeDays: st.AgeDays}
	}
	if n, ok := ageFrom(req); ok {
		st.AgeDays = n
	}
	switch req.Type {
	case skill.Launch:
		return s.welcome(st), nil
	case skill.SessionEnd:
		return &skill.Response{EndSession: true, Outcome: skill.OutcomeEnded}, nil
	case skill.Intent:
	default:
		return nil, skill.Errorf(skill.Invalid, "unknown request type %d", req.Type)
	}
	if req.Intent != skill.FallbackIntent && req.Intent != skill.RepeatIntent {
		st.Fallbacks = 0
	}
	if id, ok := s.cfg.TopicIntents[req.Intent]; ok {
		if id == content.UrgentHelpID {
			return s.urgent(st, req.Slot(skill.LevelSlot), req.Slot(skill.WhoSlot), req.PhoneCall), nil
		}
		return s.topic(st, id, 0), nil
	}
	switch req.Intent {
	case skill.UrgentHelpIntent:
		return s.urgent(st, req.Slot(skill.LevelSlot), req.Slot(skill.WhoSlot), req.PhoneCall), nil
	case skill.UrgentMotherIntent:
		return s.urgent(st, content.EmergencyKey, "mother", req.PhoneCall), nil
	case skill.MentalHealthCrisisIntent:
		return s.urgent(st, content.EmergencyKey, "mental-health", req.PhoneCall), nil
	case skill.TopicIntent:
		id := req.Slot(skill.TopicSlot)
		if id == content.UrgentHelpID {
			return s.urgent(st, req.Slot(skill.LevelSlot), req.Slot(skill.WhoSlot), req.PhoneCall), nil
		}
		if t, ok := s.store.Topic(id); ok && t.Status != content.Retired {
			return s.topic(st, id, 0), nil
		}
		return s.fallback(st, req.Candidates), nil
	case skill.BabyAgeIntent:
		return s.age(st), nil
	case skill.MoreIntent:
		return s.more(st), nil
	case skill.YesIntent:
		return s.yes(st), nil
	case skill.NoIntent:
		return s.no(st), nil
	case skill.RepeatIntent:
		return s.repeat(st), nil
	case skill.HelpIntent, skill.NavigateHomeIntent:
		return s.help(st), nil
	case skill.StartOverIntent:
		return s.welcome(state{AgeDays: st.AgeDays}), nil
	case skill.StopIntent, skill.CancelIntent:
		return s.goodbye(), nil
	case skill.GreetingIntent:
		return s.greeting(st, req.NewSession), nil
	case skill.ThanksIntent:
		return s.thanks(st, req.NewSession), nil
	}
	return s.fallback(st, req.Candidates), nil
}

// netted puts the safety net before the reply when the words came close to a
// red flag without being one (skill.Request.SafetyNet): a parent telling of an
// emergency in words no rule knows hears when to call 111 and 999 first,
// whatever the words were taken for (a topic, help, yes, stop...). Urgent help
// and the replies that carry the safety net already (the fallback, a blocked
// answer) are left as they are. The reply counts as approved only when the
// skill's own words are too.
func (s *Skill) netted(r *skill.Response, req *skill.Request) {
	if !req.SafetyNet {
		return
	}
	switch r.Outcome {
	case skill.OutcomeUrgent, skill.OutcomeFallback, skill.OutcomeBlocked, skill.OutcomeEnded, skill.OutcomeError, skill.OutcomeForbidden:
		return
	}
	var sp skill.Speech
	sp.Say(s.say(content.PromptSafetyNet))
	sp.Append(r.Speech)
	r.Speech = sp
	r.Approved = r.Approved && s.ownApproved()
}

// ageFrom reads the baby's age from the age slots, in days.
func ageFrom(req *skill.Request) (int, bool) {
	num := req.Slot(skill.AgeNumberSlot)
	unit := strings.ToLower(req.Slot(skill.AgeUnitSlot))
	if num == "" || unit == "" {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(num))
	if err != nil || n < 0 || n > 60 {
		return 0, false
	}
	days, ok := skill.AgeUnitDays(unit)
	if !ok {
		return 0, false
	}
	return n * days, true
}

// say returns the prompt key (content.Prompts, signposting filled at load)
// with the conversation's placeholders filled from vars.
func (s *Skill) say(key string, vars ...string) string { return s.p.Text(key, vars...) }

// ownApproved reports whether the skill's own words are approved, unchanged
// and in date: what a reply that is not an answer carries as Approved.
func (s *Skill) ownApproved() bool { return s.store.PromptsTopic().ServableAsApproved(s.cfg.Now()) }

func (s *Skill) respond(st state, out skill.Outcome, speech, reprompt string) *skill.Response {
	return s.respondSpeech(st, out, skill.Say(speech), skill.Say(reprompt))
}

// respondSpeech is respond with speech already made (said.go).
func (s *Skill) respondSpeech(st state, out skill.Outcome, speech, reprompt skill.Speech) *skill.Response {
	st.Last = string(out)
	r := &skill.Response{Speech: speech, Reprompt: reprompt, Outcome: out}
	r.Session = st.encode(s.box)
	return r
}

// respondShared is respondSpeech for a turn whose session the conversation
// reaches again and again (a topic's parts and the welcome, before the age
// is known): the answer given and whether it is approved are set here, and
// the session map, turn keys included, is made once in slot and shared by
// every response that leaves the session in this state (a map per request
// was a sixth of a request's time). Handle copies rather than changes it.
func (s *Skill) respondShared(st state, out skill.Outcome, speech, reprompt skill.Speech, answered string, approved bool, slot *sharedSession) *skill.Response {
	st.Last = string(out)
	r := &skill.Response{Speech: speech, Reprompt: reprompt, Outcome: out, Topic: answered, Approved: approved}
	if !st.sharable() {
		r.Session = st.encode(s.box)
		return r
	}
	if m := slot.Load(); m != nil {
		r.Session = *m
		return r
	}
	m := st.encode(s.box)
	m[KeyAnswered], m[KeyApproved] = s.box(answered), approved
	slot.Store(&m)
	r.Session = m
	return r
}

// sharedSession holds a session map made once and shared (respondShared).
type sharedSession = atomic.Pointer[map[string]any]

// ApprovedOnly reports whether only approved, in-date answers are served.
func (s *Skill) ApprovedOnly() bool { return s.cfg.ApprovedOnly }
