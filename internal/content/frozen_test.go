package content

import (
	"strings"
	"testing"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestThawIsLoad: a store frozen and thawed for any nation is, field for
// field, the store Load makes for that nation: the answers as written and as
// spoken, the prompts, the hashes and the version.
func TestThawIsLoad(t *testing.T) {
	england, err := NationSignposts("england")
	require.NoError(t, err)
	s, err := Load(contentfiles.FS, england)
	require.NoError(t, err)
	frozen := s.Freeze()
	for _, nation := range Nations {
		t.Run(nation, func(t *testing.T) {
			sp, err := NationSignposts(nation)
			require.NoError(t, err)
			want, err := Load(contentfiles.FS, sp)
			require.NoError(t, err)
			got, err := frozen.Thaw(sp)
			require.NoError(t, err)
			require.Equal(t, want, got)
			for _, tp := range got.Approvables() {
				assert.Equal(t, tp.Hash, Hash(tp), "%s: the hash holds for the thawed text", tp.ID)
			}
		})
	}
}

// TestThawRefusesOtherSignposting: hashes bound to one skill name or number
// do not hold for another, so a store frozen with one is not thawed with the
// other.
func TestThawRefusesOtherSignposting(t *testing.T) {
	sp, err := NationSignposts("england")
	require.NoError(t, err)
	s, err := Load(contentfiles.FS, sp)
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		change func(*Signposts)
	}{
		{"skill name", func(s *Signposts) { s.SkillName = "Milk Matters" }},
		{"helpline number", func(s *Signposts) { s.HelplineNumber = "0900 123 4567" }},
		{"examples", func(s *Signposts) { s.Examples = []string{"what is colostrum"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other := sp
			tc.change(&other)
			_, err := s.Freeze().Thaw(other)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "other signposting")
		})
	}
}

// TestFrozenRules: the red-flag rules keep their meaning, and so their hash
// and canonical text, through Freeze and Thaw.
func TestFrozenRules(t *testing.T) {
	r, err := RulesTopic(Rules{ID: RedFlagsID, File: "intents/red-flags.yaml", Data: []byte("a: '<b> & c'\nn: 1.5\nm: [1, 2]\n")}, &Audit{})
	require.NoError(t, err)
	back := Freeze(r).Thaw()
	assert.Equal(t, r, back)
	assert.True(t, back.IsRules())
	assert.Equal(t, r.Hash, Hash(back))
	assert.True(t, strings.Contains(string(Canonical(back)), `"a": "\u003cb\u003e \u0026 c"`), "%s", Canonical(back))
}
