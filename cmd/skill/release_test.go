package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/icon"
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

func TestAlexaIcon(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) {
		var buf bytes.Buffer
		require.NoError(t, png.Encode(&buf, image.NewGray(image.Rect(0, 0, size, size))))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644))
	}
	write("own-512.png", icon.Large)
	write("own-100.png", 100)
	drawn, err := icon.Generate("Milk Matters", icon.Large)
	require.NoError(t, err)
	for _, tc := range []struct {
		name, path string
		want       []byte
		err        string
	}{
		{"drawn from the name", "", drawn, ""},
		{"a department's own", "own-512.png", nil, ""},
		{"the wrong size", "own-100.png", nil, "100 x 100 pixels"},
		{"missing", "none.png", nil, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := alexaIcon(tc.path, "Milk Matters", icon.Large, dir)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			if tc.want != nil {
				assert.Equal(t, tc.want, b)
			} else {
				own, _ := os.ReadFile(filepath.Join(dir, tc.path))
				assert.Equal(t, own, b)
			}
		})
	}
}
