package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeTryItSaysTheFirstBuildIsSlow: the README's first commands say,
// where they stand, that the first build compiles silently for about a minute,
// and offer the binary that then starts at once.
func TestReadmeTryItSaysTheFirstBuildIsSlow(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, tryIt, ok := strings.Cut(string(b), "## Try it")
	require.True(t, ok, "the README has a Try it section")
	tryIt, _, _ = strings.Cut(tryIt, "\n---")
	_, block, _ := strings.Cut(tryIt, "```sh\n")
	block, _, _ = strings.Cut(block, "```")
	first, _, _ := strings.Cut(block, "\n")
	for _, want := range []string{"go build -o skill ./cmd/skill", "about a minute"} {
		assert.Contains(t, first, want, "the first command of Try it")
	}
	assert.Contains(t, block, "./skill chat")
}
