package answers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/content/contenttest"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSafetyNetInEveryReplyThatIsNotAnAnswer: fallback (first and repeated)
// and the blocked reply of approved-only serving end with when to call the
// nation's urgent service and 999, and never talk of a screen.
func TestSafetyNetInEveryReplyThatIsNotAnAnswer(t *testing.T) {
	tests := []struct {
		name         string
		approvedOnly bool
		reqs         []*skill.Request
	}{
		{"fallback", false, []*skill.Request{{Type: skill.Intent, Intent: skill.FallbackIntent, NewSession: true}}},
		{"third fallback in a row", false, []*skill.Request{
			{Type: skill.Intent, Intent: skill.FallbackIntent, NewSession: true},
			{Type: skill.Intent, Intent: skill.FallbackIntent},
			{Type: skill.Intent, Intent: skill.FallbackIntent}}},
		{"blocked draft", true, []*skill.Request{{Type: skill.Intent, Intent: "LatchIntent", NewSession: true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newApp(t, tc.approvedOnly)
			var session map[string]any
			var resp *skill.Response
			for _, req := range tc.reqs {
				req.Session = session
				var err error
				resp, err = a.Handler.Handle(context.Background(), req)
				require.NoError(t, err)
				session = resp.Session
			}
			speech := resp.Speech.Text()
			assert.Contains(t, speech, "NHS 111", "the urgent service")
			assert.Contains(t, speech, "999")
			assert.NotContains(t, speech, "screen")
			require.NotNil(t, resp.Card)
			assert.Contains(t, resp.Card.Text, "NHS 111")
		})
	}
}

// TestUrgentAnswerForThePerson: the urgent answer is the one for who the red
// flag is about, from the words (red-flag layer) or from the intent (Alexa).
func TestUrgentAnswerForThePerson(t *testing.T) {
	a := newApp(t, false)
	tests := []struct {
		name    string
		req     *skill.Request
		variant string
	}{
		{"baby's 999", a.NLU.Parse("my baby has gone blue and floppy").Request("my baby has gone blue and floppy", nil, true), "baby-emergency"},
		{"mother's 999", a.NLU.Parse("I'm soaking a pad every hour and passing big clots").Request("I'm soaking a pad every hour and passing big clots", nil, true), "mother-emergency"},
		{"thoughts of suicide are 999", a.NLU.Parse("I keep having thoughts of ending my life").Request("I keep having thoughts of ending my life", nil, true), "mental-health-emergency"},
		{"mental-health urgent", a.NLU.Parse("I keep hearing voices when nobody is there").Request("I keep hearing voices when nobody is there", nil, true), "mental-health-urgent"},
		{"mother on Alexa", &skill.Request{Type: skill.Intent, Intent: skill.UrgentMotherIntent, NewSession: true}, "mother-emergency"},
		{"crisis on Alexa", &skill.Request{Type: skill.Intent, Intent: skill.MentalHealthCrisisIntent, NewSession: true}, "mental-health-emergency"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := a.Handler.Handle(context.Background(), tc.req)
			require.NoError(t, err)
			assert.Equal(t, skill.OutcomeUrgent, resp.Outcome)
			assert.True(t, resp.EndSession)
			assert.Equal(t, tc.variant, resp.Session[skill.SessionUrgentVariant])
		})
	}
}

// TestFallbackOnASymptomSuggestsNoTopics: a symptom that is not understood is
// not a topic to browse: the fallback offers no topics, only the safety net.
func TestFallbackOnASymptomSuggestsNoTopics(t *testing.T) {
	a := newApp(t, false)
	say := "there's a weird tingling and itchy burning in my fingers"
	r := a.NLU.Parse(say)
	require.Equal(t, skill.FallbackIntent, r.Intent, "this line must not be understood for the test to mean anything")
	resp, err := a.Handler.Handle(context.Background(), r.Request(say, nil, true))
	require.NoError(t, err)
	assert.NotContains(t, resp.Speech.Text(), "I can tell you about")
	assert.Contains(t, resp.Speech.Text(), "NHS 111")
	assert.Empty(t, resp.Suggestions)
}

