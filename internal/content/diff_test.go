package content

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name string
		a, b string // lines separated by |
		want string
	}{
		{"equal", "a|b|c", "a|b|c", ""},
		{"one line changed", "a|b|c", "a|B|c", "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"added at end", "a|b", "a|b|c", "--- old\n+++ new\n@@ -1,2 +1,3 @@\n a\n b\n+c\n"},
		{"removed at start", "a|b", "b", "--- old\n+++ new\n@@ -1,2 +1 @@\n-a\n b\n"},
		{"from empty", "", "x", "--- old\n+++ new\n@@ -1 +1 @@\n-\n+x\n"},
		{"two hunks", "1|2|3|4|5|6|7|8|9|10|11|12", "1|X|3|4|5|6|7|8|9|10|Y|12",
			"--- old\n+++ new\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n"},
		{"close changes share a hunk", "1|2|3|4|5|6|7", "1|X|3|4|5|Y|7",
			"--- old\n+++ new\n@@ -1,7 +1,7 @@\n 1\n-2\n+X\n 3\n 4\n 5\n-6\n+Y\n 7\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Unified("old", "new", strings.Split(tc.a, "|"), strings.Split(tc.b, "|"), 3)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two!  Three?", []string{"One.", "Two!", "Three?"}},
		{"Call {{urgent}} now.\n  Do not wait", []string{"Call {{urgent}} now.", "Do not wait"}},
		{"Feed at 5.30pm. Then rest.", []string{"Feed at 5.30pm.", "Then rest."}},
		{"", nil},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, Sentences(tc.in))
		})
	}
}

func TestDiffApproved(t *testing.T) {
	r, dir := teamRepo(t)
	tp := raw(t, dir, "latch")
	_, err := DiffApproved(os.DirFS(dir), tp)
	assert.True(t, errors.Is(err, ErrNoSnapshot), "never approved: %v", err)

	approveAs(t, r, "latch", bea, 0)
	d, err := DiffApproved(os.DirFS(dir), raw(t, dir, "latch"))
	require.NoError(t, err)
	assert.Equal(t, "", d, "no change since approval")

	path := filepath.Join(dir, "latch.yaml")
	data := strings.Replace(readFile(t, dir, "latch.yaml"), "bring them onto your breast.", "bring them quickly onto your breast.", 1)
	require.NoError(t, os.WriteFile(path, []byte(data), 0o644))
	d, err = DiffApproved(os.DirFS(dir), raw(t, dir, "latch"))
	require.NoError(t, err)
	assert.Contains(t, d, "--- approved/latch.json (approved 2026-11-25 by Dr Bea Lead)\n+++ latch.yaml (now)\n")
	assert.Contains(t, d, "\n-  When their mouth opens wide, bring them onto your breast.\n+  When their mouth opens wide, bring them quickly onto your breast.\n")
	assert.Equal(t, 1, strings.Count(d, "\n-"), "only the changed sentence:\n%s", d)

	// A snapshot changed after approval is not trusted.
	snap := filepath.Join(dir, ApprovedDir, "latch.json")
	require.NoError(t, os.WriteFile(snap, []byte(strings.Replace(readFile(t, dir, "approved/latch.json"), "close", "near", 1)), 0o644))
	_, err = DiffApproved(os.DirFS(dir), raw(t, dir, "latch"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not match the approval hash")

	require.NoError(t, os.Remove(snap))
	_, err = DiffApproved(os.DirFS(dir), raw(t, dir, "latch"))
	assert.True(t, errors.Is(err, ErrNoSnapshot))
}
