package answers_test

import (
	"context"
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/content/contenttest"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// step is one turn: an utterance through the NLU, or an intent with slots.
type step struct {
	say    string
	intent string
	slots  map[string]skill.Slot
	launch bool

	topic    string // content id answered ("" for none); "*" to skip the check
	outcome  skill.Outcome
	end      bool
	contains string
	ageDays  int // expected ageDays in the session when > 0
}

// newApp wires the skill over the shipped answers, or, approved-only, over a
// copy with one answer (benefits) approved by a test team: approved-only
// serving with nothing approved does not start.
func newApp(t *testing.T, approvedOnly bool) *app.App {
	t.Helper()
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	cfg := app.Config{NLU: true, ApprovedOnly: approvedOnly, Now: func() time.Time { return now }}
	if approvedOnly {
		cfg.Content = benefitsApproved(t, now)
	}
	a, err := app.New(cfg)
	require.NoError(t, err)
	return a
}

// benefitsApproved is a copy of the shipped content with one answer
// (benefits), the prompts and the red-flag rules approved by a test team:
// approved-only serving with nothing approved does not start.
func benefitsApproved(t *testing.T, now time.Time) fs.FS {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, contenttest.ApprovedCopy(dir, now, "benefits"))
	return os.DirFS(dir)
}

func run(t *testing.T, a *app.App, steps []step) {
	t.Helper()
	var session map[string]any
	fresh := true
	for i, s := range steps {
		var req *skill.Request
		switch {
		case s.launch:
			req = &skill.Request{Type: skill.Launch, NewSession: fresh, Session: session}
		case s.intent != "":
			req = &skill.Request{Type: skill.Intent, Intent: s.intent, Slots: s.slots, NewSession: fresh, Session: session}
		default:
			req = a.NLU.Parse(s.say).Request(s.say, session, fresh)
		}
		resp, err := a.Handler.Handle(context.Background(), req)
		require.NoError(t, err, "step %d", i)
		if s.topic != "*" {
			assert.Equal(t, s.topic, resp.Topic, "step %d (%q): topic", i, s.say+s.intent)
		}
		if s.outcome != "" {
			assert.Equal(t, s.outcome, resp.Outcome, "step %d (%q): outcome", i, s.say+s.intent)
		}
		assert.Equal(t, s.end, resp.EndSession, "step %d (%q): end session", i, s.say+s.intent)
		assert.False(t, resp.Speech.Empty(), "step %d: every reply speaks", i)
		if !resp.EndSession {
			assert.False(t, resp.Reprompt.Empty(), "step %d: every open turn has a reprompt", i)
		}
		if s.contains != "" {
			assert.Contains(t, resp.Speech.Text(), s.contains, "step %d", i)
		}
		if s.ageDays > 0 {
			assert.EqualValues(t, s.ageDays, resp.Session["ageDays"], "step %d: age", i)
		}
		session, fresh = resp.Session, false
		if resp.EndSession {
			session, fresh = nil, true
		}
	}
}

