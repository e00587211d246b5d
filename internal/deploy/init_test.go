package deploy

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyRepo copies the tracked files of the repository into a new directory, as
// a department's fresh clone would have them.
func copyRepo(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	dst := t.TempDir()
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(root, name)
		b, err := os.ReadFile(src)
		if err != nil {
			continue // deleted in the work tree
		}
		st, _ := os.Stat(src)
		p := filepath.Join(dst, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, b, st.Mode().Perm()))
	}
	return dst
}

func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %s: %s", name, strings.Join(args, " "), b)
	return string(b)
}

// TestInitMakesTheSkillYourOwn is the department's path: clone, `skill init`
// with a new name, invocation and nation, and get a package, an agent and
// signposting of their own, with the tests still passing.
func TestInitMakesTheSkillYourOwn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests a copy of the repository")
	}
	dir := copyRepo(t)
	run(t, dir, "go", "run", "./cmd/skill", "init", "--name", "Milk Matters", "--invocation", "milk matters", "--nation", "scotland")

	var manifest struct {
		Manifest struct {
			PublishingInformation struct {
				Locales map[string]struct{ Name, Description string }
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "skill-package", "skill.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &manifest))
	require.NotEmpty(t, manifest.Manifest.PublishingInformation.Locales)
	for loc, l := range manifest.Manifest.PublishingInformation.Locales {
		assert.Equal(t, "Milk Matters", l.Name, loc)
	}
	var im struct {
		InteractionModel struct {
			LanguageModel struct{ InvocationName string }
		}
	}
	b, err = os.ReadFile(filepath.Join(dir, "skill-package", "interactionModels", "custom", "en-GB.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &im))
	assert.Equal(t, "milk matters", im.InteractionModel.LanguageModel.InvocationName)

	zb, err := os.ReadFile(filepath.Join(dir, "dialogflow", "agent.zip"))
	require.NoError(t, err)
	zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
	require.NoError(t, err)
	var agent map[string]any
	for _, f := range zr.File {
		if f.Name == "agent.json" {
			rc, err := f.Open()
			require.NoError(t, err)
			ab, _ := io.ReadAll(rc)
			rc.Close()
			require.NoError(t, json.Unmarshal(ab, &agent))
		}
	}
	assert.Equal(t, "Milk Matters", agent["displayName"])

	// Scottish signposting, and the new name in the welcome.
	out := run(t, dir, "go", "run", "./cmd/skill", "ask", "--json", "my baby hasn't had a wet nappy for 10 hours")
	assert.Contains(t, out, "NHS 24")
	assert.Contains(t, out, `"topic":"urgent-help"`)
	out = run(t, dir, "go", "run", "./cmd/skill", "chat")
	assert.Contains(t, out, "Welcome to Milk Matters")

	// The committed-model tests, the content tests and the built-in image's
	// freshness test still pass in the copy.
	run(t, dir, "go", "test", "./internal/model/", "./internal/content/", "./internal/config/", "./internal/prebuilt/...")
}
