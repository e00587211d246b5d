package main

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// terminal is standard input as an interactive terminal, for tests.
type terminal struct{ io.Reader }

func (terminal) Terminal() bool { return true }

// TestReadingATerminalSaysSo: ask and invoke waiting on a terminal say what they
// wait for (on stderr, so the answers on stdout stay clean); reading a pipe or
// a file they say nothing, as before.
func TestReadingATerminalSaysSo(t *testing.T) {
	launch, err := os.ReadFile("../../internal/alexa/testdata/launch.json")
	require.NoError(t, err)
	tests := []struct {
		name  string
		stdin io.Reader
		args  []string
		hint  string // "" for none
	}{
		{"ask on a terminal", terminal{strings.NewReader("latch\n")}, []string{"ask"}, "Type a question and press Enter"},
		{"ask - on a terminal", terminal{strings.NewReader("latch\n")}, []string{"ask", "-"}, "Ctrl-D to finish"},
		{"ask from a pipe", strings.NewReader("latch\n"), []string{"ask"}, ""},
		{"ask with an utterance", terminal{strings.NewReader("")}, []string{"ask", "latch"}, ""},
		{"invoke on a terminal", terminal{strings.NewReader(string(launch))}, []string{"invoke", "--platform", "alexa"}, "Paste the alexa request (JSON), then press Ctrl-D"},
		{"invoke from a pipe", strings.NewReader(string(launch)), []string{"invoke", "--platform", "alexa"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb strings.Builder
			code := run(t.Context(), &env{stdin: tc.stdin, stdout: &out, stderr: &errb}, tc.args)
			require.Equal(t, 0, code, errb.String())
			assert.NotEmpty(t, out.String())
			if tc.hint == "" {
				assert.Empty(t, errb.String())
				return
			}
			assert.Contains(t, errb.String(), tc.hint)
			assert.NotContains(t, out.String(), tc.hint, "the hint goes to stderr")
		})
	}
}
