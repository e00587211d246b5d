package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHelpShowsExamples: --help of the commands a newcomer meets first ends
// with examples, and those of ask and invoke (that need no server, no
// terminal and no pipe) run as shown, from the repository root.
func TestHelpShowsExamples(t *testing.T) {
	for _, name := range []string{"ask", "invoke", "chat", "serve", "init"} {
		t.Run(name, func(t *testing.T) {
			code, _, errs := skillRunStdin(t, "", name, "--help")
			require.Equal(t, 0, code)
			_, ex, ok := strings.Cut(errs, "\nExamples:\n")
			require.True(t, ok, "no examples in:\n%s", errs)
			lines := strings.Split(strings.TrimSpace(ex), "\n")
			require.NotEmpty(t, lines)
			for _, l := range lines {
				assert.Contains(t, l, "skill "+name, "%q", l)
			}
			if name != "ask" && name != "invoke" {
				return
			}
			t.Chdir("../..")
			for _, l := range lines {
				if strings.ContainsAny(l, "|<") {
					continue
				}
				args := shellWords(t, strings.TrimSpace(l))
				require.Equal(t, "skill", args[0])
				code, out, errs := skillRunStdin(t, "", args[1:]...)
				assert.Equal(t, 0, code, "%s: %s", l, errs)
				assert.NotEmpty(t, out, l)
			}
		})
	}
}

// shellWords splits a command line at spaces, keeping "quoted words" whole.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	for i, part := range strings.Split(line, `"`) {
		if i%2 == 1 {
			words = append(words, part)
			continue
		}
		words = append(words, strings.Fields(part)...)
	}
	return words
}

// TestErrorsSayWhatToDo: a mistake at the command line is named with what to
// do next.
func TestErrorsSayWhatToDo(t *testing.T) {
	dir := t.TempDir()
	bad := dir + "/bad.json"
	require.NoError(t, os.WriteFile(bad, []byte(`{"version":"1.0"}`), 0o644))
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"invoke: no such file", []string{"invoke", "--platform", "alexa", dir + "/missing.json"}, 1,
			[]string{"request file " + dir + "/missing.json does not exist", "internal/alexa/testdata/launch.json", "- to read standard input"}},
		{"invoke: not a request", []string{"invoke", "--platform", "alexa", bad}, 1,
			[]string{"not a valid alexa request", "internal/alexa/testdata/launch.json"}},
		{"invoke: not an ES request", []string{"invoke", "--platform", "dialogflow-es", bad}, 1,
			[]string{"not a valid dialogflow-es request", "internal/dialogflow/testdata/es_latch.json"}},
		{"invoke: unknown platform", []string{"invoke", "--platform", "siri", bad}, 1,
			[]string{`unknown platform "siri"`, "alexa, dialogflow-cx, dialogflow-es"}},
		{"ask: unknown platform", []string{"ask", "--platform", "siri", "latch"}, 1,
			[]string{`unknown platform "siri"`, "alexa, dialogflow-cx, dialogflow-es, text"}},
		{"chat: an utterance", []string{"chat", "how do I get a good latch"}, 2,
			[]string{"chat takes no arguments", `skill ask "how do I get a good latch"`}},
		{"serve: an argument", []string{"serve", "8080"}, 2, []string{"serve takes no arguments", "--addr"}},
		{"init: an argument", []string{"init", "Milk Matters"}, 2, []string{"init takes no arguments", `--name "Milk Matters"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := skillRunStdin(t, "", tc.args...)
			assert.Equal(t, tc.code, code, errs)
			for _, w := range tc.want {
				assert.Contains(t, errs, w)
			}
		})
	}
}
