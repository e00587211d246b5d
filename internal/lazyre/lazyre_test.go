package lazyre_test

import (
	"testing"

	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNew(t *testing.T) {
	re := lazyre.New(`^a(b+)$`)
	first := re()
	require.NotNil(t, first)
	assert.Same(t, first, re(), "compiled once")
	assert.Equal(t, []string{"abb", "bb"}, re().FindStringSubmatch("abb"))
}

func TestBadExpressionPanicsAtFirstUse(t *testing.T) {
	re := lazyre.New(`(`) // no panic yet
	assert.Panics(t, func() { re() })
}
