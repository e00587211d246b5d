package attack

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAttacks runs every case of `skill content attack` and holds each to
// "every variant refused cleanly, no data lost". -v prints the table.
func TestAttacks(t *testing.T) {
	if testing.Short() {
		t.Skip("tries every case on copies of the answers")
	}
	rs, err := Run(t.TempDir(), time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	require.NotEmpty(t, rs)
	for _, r := range rs {
		assert.Positive(t, r.Tried, r.Case)
		assert.Equal(t, r.Tried, r.Refused, "%s: %v", r.Case, r.Failures)
		assert.Zero(t, r.Lost, "%s: %v", r.Case, r.Failures)
	}
	tried, refused, lost := Totals(rs)
	assert.Equal(t, tried, refused)
	assert.Zero(t, lost)
	table := Markdown(rs)
	t.Log(table)
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "approval-store-attacks.md"))
	require.NoError(t, err)
	assert.Contains(t, string(doc), table, "docs/approval-store-attacks.md is out of date: go run ./cmd/skill content attack")
}
