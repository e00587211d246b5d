package main

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGroupsAgree: every command group lists its commands the same way and
// refuses an unknown one the same way, exit status 2, as the top level does.
func TestGroupsAgree(t *testing.T) {
	for _, g := range []string{"model", "content", "release"} {
		t.Run(g, func(t *testing.T) {
			code, out, _ := skillRun(t, g)
			assert.Equal(t, 0, code)
			assert.Contains(t, out, "Usage: skill "+g+" COMMAND [flags]")
			code, out, _ = skillRun(t, g, "help")
			assert.Equal(t, 0, code)
			assert.Contains(t, out, "Commands:")
			code, _, errs := skillRun(t, g, "frobnicate")
			assert.Equal(t, 2, code, "an unknown %s command is a usage error", g)
			assert.Contains(t, errs, `unknown command "frobnicate"`)
		})
	}
	code, _, errs := skillRun(t, "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `unknown command "frobnicate"`)
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name string
		args []string
		pos  []string
		by   string
	}{
		{"flags first", []string{"--by", "X", "latch"}, []string{"latch"}, "X"},
		{"flags after", []string{"latch", "--by", "X"}, []string{"latch"}, "X"},
		{"double dash ends the flags", []string{"--by", "X", "--", "a", "-b"}, []string{"a", "-b"}, "X"},
		{"arguments before a double dash", []string{"a", "--", "-b", "--by"}, []string{"a", "-b", "--by"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			by := fs.String("by", "", "")
			pos, err := parseArgs(fs, tc.args)
			require.NoError(t, err)
			assert.Equal(t, tc.pos, pos)
			assert.Equal(t, tc.by, *by)
		})
	}
}
