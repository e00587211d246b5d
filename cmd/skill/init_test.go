package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/config"
)

// shippedYAML is skill.yaml as shipped, before a department's init changed
// the repository's own.
const shippedYAML = "../../internal/config/testdata/skill.yaml"

// initRepo is a repository holding only the shipped skill.yaml.
func initRepo(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(shippedYAML)
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "skill.yaml"), data, 0o644))
	return dir
}

// initIn runs `skill init --no-build` in dir and reads back its skill.yaml.
func initIn(t *testing.T, dir string, stdin io.Reader, args ...string) (code int, out, errs string, sk *config.Skill) {
	t.Helper()
	var o, e strings.Builder
	code = run(t.Context(), &env{stdin: stdin, stdout: &o, stderr: &e}, append([]string{"init", "--dir", dir, "--no-build"}, args...))
	sk, err := config.Load(filepath.Join(dir, "skill.yaml"))
	require.NoError(t, err)
	return code, o.String(), e.String(), sk
}

// TestInitInvocationFollowsName: a new name brings its own invocation, asked
// or given as a flag, unless the invocation is given too.
func TestInitInvocationFollowsName(t *testing.T) {
	enter := strings.Repeat("\n", len(initFields))
	tests := []struct {
		name     string
		stdin    io.Reader
		args     []string
		code     int
		wantName string
		wantInv  string
		output   string // in stdout and stderr
	}{
		{"flag: a new name", strings.NewReader(""), []string{"--name", "Milk Matters"}, 0, "Milk Matters", "milk matters", ""},
		{"flags: a new name and an invocation", strings.NewReader(""), []string{"--name", "Milk Matters", "--invocation", "breast milk helper"}, 0, "Milk Matters", "breast milk helper", ""},
		{"flag: the same name", strings.NewReader(""), []string{"--name", "Feeding Friend"}, 0, "Feeding Friend", "feeding friend", ""},
		{"flag: no new name", strings.NewReader(""), []string{"--nation", "scotland"}, 0, "Feeding Friend", "feeding friend", ""},
		{"asked: a new name, then Enter", terminal{strings.NewReader("Milk Matters\n" + enter)}, nil, 0, "Milk Matters", "milk matters", "[milk matters]: "},
		{"asked: a new name and an invocation", terminal{strings.NewReader("Milk Matters\nmilky way helper\n" + enter)}, nil, 0, "Milk Matters", "milky way helper", ""},
		{"flag: a one-word name", strings.NewReader(""), []string{"--name", "Lactation"}, 1, "Feeding Friend", "feeding friend", "pass --invocation"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs, sk := initIn(t, initRepo(t), tc.stdin, tc.args...)
			assert.Equal(t, tc.code, code, "stdout %q stderr %q", out, errs)
			assert.Equal(t, tc.wantName, sk.Name)
			assert.Equal(t, tc.wantInv, sk.Invocation)
			assert.Contains(t, out+errs, tc.output)
		})
	}
}

// TestInitKeepsSkillYAML: init changes only the lines of the settings that
// change; comments and layout stay.
func TestInitKeepsSkillYAML(t *testing.T) {
	data, err := os.ReadFile(shippedYAML)
	require.NoError(t, err)
	orig := string(data)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"nothing given", nil, orig},
		{"a new name", []string{"--name", "Milk Matters"},
			strings.Replace(strings.Replace(orig, "name: Feeding Friend\n", "name: Milk Matters\n", 1), "invocation: feeding friend\n", "invocation: milk matters\n", 1)},
		{"a nation and locales", []string{"--nation", "scotland", "--locales", "en-GB, en-US"},
			strings.Replace(strings.Replace(orig, "nation: england\n", "nation: scotland\n", 1), "locales: [en-GB, en-US, en-AU, en-CA, en-IN]\n", "locales: [en-GB, en-US]\n", 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := initRepo(t)
			code, _, errs, _ := initIn(t, dir, strings.NewReader(""), tc.args...)
			require.Equal(t, 0, code, errs)
			got, err := os.ReadFile(filepath.Join(dir, "skill.yaml"))
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
}

// TestInitFlagsPlaceholders: an example privacy policy address, or a
// REPLACE-WITH-... value, is flagged loudly with the flag that replaces it.
func TestInitFlagsPlaceholders(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		want  []string
		never string
	}{
		{"the shipped example address", nil, []string{"WARNING", "privacy_policy_url", "https://feedingfriend.example/privacy", "--privacy-url"}, ""},
		{"an example.org address", []string{"--privacy-url", "https://example.org/privacy"}, []string{"WARNING", "example.org", "--privacy-url"}, ""},
		{"a marker in a number", []string{"--privacy-url", "https://www.milkmatters.scot/privacy", "--helpline-number", "REPLACE-WITH-YOUR-NUMBER"},
			[]string{"WARNING", "signposts.helpline_number", "--helpline-number"}, "privacy"},
		{"a real address", []string{"--privacy-url", "https://www.milkmatters.scot/privacy"}, nil, "WARNING"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs, _ := initIn(t, initRepo(t), strings.NewReader(""), tc.args...)
			require.Equal(t, 0, code, errs)
			for _, w := range tc.want {
				assert.Contains(t, errs, w)
			}
			if tc.never != "" {
				assert.NotContains(t, errs+out, tc.never)
			}
		})
	}
}
