package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmbeddedConfigIsValid(t *testing.T) {
	s, err := Embedded()
	require.NoError(t, err)
	assert.Equal(t, "en-GB", s.Locales[0], "en-GB first")
	sp, err := s.SignpostsFor("")
	require.NoError(t, err)
	assert.Equal(t, "0300 100 0212", sp.HelplineNumber)
}

func TestValidate(t *testing.T) {
	good := func() Skill {
		return Skill{Name: "Milk Matters", Invocation: "milk matters", Locales: []string{"en-GB"}, Nation: "scotland",
			Disclaimer: "Not medical advice.", PrivacyPolicyURL: "https://example.org/p"}
	}
	tests := []struct {
		name   string
		change func(*Skill)
		want   string
	}{
		{"good", func(*Skill) {}, ""},
		{"one-word invocation", func(s *Skill) { s.Invocation = "milk" }, "at least 2 words"},
		{"launch word", func(s *Skill) { s.Invocation = "open milk matters" }, `must not contain "open"`},
		{"capitals", func(s *Skill) { s.Invocation = "Milk Matters" }, "lower-case"},
		{"french locale", func(s *Skill) { s.Locales = []string{"fr-FR"} }, `locale "fr-FR"`},
		{"nation", func(s *Skill) { s.Nation = "cornwall" }, "unknown nation"},
		{"privacy http", func(s *Skill) { s.PrivacyPolicyURL = "http://x" }, "https address"},
		{"no disclaimer", func(s *Skill) { s.Disclaimer = " " }, "disclaimer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := good()
			tc.change(&s)
			err := s.Validate()
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestOverridesAndRoundTrip(t *testing.T) {
	s := Skill{Name: "Milk Matters", Invocation: "milk matters", Locales: []string{"en-GB"}, Nation: "wales",
		Disclaimer: "Not medical advice.", PrivacyPolicyURL: "https://example.org/p",
		Signposts: Overrides{HelplineNumber: "0300 000 0000"}}
	sp, err := s.SignpostsFor("")
	require.NoError(t, err)
	assert.Equal(t, "NHS 111 Wales", sp.Urgent)
	assert.Equal(t, "0300 000 0000", sp.HelplineNumber)
	b, err := s.Marshal()
	require.NoError(t, err)
	back, err := Parse(b)
	require.NoError(t, err)
	assert.Equal(t, s, *back)
	_, err = Parse([]byte(strings.Replace(string(b), "nation:", "nashun:", 1)))
	assert.Error(t, err, "unknown keys are errors")
}
