package deploy

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/feedingfriend/skill/internal/telemetry"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const root = "../.."

// functions are the template's Lambda functions.
var functions = []string{"AlexaFunction", "WebhookFunction", "WebFunction"}

func TestTemplateFunctionsBuildFromTheRoot(t *testing.T) {
	tp := readTemplate(t)
	fns := tp.OfType("AWS::Serverless::Function")
	var names []string
	for n := range fns {
		names = append(names, n)
	}
	sort.Strings(names)
	assert.Subset(t, names, functions)
	makefile, err := os.ReadFile(filepath.Join(root, "Makefile"))
	require.NoError(t, err)
	g := at(tp.Section("Globals"), "Function")
	assert.Equal(t, "provided.al2023", at(g, "Runtime"))
	assert.Equal(t, []any{"arm64"}, at(g, "Architectures"))
	assert.Equal(t, "bootstrap", at(g, "Handler"))
	assert.Equal(t, "live", at(g, "AutoPublishAlias"), "every function publishes versions behind the live alias")
	for _, name := range functions {
		t.Run(name, func(t *testing.T) {
			_, props, res := tp.Resource(t, name)
			// SAM runs `make build-<name>` in CodeUri: the root, where go.mod is,
			// with or without a container.
			assert.Equal(t, "makefile", at(res, "Metadata", "BuildMethod"))
			assert.Equal(t, ".", props["CodeUri"], "the build must see the root go.mod")
			assert.Regexp(t, regexp.MustCompile(`(?m)^build-`+name+`:`), string(makefile), "the Makefile has the target SAM runs")

			// A gradual deployment, rolled back by the function's own errors alarm.
			dp := at(props, "DeploymentPreference")
			assert.Equal(t, ref("DeploymentType"), at(dp, "Type"))
			alarms, _ := at(dp, "Alarms").([]any)
			require.Len(t, alarms, 1)
			alarm := alarms[0].(map[string]any)["Ref"].(string)
			typ, ap, _ := tp.Resource(t, alarm)
			assert.Equal(t, "AWS::CloudWatch::Alarm", typ)
			assert.Equal(t, "AWS/Lambda", ap["Namespace"])
			assert.Equal(t, "Errors", ap["MetricName"])
			assert.Equal(t, []any{map[string]any{"Name": "FunctionName", "Value": ref(name)}}, ap["Dimensions"],
				"the rollback alarm watches this function")
		})
	}
	dt := at(tp.Section("Parameters"), "DeploymentType")
	assert.Equal(t, "Canary10Percent5Minutes", at(dt, "Default"), "gradual by default")
}

// TestAlexaFunctionOnlyForTheSkill: only the skill may invoke the function, with
// the event's SkillId a String as the SAM schema types it, and the skill's
// endpoint is the live alias.
func TestAlexaFunctionOnlyForTheSkill(t *testing.T) {
	tp := readTemplate(t)
	_, props, _ := tp.Resource(t, "AlexaFunction")
	ev := at(props, "Events", "Alexa")
	assert.Equal(t, "AlexaSkill", at(ev, "Type"))
	assert.Equal(t, ref("SkillId"), at(ev, "Properties", "SkillId"))
	p := at(tp.Section("Parameters"), "SkillId")
	assert.Equal(t, "String", at(p, "Type"), "SAM's AlexaSkill SkillId is a String")
	assert.Nil(t, at(p, "Default"), "no default: a skill id must be given")
	assert.Regexp(t, at(p, "AllowedPattern"), "amzn1.ask.skill.1234abcd-0000-4000-8000-000000000000")
	assert.Equal(t, ref("SkillId"), at(props, "Environment", "Variables", "SKILL_ID"), "the code checks the id too")
	assert.Equal(t, ref("AlexaFunction.Alias"), at(tp.Section("Outputs"), "AlexaFunctionArn", "Value"),
		"the endpoint is the alias, so a rollback moves what Alexa calls")
}

