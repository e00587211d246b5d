package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/intrinsics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

const root = "../.."

const testSkillID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"

func openTemplate(t *testing.T) *cloudformation.Template {
	t.Helper()
	tpl, err := goformation.OpenWithOptions(filepath.Join(root, "template.yaml"), &intrinsics.ProcessorOptions{
		ParameterOverrides: map[string]interface{}{"SkillId": testSkillID},
	})
	require.NoError(t, err)
	return tpl
}

func TestTemplateFunctions(t *testing.T) {
	tpl := openTemplate(t)
	fns := tpl.GetAllServerlessFunctionResources()
	require.Contains(t, fns, "AlexaFunction")
	require.Contains(t, fns, "WebhookFunction")
	for name, fn := range fns {
		t.Run(name, func(t *testing.T) {
			// Globals are merged by SAM, so read them from the raw template too.
			runtime, arch, handler := globals(t)
			assert.Equal(t, "provided.al2023", first(fn.Runtime, runtime))
			assert.Equal(t, []string{"arm64"}, firstList(fn.Architectures, arch))
			assert.Equal(t, "bootstrap", first(fn.Handler, handler))
			assert.Equal(t, "go1.x", metadata(t, name)["BuildMethod"], "SAM builds Go with BuildMethod go1.x")
			require.NotNil(t, fn.CodeUri)
			require.NotNil(t, fn.CodeUri.String)
		})
	}
	alexa := fns["AlexaFunction"]
	require.Contains(t, alexa.Events, "Alexa")
	ev := alexa.Events["Alexa"]
	assert.Equal(t, "AlexaSkill", ev.Type)
	require.NotNil(t, ev.Properties.AlexaSkillEvent)
	require.NotNil(t, ev.Properties.AlexaSkillEvent.SkillId, "the AlexaSkill event must be restricted to the skill id")
	assert.Equal(t, testSkillID, *ev.Properties.AlexaSkillEvent.SkillId)

	hook := fns["WebhookFunction"]
	require.NotNil(t, hook.FunctionUrlConfig, "the Dialogflow webhook is served behind a Lambda Function URL")
	assert.Equal(t, "NONE", hook.FunctionUrlConfig.AuthType, "Dialogflow cannot sign requests; the webhook checks its own secret")
	require.NotNil(t, hook.Environment)
	assert.Contains(t, hook.Environment.Variables, "WEBHOOK_PASSWORD")

	require.Contains(t, fns, "WebFunction")
	chat := fns["WebFunction"]
	require.NotNil(t, chat.FunctionUrlConfig, "the web chat is served behind a Lambda Function URL")
	assert.Equal(t, "NONE", chat.FunctionUrlConfig.AuthType, "a public page")
	require.NotNil(t, chat.Environment)
	assert.Contains(t, chat.Environment.Variables, "WEB_SESSION_KEY")
	require.NotNil(t, tpl.Parameters["WebSessionKey"].NoEcho)
	assert.True(t, *tpl.Parameters["WebSessionKey"].NoEcho)
}

func TestTemplateParametersAndLogRetention(t *testing.T) {
	tpl := openTemplate(t)
	for _, p := range []string{"SkillId", "ApprovedOnly", "Nation", "WebhookPassword", "WebhookSecretArn", "LogRetentionDays"} {
		assert.Contains(t, tpl.Parameters, p)
	}
	assert.Equal(t, "true", tpl.Parameters["ApprovedOnly"].Default, "approved-only is the default for deployed functions")
	require.NotNil(t, tpl.Parameters["WebhookPassword"].NoEcho)
	assert.True(t, *tpl.Parameters["WebhookPassword"].NoEcho)
	raw := rawTemplate(t)
	env := raw["Globals"].(map[string]any)["Function"].(map[string]any)["Environment"].(map[string]any)["Variables"].(map[string]any)
	assert.Contains(t, env, "APPROVED_ONLY")
	assert.Contains(t, env, "SKILL_NATION")
	// Secrets Manager is an alternative source for the webhook secret.
	res := raw["Resources"].(map[string]any)
	hookEnv := res["WebhookFunction"].(map[string]any)["Properties"].(map[string]any)["Environment"].(map[string]any)["Variables"].(map[string]any)
	assert.Contains(t, strings.Join(flatten(hookEnv["WEBHOOK_PASSWORD"]), " "), "resolve:secretsmanager")
	groups := 0
	for _, r := range res {
		m := r.(map[string]any)
		if m["Type"] == "AWS::Logs::LogGroup" {
			groups++
			assert.Contains(t, m["Properties"], "RetentionInDays")
		}
	}
	assert.Equal(t, len(tpl.GetAllServerlessFunctionResources()), groups, "each function has a log group with retention")
}

// TestEveryCodeUriBuilds builds each function exactly as SAM's go1.x builder does
// (linux/arm64, a binary named bootstrap), so the template cannot point at code
// that does not compile.
func TestEveryCodeUriBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries")
	}
	tpl := openTemplate(t)
	for name, fn := range tpl.GetAllServerlessFunctionResources() {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(root, *fn.CodeUri.String)
			out := filepath.Join(t.TempDir(), "bootstrap")
			cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, ".")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
			b, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s: %s", dir, b)
			st, err := os.Stat(out)
			require.NoError(t, err)
			t.Logf("%s: bootstrap is %.1f MB", name, float64(st.Size())/1e6)
		})
	}
}

func rawTemplate(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	require.NoError(t, err)
	var n yaml.Node
	require.NoError(t, yaml.Unmarshal(b, &n))
	stripTags(&n)
	var m map[string]any
	require.NoError(t, n.Decode(&m))
	return m
}

// stripTags turns CloudFormation short-form tags (!Ref, !Sub...) into plain values.
func stripTags(n *yaml.Node) {
	if strings.HasPrefix(n.Tag, "!") && n.Tag != "!!str" {
		n.Tag = ""
	}
	for _, c := range n.Content {
		stripTags(c)
	}
}

func flatten(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, flatten(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for k, e := range x {
			out = append(out, k)
			out = append(out, flatten(e)...)
		}
		return out
	}
	return nil
}

func globals(t *testing.T) (string, []string, string) {
	fn := rawTemplate(t)["Globals"].(map[string]any)["Function"].(map[string]any)
	var arch []string
	for _, a := range fn["Architectures"].([]any) {
		arch = append(arch, a.(string))
	}
	return fn["Runtime"].(string), arch, fn["Handler"].(string)
}

func metadata(t *testing.T, name string) map[string]any {
	md, _ := rawTemplate(t)["Resources"].(map[string]any)[name].(map[string]any)["Metadata"].(map[string]any)
	return md
}

func first(p *string, def string) string {
	if p != nil && *p != "" {
		return *p
	}
	return def
}

func firstList(p []string, def []string) []string {
	if len(p) > 0 {
		return p
	}
	return def
}
