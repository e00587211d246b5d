package nlu

import (
	"testing"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
)

// TestCommandsOnlyOnTheirOwn: stop and cancel are commands only when said on
// their own (with courtesy words); inside a question they are words of the
// question. Greetings and thanks likewise.
func TestCommandsOnlyOnTheirOwn(t *testing.T) {
	n := realNLU(t)
	notCommand := []string{
		"how do I stop breastfeeding hurting",
		"how can I stop him biting",
		"stop my nipples cracking",
		"cancel my feed schedule?",
		"how do I stop my breasts leaking",
		"can I stop her falling asleep on the breast",
		"should I cancel my midwife appointment",
		"hi how do I get a good latch",
		"hello my nipples are cracked",
		"thanks, how often should she feed",
		// Each of these is StopIntent, CancelIntent or GreetingIntent by score alone.
		"stop it hurting",
		"make it stop hurting",
		"stop him crying",
		"stop leaking",
		"i'm done with expressing",
		"shut up about latching",
		"cancel the appointment",
		"cancel feeds",
		"never mind the latch",
		"hello is it normal",
		"hi quick question",
	}
	for _, text := range notCommand {
		t.Run(text, func(t *testing.T) {
			r := n.Parse(text)
			for _, c := range standalone {
				assert.NotEqual(t, c, r.Intent)
			}
		})
	}
	commands := []struct{ text, intent string }{
		{"stop", skill.StopIntent},
		{"stop it please", skill.StopIntent},
		{"please stop", skill.StopIntent},
		{"okay stop now thanks", skill.StopIntent},
		{"alexa stop", skill.StopIntent},
		{"alexa cancel feeding friend", skill.CancelIntent},
		{"hello feeding friend", skill.GreetingIntent},
		{"cancel", skill.CancelIntent},
		{"cancel that please", skill.CancelIntent},
		{"hello", skill.GreetingIntent},
		{"hiya", skill.GreetingIntent},
		{"good morning", skill.GreetingIntent},
		{"thank you", skill.ThanksIntent},
		{"cheers", skill.ThanksIntent},
	}
	for _, tc := range commands {
		t.Run(tc.text, func(t *testing.T) {
			assert.Equal(t, tc.intent, n.Parse(tc.text).Intent)
		})
	}
	// "How do I stop breastfeeding" is the stopping topic, not a command.
	assert.Equal(t, "stopping", n.Parse("how do I stop breastfeeding").Topic)
}
