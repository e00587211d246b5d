package answers_test

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCardsReadAsWritten sweeps every card the conversation shows: every topic,
// the welcome, help, goodbye, fallback, urgent help and a blocked answer. A
// screen shows the title above the text, so the text must not open with the
// title again; and no line starts with a lower-case letter, as a filled
// placeholder ("the National Breastfeeding Helpline") would.
func TestCardsReadAsWritten(t *testing.T) {
	a := newApp(t, false)
	blocked := newApp(t, true)
	type tc struct {
		name string
		h    skill.Handler
		req  *skill.Request
	}
	var tests []tc
	for intent, topic := range a.Model.TopicIntents() {
		tests = append(tests, tc{"topic " + topic, a.Handler, &skill.Request{Type: skill.Intent, Intent: intent, NewSession: true}})
	}
	for _, say := range []string{
		"how many wet nappies should my 3 day old have", "how many wet nappies should my 8 week old have",
		"how often should I feed my 2 day old", "how often should I feed my 10 week old",
		"my baby is floppy and not breathing", "my 2 week old has a temperature of 38", "I want to end my life",
		"what is the capital of peru",
	} {
		tests = append(tests, tc{say, a.Handler, a.NLU.Parse(say).Request(say, nil, true)})
	}
	tests = append(tests,
		tc{"welcome", a.Handler, &skill.Request{Type: skill.Launch, NewSession: true}},
		tc{"help", a.Handler, &skill.Request{Type: skill.Intent, Intent: skill.HelpIntent, NewSession: true}},
		tc{"goodbye", a.Handler, &skill.Request{Type: skill.Intent, Intent: skill.StopIntent, NewSession: true}},
		tc{"fallback", a.Handler, &skill.Request{Type: skill.Intent, Intent: skill.FallbackIntent, NewSession: true}},
		tc{"blocked draft", blocked.Handler, blocked.NLU.Parse("how do I get a good latch").Request("how do I get a good latch", nil, true)},
	)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := tc.h.Handle(context.Background(), tc.req)
			require.NoError(t, err)
			require.NotNil(t, resp.Card)
			lines := strings.Split(resp.Card.Text, "\n")
			assert.NotEqual(t, strings.ToLower(strings.TrimSpace(resp.Card.Title)), strings.ToLower(strings.TrimSpace(lines[0])),
				"the card's text repeats its title %q", resp.Card.Title)
			for _, l := range lines {
				r, _ := utf8.DecodeRuneInString(strings.TrimLeft(l, "-*• "))
				assert.False(t, unicode.IsLower(r), "line starts with a lower-case letter: %q", l)
			}
		})
	}
}
