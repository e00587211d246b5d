package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChatSaysItsPlatform: chat's first line names the platform every turn
// runs through, and how to pick another.
func TestChatSaysItsPlatform(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"default", []string{"chat"}, "platform: text"},
		{"alexa", []string{"chat", "--platform", "alexa"}, "platform: alexa"},
		{"dialogflow-cx", []string{"chat", "--platform", "dialogflow-cx"}, "platform: dialogflow-cx"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := skillRunStdin(t, "/quit\n", tc.args...)
			require.Equal(t, 0, code, errs)
			first, _, _ := strings.Cut(out, "\n")
			assert.Contains(t, first, tc.want)
			assert.Contains(t, first, "--platform")
		})
	}
}
