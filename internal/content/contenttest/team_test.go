package contenttest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTeamKeysAreNewMembers: the written-out keys are the ones NewMember
// derives from the names.
func TestTeamKeysAreNewMembers(t *testing.T) {
	for _, m := range []Member{Bea, Cal, Ann} {
		want := NewMember(m.Name, m.Role, m.Title, m.Registration)
		assert.Equal(t, want, m, m.Name)
	}
}
