package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEndpointSurvivesRebuildsAndRelease is the department's path to a
// releasable package: init with the stack's endpoint and a real privacy
// policy, rebuild the models (as every later change does), and the release
// check finds nothing wrong with the package.
func TestEndpointSurvivesRebuildsAndRelease(t *testing.T) {
	dir := initRepo(t)
	require.NoError(t, os.CopyFS(filepath.Join(dir, "intents"), os.DirFS("../../intents")))
	require.NoError(t, os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")))
	const arn = "arn:aws:lambda:eu-west-1:111122223333:function:feeding-friend-AlexaFunction-1AB2:live"
	skill := func(args ...string) (int, string) {
		var o, e strings.Builder
		code := run(t.Context(), &env{stdin: strings.NewReader(""), stdout: &o, stderr: &e}, args)
		return code, o.String() + e.String()
	}
	endpoint := func() string {
		b, err := os.ReadFile(filepath.Join(dir, "skill-package", "skill.json"))
		require.NoError(t, err)
		var m struct {
			Manifest struct {
				APIs struct {
					Custom struct{ Endpoint struct{ URI string } }
				}
			}
		}
		require.NoError(t, json.Unmarshal(b, &m))
		return m.Manifest.APIs.Custom.Endpoint.URI
	}

	code, out := skill("release", "check", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "no endpoint")

	code, out = skill("init", "--dir", dir, "--endpoint", arn, "--privacy-url", "https://www.nhs.uk/our-policies/privacy")
	require.Equal(t, 0, code, out)
	assert.NotContains(t, out, "WARNING", "no placeholder is left")
	assert.Equal(t, arn, endpoint())

	code, out = skill("model", "build", "--out", dir, "--config", filepath.Join(dir, "skill.yaml"), "--model", filepath.Join(dir, "intents"))
	require.Equal(t, 0, code, out)
	assert.Equal(t, arn, endpoint(), "model build keeps the endpoint")
	code, out = skill("init", "--dir", dir, "--name", "Milk Matters")
	require.Equal(t, 0, code, out)
	assert.Equal(t, arn, endpoint(), "init with another setting keeps the endpoint")

	_, out = skill("release", "check", "--dir", dir)
	assert.NotContains(t, out, "[package]", "the package is ready; only the draft answers stop the release")
	assert.Contains(t, out, "a release serves only approved answers")

	code, out = skill("init", "--dir", dir, "--endpoint", "arn:aws:lambda:eu-west-2:111122223333:function:f")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "eu-west-1 for the UK")
}
