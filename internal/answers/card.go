package answers

import (
	"strings"

	"github.com/feedingfriend/skill/internal/skill"
)

// newCard is the card of a reply; every card of the conversation is made here,
// so its rules hold for every answer, whatever its file says.
//
// A screen shows the title above the text, so a first line that repeats the
// title is dropped. Each line starts with a capital letter (after a "- "
// bullet), so a filled placeholder that opens a line, such as the helpline's
// name "the National Breastfeeding Helpline", reads as the start of a sentence.
func newCard(title, text string) *skill.Card {
	lines := strings.Split(text, "\n")
	if len(lines) > 1 && strings.EqualFold(strings.TrimSpace(lines[0]), strings.TrimSpace(title)) {
		lines = lines[1:]
	}
	for i, l := range lines {
		body := strings.TrimLeft(l, "-*• ")
		lines[i] = l[:len(l)-len(body)] + upperFirst(body)
	}
	return skill.NewCard(title, strings.Join(lines, "\n"))
}