// TestTemplateOnlyInAlexaRegions: the stack cannot be created outside the
// regions where Alexa calls Lambda, the same list config checks endpoints with.
func TestTemplateOnlyInAlexaRegions(t *testing.T) {
	tp := readTemplate(t)
	var regions []string
	for r := range at(tp.Section("Mappings"), "AlexaRegions").(map[string]any) {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	want := slices.Clone(config.AlexaRegions)
	sort.Strings(want)
	assert.Equal(t, want, regions)
	_, props, _ := tp.Resource(t, "AlexaFunction")
	b, _ := json.Marshal(props["Description"])
	assert.Contains(t, string(b), `{"Fn::FindInMap":["AlexaRegions",{"Ref":"AWS::Region"},"Area"]}`,
		"a lookup that fails in any other region")
}

// TestWebhookSecretReadAtRunTime: the password is never a parameter or an
// environment value; the function reads it from Secrets Manager (created by the
// stack or given), with permission for that one secret.
func TestWebhookSecretReadAtRunTime(t *testing.T) {
	tp := readTemplate(t)
	_, props, _ := tp.Resource(t, "WebhookFunction")
	env := at(props, "Environment", "Variables").(map[string]any)
	assert.NotContains(t, env, "WEBHOOK_PASSWORD", "a password in the environment needs a stack update to rotate")
	secretRef := map[string]any{"Fn::If": []any{"CreateSecret", ref("WebhookSecret"), ref("WebhookSecretArn")}}
	assert.Equal(t, secretRef, env["WEBHOOK_PASSWORD_SECRET_ARN"])
	assert.Equal(t, []any{map[string]any{"AWSSecretsManagerGetSecretValuePolicy": map[string]any{"SecretArn": secretRef}}}, props["Policies"])
	typ, _, res := tp.Resource(t, "WebhookSecret")
	assert.Equal(t, "AWS::SecretsManager::Secret", typ)
	assert.Equal(t, "CreateSecret", res["Condition"])
	for name, p := range tp.Section("Parameters") {
		assert.NotContains(t, strings.ToLower(name), "password", "no password parameter: %s", name)
		_ = p
	}
	raw, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "resolve:secretsmanager", "a dynamic reference resolves the secret into the environment")
}

// TestWebhookIsPublicButCapped: Dialogflow reaches the Function URL without AWS
// signing, so the function checks basic auth itself, and reserved concurrency
// caps what a flood of requests can cost.
func TestWebhookIsPublicButCapped(t *testing.T) {
	tp := readTemplate(t)
	_, props, _ := tp.Resource(t, "WebhookFunction")
	assert.Equal(t, "NONE", at(props, "FunctionUrlConfig", "AuthType"))
	assert.Equal(t, map[string]any{"Fn::If": []any{"ReserveConcurrency", ref("WebhookReservedConcurrency"), ref("AWS::NoValue")}},
		props["ReservedConcurrentExecutions"])
	p := at(tp.Section("Parameters"), "WebhookReservedConcurrency")
	assert.Equal(t, 20, at(p, "Default"))
	assert.Equal(t, []any{ref("WebhookUsername")}, []any{at(props, "Environment", "Variables", "WEBHOOK_USERNAME")})
}

// TestWebChatIsPublicButCapped: the web chat is a public page behind a
// Function URL, capped like the webhook, with its signing key never echoed.
func TestWebChatIsPublicButCapped(t *testing.T) {
	tp := readTemplate(t)
	_, props, _ := tp.Resource(t, "WebFunction")
	assert.Equal(t, "NONE", at(props, "FunctionUrlConfig", "AuthType"))
	assert.Equal(t, map[string]any{"Fn::If": []any{"ReserveWebConcurrency", ref("WebReservedConcurrency"), ref("AWS::NoValue")}},
		props["ReservedConcurrentExecutions"])
	assert.Equal(t, ref("WebSessionKey"), at(props, "Environment", "Variables", "WEB_SESSION_KEY"))
	key := at(tp.Section("Parameters"), "WebSessionKey")
	assert.Equal(t, true, at(key, "NoEcho"))
	assert.Equal(t, 32, at(key, "MinLength"))
	assert.Equal(t, map[string]any{"Fn::Sub": "${WebFunctionUrl.FunctionUrl}chat"}, at(tp.Section("Outputs"), "WebChatUrl", "Value"))
}

