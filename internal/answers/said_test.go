package answers

import (
	"reflect"
	"sync"
	"testing"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shippedSkill is the conversation over the shipped answers, for each nation.
func shippedSkill(t *testing.T, nation string) *Skill {
	t.Helper()
	sk, err := config.Embedded()
	require.NoError(t, err)
	sp, err := sk.SignpostsFor(nation)
	require.NoError(t, err)
	store, err := content.Load(contentfiles.FS, sp)
	require.NoError(t, err)
	s, err := New(store, Config{})
	require.NoError(t, err)
	return s
}

// referenceParts is how the parts of an answer were chosen before they were
// rendered once: the variant for the baby's age, else the topic's own.
func referenceParts(t *content.Topic, ageDays int) ([]string, string) {
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

// assertSpeech checks that got says exactly what Say(want) says.
func assertSpeech(t *testing.T, want string, got skill.Speech, what string) {
	t.Helper()
	w := skill.Say(want)
	assert.Equal(t, w.SSML(), got.SSML(), what)
	assert.Equal(t, w.Text(), got.Text(), what)
}

// TestSaidOnce holds what is rendered once (said.go) to what the
// conversation said when it rendered every reply afresh: every part of every
// answer, for every age, in every nation, as spoken, reprompted and shown, and
// the end of each topic; twice, so that the second reply comes from what the
// first rendered.
func TestSaidOnce(t *testing.T) {
	for _, nation := range []string{"england", "scotland", "wales", "northern-ireland"} {
		t.Run(nation, func(t *testing.T) {
			s := shippedSkill(t, nation)
			for _, id := range s.store.IDs() {
				tp, _ := s.store.Topic(id)
				if tp.Status == content.Retired {
					continue
				}
				ages := []int{-1}
				for _, v := range tp.Variants {
					if v.Age != "" {
						ages = append(ages, v.Range.Min)
					}
				}
				for _, age := range ages {
					ps, card := referenceParts(tp, age)
					for n := 0; n <= len(ps); n++ { // one past the end: the last part again
						last := min(n, len(ps)-1)
						var speech, reprompt string
						switch {
						case last == 0 && age < 0 && tp.HasAgeVariants():
							speech, reprompt = ps[0]+" "+s.say(content.PromptAskAge), s.say(content.PromptAskAgeAgain)
						case last+1 < len(ps):
							speech, reprompt = ps[last]+" "+s.say(content.PromptOfferMore), s.say(content.PromptMoreReprompt, "topic", lowerFirst(tp.Title))
						default:
							speech, reprompt = ps[last]+" "+s.relatedLine(tp)+s.say(content.PromptAskAnything), s.say(content.PromptHintHelp)
						}
						for range 2 {
							r := s.topicAs(state{AgeDays: age}, id, n, skill.OutcomeTopic)
							what := id + " part " + string(rune('0'+n))
							assertSpeech(t, speech, r.Speech, what)
							assertSpeech(t, reprompt, r.Reprompt, what+" reprompt")
							assert.Equal(t, newCard(tp.Title, card), r.Card, what)
							assert.Equal(t, s.suggestions(tp), r.Suggestions, what)
						}
					}
					r := s.more(state{Topic: id, Part: len(ps) - 1, AgeDays: age})
					assertSpeech(t, s.say(content.PromptEndOfTopic, "topic", lowerFirst(tp.Title))+" "+s.relatedLine(tp)+s.say(content.PromptAskAnything), r.Speech, id+" ended")
				}
			}
			r := s.welcome(state{AgeDays: -1})
			assertSpeech(t, s.say(content.PromptWelcome), r.Speech, "welcome")
			assertSpeech(t, s.say(content.PromptHintHelp), r.Reprompt, "welcome reprompt")
			assert.Equal(t, newCard(s.signs.SkillName, s.say(content.PromptWelcomeCard)), r.Card)
		})
	}
}

// TestSharedSessions holds the sharing of session maps (respondShared): a
// topic's part and the welcome, before the age is known, give one map with
// the turn's keys for every request; a response whose turn differs gets a
// copy, and the shared map never changes.
func TestSharedSessions(t *testing.T) {
	s := shippedSkill(t, "england")
	first := s.topicAs(state{AgeDays: -1}, "latch", 0, skill.OutcomeTopic)
	again := s.topicAs(state{AgeDays: -1}, "latch", 0, skill.OutcomeTopic)
	require.Equal(t, map[string]any{"topic": "latch", "part": 0, "last": "topic", "pending": "more", KeyAnswered: "latch", KeyApproved: false}, first.Session)
	assert.Equal(t, reflect.ValueOf(first.Session).UnsafePointer(), reflect.ValueOf(again.Session).UnsafePointer(), "one map for the same state")
	aged := s.topicAs(state{AgeDays: 10}, "latch", 0, skill.OutcomeTopic)
	assert.NotEqual(t, reflect.ValueOf(first.Session).UnsafePointer(), reflect.ValueOf(aged.Session).UnsafePointer(), "a known age is not shared")
	assert.Equal(t, 10, aged.Session[keyAgeDays])

	tests := []struct {
		name     string
		topic    string
		approved bool
	}{
		{"the same turn keeps the shared map", "latch", false},
		{"another answer gets a copy", "thrush", false},
		{"another approval gets a copy", "latch", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := *again
			r.Topic, r.Approved = tc.topic, tc.approved
			s.turnKeys(&r)
			assert.Equal(t, tc.topic, r.Session[KeyAnswered])
			assert.Equal(t, tc.approved, r.Session[KeyApproved])
			assert.Equal(t, "latch", first.Session[KeyAnswered], "the shared map is unchanged")
			assert.Equal(t, false, first.Session[KeyApproved], "the shared map is unchanged")
			same := reflect.ValueOf(r.Session).UnsafePointer() == reflect.ValueOf(first.Session).UnsafePointer()
			assert.Equal(t, tc.topic == "latch" && !tc.approved, same)
		})
	}
	w1, w2 := s.welcome(state{AgeDays: -1}), s.welcome(state{AgeDays: -1})
	assert.Equal(t, reflect.ValueOf(w1.Session).UnsafePointer(), reflect.ValueOf(w2.Session).UnsafePointer())
	assert.Equal(t, map[string]any{"last": "welcome", KeyAnswered: "", KeyApproved: false}, w1.Session)
}

// TestBoxedWords holds box to its promise: the words a session holds on
// every turn go into an any as themselves, without an allocation.
func TestBoxedWords(t *testing.T) {
	s := shippedSkill(t, "england")
	words := []string{pendingMore, pendingAge, pendingAnything, "latch"}
	for _, o := range []skill.Outcome{skill.OutcomeWelcome, skill.OutcomeTopic, skill.OutcomeMore, skill.OutcomeRepeat,
		skill.OutcomeHelp, skill.OutcomeAskAge, skill.OutcomeAnything, skill.OutcomeGoodbye, skill.OutcomeFallback, skill.OutcomeUrgent} {
		words = append(words, string(o))
	}
	for _, w := range words {
		t.Run(w, func(t *testing.T) {
			assert.Equal(t, any(w), s.box(w))
			assert.Zero(t, testing.AllocsPerRun(10, func() { _ = s.box(w) }))
		})
	}
}

// TestSaidConcurrently has many requests render and share at once what is
// rendered once (run it with -race): topics rendered on first use and shared
// session maps are published through atomic pointers, with no lock.
func TestSaidConcurrently(t *testing.T) {
	s := shippedSkill(t, "england")
	ids := s.store.IDs()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, id := range ids {
				tp, _ := s.store.Topic(id)
				if tp.Status == content.Retired || id == content.UrgentHelpID {
					continue
				}
				r := s.topicAs(state{AgeDays: -1}, id, (g+i)%3, skill.OutcomeTopic)
				s.turnKeys(r)
				_ = r.Speech.SSML() + r.Reprompt.Text()
				for k, v := range r.Session {
					_, _ = k, v
				}
			}
			_ = s.welcome(state{AgeDays: -1})
		}()
	}
	wg.Wait()
}
