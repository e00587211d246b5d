package studio

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/feedingfriend/skill/internal/content/contenttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSetProblemsAreNeverStale: the memo of the set's load problems follows
// every change to the files, made by the studio or not, and back.
func TestSetProblemsAreNeverStale(t *testing.T) {
	dir := filepath.Join(copyRepo(t), "content")
	var m problemsMemo
	fsys := os.DirFS(dir)
	require.Empty(t, m.of(fsys))

	name := filepath.Join(dir, "latch.yaml")
	orig, err := os.ReadFile(name)
	require.NoError(t, err)
	require.NoError(t, contenttest.Edit(name, "related: [positions,", "related: [no-such-topic, positions,"))
	probs := m.of(fsys)
	require.NotEmpty(t, probs)
	assert.Contains(t, probs[0].Msg, "no-such-topic")

	require.NoError(t, os.WriteFile(name, orig, 0o644))
	assert.Empty(t, m.of(fsys))
}