// TestAlarmsWatchWhatTheFunctionsWrite: the metric filters match the fields the
// functions' EMF lines really carry, and each alarm watches a metric a filter
// writes, telling the optional e-mail topic.
func TestAlarmsWatchWhatTheFunctionsWrite(t *testing.T) {
	tp := readTemplate(t)
	var buf bytes.Buffer
	emf := &telemetry.EMF{W: &buf, Now: func() time.Time { return time.Unix(0, 0) }}
	line := func(o skill.Outcome) map[string]any {
		buf.Reset()
		emf.Record(telemetry.Event{Platform: "alexa", Outcome: o})
		var m map[string]any
		require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
		return m
	}
	filterRE := regexp.MustCompile(`^\{ \$\.(\w+) = 1 \}$`)
	written := map[string]bool{} // metrics the filters write
	groups := map[string]map[string]bool{}
	for name, f := range tp.OfType("AWS::Logs::MetricFilter") {
		props := f["Properties"].(map[string]any)
		m := filterRE.FindStringSubmatch(props["FilterPattern"].(string))
		require.NotNil(t, m, "%s: pattern %q", name, props["FilterPattern"])
		field := m[1]
		outcome := map[string]skill.Outcome{"UrgentHelp": skill.OutcomeUrgent, "UnapprovedBlocked": skill.OutcomeBlocked}[field]
		require.NotEmpty(t, outcome, "%s filters on %s, which no outcome sets", name, field)
		assert.EqualValues(t, 1, line(outcome)[field], "%s: the EMF line of %s has %s = 1", name, outcome, field)
		assert.EqualValues(t, 0, line(skill.OutcomeTopic)[field], "%s: an ordinary answer has %s = 0", name, field)
		mt := props["MetricTransformations"].([]any)[0].(map[string]any)
		metric := mt["MetricName"].(string)
		written[metric] = true
		if groups[metric] == nil {
			groups[metric] = map[string]bool{}
		}
		groups[metric][props["LogGroupName"].(map[string]any)["Ref"].(string)] = true
		assert.Equal(t, map[string]any{"Fn::Sub": "FeedingFriend/${AWS::StackName}"}, mt["MetricNamespace"])
	}
	for _, metric := range []string{"UrgentHelp", "UnapprovedBlocked"} {
		assert.Equal(t, map[string]bool{"AlexaLogGroup": true, "WebhookLogGroup": true, "WebLogGroup": true}, groups[metric], "%s is counted on every function", metric)
	}
	watched := map[string]bool{}
	for name, a := range tp.OfType("AWS::CloudWatch::Alarm") {
		props := a["Properties"].(map[string]any)
		assert.Equal(t, map[string]any{"Fn::If": []any{"HasAlarmEmail", []any{ref("AlarmTopic")}, ref("AWS::NoValue")}}, props["AlarmActions"], name)
		assert.Equal(t, "notBreaching", props["TreatMissingData"], "%s: no traffic is not an alarm", name)
		if props["Namespace"] != "AWS/Lambda" {
			metric := props["MetricName"].(string)
			assert.True(t, written[metric], "%s watches %s, which no filter writes", name, metric)
			watched[metric] = true
		}
	}
	assert.Equal(t, map[string]bool{"UrgentHelp": true, "UnapprovedBlocked": true}, watched)
	_, _, topic := tp.Resource(t, "AlarmTopic")
	assert.Equal(t, "HasAlarmEmail", topic["Condition"], "the e-mail topic is optional")
}

func TestTemplateLogRetention(t *testing.T) {
	tp := readTemplate(t)
	groups := tp.OfType("AWS::Logs::LogGroup")
	for _, fn := range functions {
		found := false
		for _, g := range groups {
			if at(g, "Properties", "LogGroupName", "Fn::Sub") == "/aws/lambda/${"+fn+"}" {
				found = true
				assert.Equal(t, ref("LogRetentionDays"), at(g, "Properties", "RetentionInDays"))
			}
		}
		assert.True(t, found, "%s has a log group with retention", fn)
	}
	assert.Equal(t, "true", at(tp.Section("Parameters"), "ApprovedOnly", "Default"), "approved-only is the default for deployed functions")
	env := at(tp.Section("Globals"), "Function", "Environment", "Variables")
	assert.Equal(t, ref("ApprovedOnly"), at(env, "APPROVED_ONLY"))
	assert.Equal(t, ref("Nation"), at(env, "SKILL_NATION"))
}

// TestEveryFunctionBuildsWithTheMakefile runs the Makefile target `sam build`
// runs for each function and reads the binary's build settings: linux/arm64,
// static (CGO_ENABLED=0), -tags lambda.norpc.
func TestEveryFunctionBuildsWithTheMakefile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	for _, name := range functions {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			cmd := exec.Command("make", "build-"+name, "ARTIFACTS_DIR="+out)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOFLAGS=") // the Makefile must set what matters itself
			b, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", b)
			bin := filepath.Join(out, "bootstrap")
			info, err := exec.Command("go", "version", "-m", bin).Output()
			require.NoError(t, err)
			for _, want := range []string{"build\t-tags=lambda.norpc", "build\tCGO_ENABLED=0", "build\tGOARCH=arm64", "build\tGOOS=linux", "build\t-trimpath=true"} {
				assert.Contains(t, string(info), want, "%s build settings", name)
			}
			st, err := os.Stat(bin)
			require.NoError(t, err)
			t.Logf("%s: bootstrap is %.1f MB", name, float64(st.Size())/1e6)
		})
	}
}

// TestCfnLint runs AWS's CloudFormation linter (with the SAM transform) on the
// template. CI installs it and fails without it; elsewhere it is skipped when
// missing.
func TestCfnLint(t *testing.T) {
	path, err := exec.LookPath("cfn-lint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("cfn-lint is not installed (pip install cfn-lint); CI must lint template.yaml")
		}
		t.Skip("cfn-lint is not installed")
	}
	out, err := exec.Command(path, filepath.Join(root, "template.yaml")).CombinedOutput()
	assert.NoError(t, err, "cfn-lint template.yaml:\n%s", out)
}
