package studio

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStudioStartVerifiesApprovals: the studio shows answers as approved only
// when their approvals verify. A snapshot edited after approval, or an
// approval record edited by hand, stops it at start with file and line.
func TestStudioStartVerifiesApprovals(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, cdir string)
		want   string
	}{
		{"an edited snapshot", func(t *testing.T, cdir string) {
			path := filepath.Join(cdir, "approved", "latch.json")
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(b), "close", "near", 1)), 0o644))
		}, "approved/latch.json"},
		{"an approval record edited", func(t *testing.T, cdir string) {
			path := filepath.Join(cdir, "latch.yaml")
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(b), "by: Dr Earlier", "by: Dr Later", 1)), 0o644))
		}, "latch.yaml:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, _, s := newTestStudioWith(t, nil)
			approveEarlier(t, dir, "latch")
			_, err := New(s.cfg)
			require.NoError(t, err, "untouched, the studio starts")
			tc.tamper(t, filepath.Join(dir, "content"))
			_, err = New(s.cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
