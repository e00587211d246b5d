package answers

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNewCard(t *testing.T) {
	tests := []struct {
		name, title, text, want string
	}{
		{"title repeated", "Getting a good latch", "Getting a good latch\n- Hold baby close.", "- Hold baby close."},
		{"title repeated in another case", "Thrush", " thrush \nSee your GP.", "See your GP."},
		{"a heading that is not the title stays", "Wet and dirty nappies", "Nappies from 6 weeks\n- 6 a day", "Nappies from 6 weeks\n- 6 a day"},
		{"a card that is only its title stays", "Caffeine", "Caffeine", "Caffeine"},
		{"a line opening with a placeholder", "Getting help", "the National Breastfeeding Helpline: 0300 100 0212", "The National Breastfeeding Helpline: 0300 100 0212"},
		{"a bullet opening with a placeholder", "Helplines", "- the National Breastfeeding Helpline.\n* la Leche League", "- The National Breastfeeding Helpline.\n* La Leche League"},
		{"numbers and blank lines unchanged", "Call", "999 now\n\n- 111", "999 now\n\n- 111"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCard(tc.title, tc.text)
			assert.Equal(t, tc.title, c.Title)
			assert.Equal(t, tc.want, c.Text)
		})
	}
}
