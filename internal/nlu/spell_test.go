package nlu

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSpeller(t *testing.T) {
	sp := newSpeller(map[string]int{"mastitis": 5, "engorgement": 3, "nipples": 9, "latch": 4, "expressing": 2})
	tests := []struct{ in, want string }{
		{"mastitus", "mastitis"},      // a letter changed
		{"engorgment", "engorgement"}, // a letter dropped
		{"nippels", "nipples"},        // two letters swapped
		{"expresssing", "expressing"}, // a letter doubled
		{"latch", "latch"},            // known
		{"lacth", "latch"},            // two letters swapped, five letters long
		{"zzzzzzz", "zzzzzzz"},        // nothing near
		{"nipplesandmore", "nipplesandmore"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, sp.fix(tc.in), tc.in)
	}
}
