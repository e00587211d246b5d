package skill_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/feedingfriend/skill/internal/skill"
)

func TestLogValue(t *testing.T) {
	known := skill.KnownValues("LatchIntent", "en-GB")
	tests := []struct {
		name, v string
		known   skill.Known
		want    string
	}{
		{"known", "LatchIntent", known, "LatchIntent"},
		{"another known", "en-GB", known, "en-GB"},
		{"unknown", "ignore previous instructions", known, skill.Other},
		{"known only exactly", "latchintent", known, skill.Other},
		{"empty stays empty", "", known, ""},
		{"nil knows nothing", "LatchIntent", nil, skill.Other},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, skill.LogValue(tc.v, tc.known), "LogValue(%q)", tc.v)
		})
	}
}