// TestSafetyNetLeadsAReplyWhenTheWordsCameClose: a request whose words came
// close to a red flag (skill.Request.SafetyNet, set by the language
// understanding's guard) gets its reply led by the safety net, whatever the
// words were taken for; the same request without it gets the reply alone; and
// replies that carry the safety net already (fallback, a blocked answer) or
// are urgent help are not given it twice.
func TestSafetyNetLeadsAReplyWhenTheWordsCameClose(t *testing.T) {
	a := newApp(t, false)
	blocking := newApp(t, true)
	net := a.Store.Prompts().Text(content.PromptSafetyNet)
	require.NotEmpty(t, net)
	tests := []struct {
		name string
		app  *app.App
		req  skill.Request
		led  bool
	}{
		{"topic intent", a, skill.Request{Intent: "NappiesIntent"}, true},
		{"topic slot", a, skill.Request{Intent: skill.TopicIntent, Slots: map[string]skill.Slot{skill.TopicSlot: {Value: "jaundice", ID: "jaundice"}}}, true},
		{"help", a, skill.Request{Intent: skill.HelpIntent}, true},
		{"yes", a, skill.Request{Intent: skill.YesIntent}, true},
		{"stop", a, skill.Request{Intent: skill.StopIntent}, true},
		{"fallback", a, skill.Request{Intent: skill.FallbackIntent}, false},
		{"urgent help", a, skill.Request{Intent: skill.UrgentHelpIntent}, false},
		{"blocked draft", blocking, skill.Request{Intent: "LatchIntent"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plain, netted := tc.req, tc.req
			plain.Type, plain.NewSession = skill.Intent, true
			netted.Type, netted.NewSession, netted.SafetyNet = skill.Intent, true, true
			without, err := tc.app.Skill.Handle(context.Background(), &plain)
			require.NoError(t, err)
			with, err := tc.app.Skill.Handle(context.Background(), &netted)
			require.NoError(t, err)
			if !tc.led {
				assert.Equal(t, without.Speech.Text(), with.Speech.Text())
				assert.Equal(t, 1, strings.Count(with.Speech.Text()+" ", net+" ")+boolInt(without.Outcome == skill.OutcomeUrgent),
					"the safety net once (urgent help speaks its own)")
				return
			}
			assert.False(t, strings.HasPrefix(without.Speech.Text(), net), "no safety net unless the words came close")
			assert.Equal(t, net+" "+without.Speech.Text(), with.Speech.Text())
			netSSML := strings.TrimSuffix(skill.Say(net).SSML(), "</speak>")
			assert.True(t, strings.HasPrefix(with.Speech.SSML(), netSSML), "the SSML leads with it too, escaped")
			assert.Equal(t, without.Topic, with.Topic)
			assert.Equal(t, without.EndSession, with.EndSession)
			assert.Equal(t, without.Session, with.Session)
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSafetyNetIsApprovedOnlyWithTheSkillsWords: an approved answer led by the
// safety net counts as approved only while the skill's own words (the
// prompts, which hold the safety net) are approved too.
func TestSafetyNetIsApprovedOnlyWithTheSkillsWords(t *testing.T) {
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	require.NoError(t, contenttest.ApprovedCopy(dir, now, "benefits"))
	a, err := app.New(app.Config{Content: os.DirFS(dir), Now: func() time.Time { return now }})
	require.NoError(t, err)
	req := func(net bool) *skill.Request {
		return &skill.Request{Type: skill.Intent, Intent: "BenefitsIntent", NewSession: true, SafetyNet: net}
	}
	r, err := a.Handler.Handle(context.Background(), req(true))
	require.NoError(t, err)
	assert.True(t, r.Approved, "the answer and the prompts are approved")

	// An edit un-approves the prompts.
	require.NoError(t, contenttest.Edit(filepath.Join(dir, "prompts.yaml"), "I can't call for you.", "I cannot call for you."))
	a, err = app.New(app.Config{Content: os.DirFS(dir), Now: func() time.Time { return now }})
	require.NoError(t, err)
	r, err = a.Handler.Handle(context.Background(), req(false))
	require.NoError(t, err)
	assert.True(t, r.Approved, "the answer alone is approved")
	r, err = a.Handler.Handle(context.Background(), req(true))
	require.NoError(t, err)
	assert.False(t, r.Approved, "led by unapproved words, it is not")
}
