package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deploySteps is the order that works: the skill must exist before the stack
// (the trigger needs its id), and the trigger before the endpoint is deployed
// (Amazon checks the function lets the skill invoke it).
var deploySteps = []string{
	"cmd/skill model build",
	"ask deploy",
	"sam build",
	"sam deploy",
	"cmd/skill init --endpoint",
	"ask deploy",
	"cmd/skill release check",
}

// readmeDeploy returns the commands of the README's path from clone to a live
// skill, with continuation lines joined.
func readmeDeploy(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	_, sec, ok := strings.Cut(string(b), "### From clone to a live Alexa skill")
	require.True(t, ok, "the README has the deploy path")
	_, block, ok := strings.Cut(sec, "```sh\n")
	require.True(t, ok)
	block, _, _ = strings.Cut(block, "```")
	return strings.ReplaceAll(block, "\\\n", " ")
}

func TestReadmeDeployOrder(t *testing.T) {
	cmds := readmeDeploy(t)
	pos := 0
	for _, step := range deploySteps {
		i := strings.Index(cmds[pos:], step)
		require.GreaterOrEqual(t, i, 0, "%q must follow the steps before it:\n%s", step, cmds)
		pos += i + len(step)
	}
}

// TestReadmeDeployMatchesTheTemplate: the parameters the README passes and the
// output it reads exist, and the region is the UK's Alexa region.
func TestReadmeDeployMatchesTheTemplate(t *testing.T) {
	cmds := readmeDeploy(t)
	tp := readTemplate(t)
	_, overrides, ok := strings.Cut(cmds, "--parameter-overrides")
	require.True(t, ok)
	overrides, _, _ = strings.Cut(overrides, "\n")
	for _, kv := range regexp.MustCompile(`(\w+)=`).FindAllStringSubmatch(overrides, -1) {
		assert.Contains(t, tp.Section("Parameters"), kv[1], "the README passes %s", kv[1])
	}
	for _, out := range regexp.MustCompile(`OutputKey=='(\w+)'`).FindAllStringSubmatch(cmds, -1) {
		assert.Contains(t, tp.Section("Outputs"), out[1], "the README reads the output %s", out[1])
	}
	for _, r := range regexp.MustCompile(`--region (\S+)`).FindAllStringSubmatch(cmds, -1) {
		assert.Equal(t, config.UKRegion, r[1])
	}
	// Every required parameter (no default) is given.
	for name, p := range tp.Section("Parameters") {
		if at(p, "Default") == nil {
			assert.Contains(t, overrides, name+"=", "%s has no default: the README must pass it", name)
		}
	}
}
