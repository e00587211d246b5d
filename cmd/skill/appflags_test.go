package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestContentAndModelDirsSayWhatToDo: a --content or --model directory that is
// missing, not a directory or empty is named, with what to do about it.
func TestContentAndModelDirsSayWhatToDo(t *testing.T) {
	empty := t.TempDir()
	file := filepath.Join(t.TempDir(), "latch.yaml")
	require.NoError(t, os.WriteFile(file, []byte("id: latch\n"), 0o644))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing content", []string{"ask", "--content", "/nonexistent", "latch"},
			"content directory /nonexistent does not exist; pass --content DIR with answer files (*.yaml), or leave it out to use the built-in content"},
		{"empty content", []string{"ask", "--content", empty, "latch"},
			"content directory " + empty + " has no answer files (*.yaml); pass --content DIR with answer files (*.yaml), or leave it out to use the built-in content"},
		{"content is a file", []string{"chat", "--content", file},
			"content directory " + file + " is not a directory; pass --content DIR"},
		{"missing model", []string{"invoke", "--model", "/nonexistent", "../../internal/alexa/testdata/launch.json"},
			"model directory /nonexistent does not exist; pass --model DIR with model.yaml, or leave it out to use the built-in model"},
		{"empty model", []string{"ask", "--model", empty, "latch"},
			"model directory " + empty + " has no model.yaml; pass --model DIR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := skillRunStdin(t, "", tc.args...)
			assert.Equal(t, 1, code, "stdout %q", out)
			assert.Contains(t, errs, tc.want)
			assert.NotContains(t, errs, ".: no answer files")
		})
	}
}