func TestConversations(t *testing.T) {
	a := newApp(t, false)
	tests := []struct {
		name  string
		steps []step
	}{
		{"launch welcomes with the disclaimer and 999", []step{
			{launch: true, outcome: skill.OutcomeWelcome, contains: "not medical advice"},
		}},
		{"launch then topic then more until the end", []step{
			{launch: true, outcome: skill.OutcomeWelcome, contains: "999"},
			{say: "how do I get a good latch", topic: "latch", outcome: skill.OutcomeTopic, contains: "hear more"},
			{intent: skill.MoreIntent, topic: "latch", outcome: skill.OutcomeMore},
			{intent: skill.YesIntent, topic: "latch", outcome: skill.OutcomeMore},
			{intent: skill.YesIntent, topic: "latch", outcome: skill.OutcomeMore, contains: "anything else"},
			{intent: skill.MoreIntent, topic: "", outcome: skill.OutcomeAnything, contains: "That's everything"},
			{intent: skill.NoIntent, outcome: skill.OutcomeGoodbye, end: true},
		}},
		{"no after an answer asks for anything else, then a new topic", []step{
			{say: "how long does breast milk last in the fridge", topic: "storing-milk"},
			{intent: skill.NoIntent, outcome: skill.OutcomeAnything, contains: "anything else"},
			{say: "can I drink coffee", topic: "caffeine"},
		}},
		{"repeat says the same part again", []step{
			{say: "tell me about thrush", topic: "thrush"},
			{intent: skill.MoreIntent, topic: "thrush", outcome: skill.OutcomeMore},
			{intent: skill.RepeatIntent, topic: "thrush", outcome: skill.OutcomeRepeat},
		}},
		{"help lists the groups and keeps the session open", []step{
			{intent: skill.HelpIntent, outcome: skill.OutcomeHelp, contains: "problems"},
			{intent: skill.RepeatIntent, outcome: skill.OutcomeHelp},
		}},
		{"stop and cancel end the session with the helpline", []step{
			{say: "how do I burp my baby", topic: "winding"},
			{intent: skill.StopIntent, outcome: skill.OutcomeGoodbye, end: true, contains: "0300 100 0212"},
			{intent: skill.CancelIntent, outcome: skill.OutcomeGoodbye, end: true},
		}},
		{"fallback offers a way on and the helpline, then the menu", []step{
			{say: "what is the capital of peru", outcome: skill.OutcomeFallback, contains: "0300 100 0212"},
			{say: "blah blah wibble", outcome: skill.OutcomeFallback},
			{intent: skill.FallbackIntent, outcome: skill.OutcomeFallback, contains: "I can help with"},
		}},
		{"urgent help wins over topic words and ends the session", []step{
			{say: "tell me about latching", topic: "latch"},
			{say: "my baby is yellow and floppy and won't feed", topic: "urgent-help", outcome: skill.OutcomeUrgent, end: true, contains: "999"},
		}},
		{"urgent help for mum", []step{
			{say: "I have mastitis and I'm shivering and confused", topic: "urgent-help", outcome: skill.OutcomeUrgent, end: true},
		}},
		{"age said with the question picks the variant", []step{
			{say: "how many wet nappies should my 3 day old have", topic: "nappies", ageDays: 3},
		}},
		{"age asked for, then given, then the variant", []step{
			{say: "how many wet nappies should she have", topic: "nappies", contains: "how old"},
			{say: "she's six weeks old", topic: "nappies", ageDays: 42},
		}},
		{"age given first is kept for later questions", []step{
			{say: "my baby is 2 weeks old", outcome: skill.OutcomeAskAge, ageDays: 14},
			{say: "is my baby getting enough milk", topic: "enough-milk", ageDays: 14},
		}},
		{"more with no topic asks what to hear about", []step{
			{intent: skill.MoreIntent, outcome: skill.OutcomeHelp},
		}},
		{"yes after anything else asks what", []step{
			{say: "can I breastfeed twins", topic: "twins"},
			{intent: skill.NoIntent, outcome: skill.OutcomeAnything},
			{intent: skill.YesIntent, outcome: skill.OutcomeAnything},
		}},
		{"topic intent with a slot", []step{
			{intent: skill.TopicIntent, slots: map[string]skill.Slot{"topic": {Value: "mastitis", ID: "mastitis"}}, topic: "mastitis"},
			{intent: skill.TopicIntent, slots: map[string]skill.Slot{"topic": {Value: "unicorns"}}, outcome: skill.OutcomeFallback},
		}},
		{"an unknown intent is a fallback, not an error", []step{
			{intent: "AMAZON.PizzaIntent", outcome: skill.OutcomeFallback},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { run(t, a, tc.steps) })
	}
}

func TestApprovedOnlyBlocksDraftsButNeverUrgentHelp(t *testing.T) {
	a := newApp(t, true)
	run(t, a, []step{
		{say: "how do I get a good latch", topic: "", outcome: skill.OutcomeBlocked, contains: "midwife or health visitor"},
		{say: "my baby has stopped breathing", topic: "urgent-help", outcome: skill.OutcomeUrgent, end: true, contains: "999"},
	})
}

func TestSessionEndedGetsEmptyResponse(t *testing.T) {
	a := newApp(t, false)
	resp, err := a.Handler.Handle(context.Background(), &skill.Request{Type: skill.SessionEnd, Reason: "USER_INITIATED"})
	require.NoError(t, err)
	assert.True(t, resp.Speech.Empty())
	assert.Equal(t, skill.OutcomeEnded, resp.Outcome)
}

func TestStateSurvivesJSONNumbers(t *testing.T) {
	a := newApp(t, false)
	// Session attributes come back from JSON as float64.
	run(t, a, []step{
		{intent: skill.MoreIntent, topic: "*", outcome: skill.OutcomeHelp},
	})
	resp, err := a.Handler.Handle(context.Background(), &skill.Request{Type: skill.Intent, Intent: skill.MoreIntent,
		Session: map[string]any{"topic": "latch", "part": float64(1), "last": "more", "pending": "more"}})
	require.NoError(t, err)
	assert.Equal(t, "latch", resp.Topic)
	assert.EqualValues(t, 2, resp.Session["part"])
}

func BenchmarkLaunch(b *testing.B) {
	a, err := app.New(app.Config{})
	require.NoError(b, err)
	req := &skill.Request{Type: skill.Launch, NewSession: true}
	for i := 0; i < b.N; i++ {
		if _, err := a.Handler.Handle(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTopic(b *testing.B) {
	a, err := app.New(app.Config{})
	require.NoError(b, err)
	req := &skill.Request{Type: skill.Intent, Intent: "LatchIntent", NewSession: true}
	for i := 0; i < b.N; i++ {
		if _, err := a.Handler.Handle(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}
