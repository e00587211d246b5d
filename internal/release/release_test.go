package release

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/icon"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	goodARN    = "arn:aws:lambda:eu-west-1:111122223333:function:feeding-friend-AlexaFunction-AB12:live"
	goodConfig = `name: Milk Matters
invocation: milk matters
locales: [en-GB, en-US]
nation: scotland
disclaimer: This is general NHS information, not medical advice.
privacy_policy_url: https://www.nhsinform.scot/privacy
endpoint: ` + goodARN + "\n"
)

// repo is a release-ready repository: skill.yaml and the package that
// `skill model build` generates from it.
func repo(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{"skill.yaml": {Data: []byte(goodConfig)}}
	m, err := model.Load(intents.FS)
	require.NoError(t, err)
	m.Invocation = "milk matters"
	files, err := m.Alexa(model.AlexaPackage{Name: "Milk Matters", Locales: []string{"en-GB", "en-US"},
		PrivacyPolicyURL: "https://www.nhsinform.scot/privacy", Endpoint: goodARN,
		SmallIcon: pngOf(icon.Small), LargeIcon: pngOf(icon.Large)})
	require.NoError(t, err)
	for p, b := range files {
		fsys[p] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// editJSON rewrites skill.json with f applied to its decoded form.
func editJSON(t *testing.T, fsys fstest.MapFS, f func(m map[string]any)) {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(fsys[manifestFile].Data, &m))
	f(m["manifest"].(map[string]any))
	b, err := json.Marshal(m)
	require.NoError(t, err)
	fsys[manifestFile] = &fstest.MapFile{Data: b}
}

func locale(m map[string]any, l string) map[string]any {
	return m["publishingInformation"].(map[string]any)["locales"].(map[string]any)[l].(map[string]any)
}

func pngOf(size int) []byte {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, size, size)))
	return buf.Bytes()
}

func TestReadyRepositoryPasses(t *testing.T) {
	assert.Empty(t, Check(repo(t)))
}

func TestEachProblemIsRefused(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, fsys fstest.MapFS)
		file   string
		want   string
	}{
		{"the shipped privacy policy", func(t *testing.T, fsys fstest.MapFS) {
			setConfig(fsys, "https://www.nhsinform.scot/privacy", "https://feedingfriend.example/privacy")
		}, "skill.yaml", "privacy_policy_url"},
		{"a REPLACE-WITH helpline", func(t *testing.T, fsys fstest.MapFS) {
			fsys["skill.yaml"].Data = append(fsys["skill.yaml"].Data, "signposts:\n  helpline_number: REPLACE-WITH-YOUR-NUMBER\n"...)
		}, "skill.yaml", "signposts.helpline_number"},
		{"no endpoint in skill.yaml", func(t *testing.T, fsys fstest.MapFS) {
			setConfig(fsys, "endpoint: "+goodARN+"\n", "")
		}, "skill.yaml", "no endpoint"},
		{"no endpoint in skill.json", func(t *testing.T, fsys fstest.MapFS) {
			editJSON(t, fsys, func(m map[string]any) { delete(m["apis"].(map[string]any)["custom"].(map[string]any), "endpoint") })
		}, manifestFile, "apis.custom.endpoint is missing"},
		{"an endpoint in AWS's example account", func(t *testing.T, fsys fstest.MapFS) {
			arn := "arn:aws:lambda:eu-west-1:123456789012:function:f"
			setConfig(fsys, goodARN, arn)
			setEndpoint(t, fsys, arn)
		}, manifestFile, "example account"},
		{"an example https endpoint", func(t *testing.T, fsys fstest.MapFS) {
			setConfig(fsys, goodARN, "https://skill.example/alexa")
			setEndpoint(t, fsys, "https://skill.example/alexa")
		}, manifestFile, "a host kept for examples"},
		{"a stale endpoint", func(t *testing.T, fsys fstest.MapFS) {
			setEndpoint(t, fsys, "arn:aws:lambda:eu-west-1:111122223333:function:old")
		}, manifestFile, "run skill model build"},
		{"an endpoint outside the Alexa regions", func(t *testing.T, fsys fstest.MapFS) {
			setEndpoint(t, fsys, "arn:aws:lambda:eu-west-2:111122223333:function:f")
		}, manifestFile, "Alexa calls Lambda functions only in"},
		{"no small icon", func(t *testing.T, fsys fstest.MapFS) {
			editJSON(t, fsys, func(m map[string]any) { delete(locale(m, "en-US"), "smallIconUri") })
		}, manifestFile, "en-US has no smallIconUri"},
		{"the icon file is missing", func(t *testing.T, fsys fstest.MapFS) {
			delete(fsys, model.LargeIconPath)
		}, model.LargeIconPath, "the file is missing"},
		{"the icon is the wrong size", func(t *testing.T, fsys fstest.MapFS) {
			fsys[model.SmallIconPath] = &fstest.MapFile{Data: pngOf(120)}
		}, model.SmallIconPath, "120 x 120 pixels"},
		{"a placeholder icon URL", func(t *testing.T, fsys fstest.MapFS) {
			editJSON(t, fsys, func(m map[string]any) { locale(m, "en-GB")["largeIconUri"] = "https://cdn.example.com/large.png" })
		}, manifestFile, "largeIconUri"},
		{"no CanFulfill interface", func(t *testing.T, fsys fstest.MapFS) {
			editJSON(t, fsys, func(m map[string]any) {
				m["apis"].(map[string]any)["custom"].(map[string]any)["interfaces"] = []any{map[string]any{"type": "ALEXA_PRESENTATION_APL"}}
			})
		}, manifestFile, "CAN_FULFILL_INTENT_REQUEST"},
		{"a placeholder privacy policy in skill.json", func(t *testing.T, fsys fstest.MapFS) {
			editJSON(t, fsys, func(m map[string]any) {
				m["privacyAndCompliance"].(map[string]any)["locales"].(map[string]any)["en-US"] = map[string]any{"privacyPolicyUrl": "https://feedingfriend.example/privacy"}
			})
		}, manifestFile, "en-US privacyPolicyUrl"},
		{"no package", func(t *testing.T, fsys fstest.MapFS) { delete(fsys, manifestFile) }, manifestFile, "run skill model build"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := repo(t)
			tc.change(t, fsys)
			got := Check(fsys)
			require.NotZero(t, content.Errors(got), "want an error, got %v", got)
			var msgs []string
			for _, f := range got {
				if f.Severity == content.SeverityError && f.File == tc.file && strings.Contains(f.Msg, tc.want) {
					return
				}
				msgs = append(msgs, f.String())
			}
			t.Errorf("no error in %s containing %q; got:\n%s", tc.file, tc.want, strings.Join(msgs, "\n"))
		})
	}
}

func TestUKSkillOutsideEuWest1IsWarned(t *testing.T) {
	fsys := repo(t)
	arn := "arn:aws:lambda:us-east-1:111122223333:function:f"
	setConfig(fsys, goodARN, arn)
	setEndpoint(t, fsys, arn)
	got := Check(fsys)
	require.Len(t, got, 1)
	assert.Equal(t, content.SeverityWarning, got[0].Severity)
	assert.Contains(t, got[0].Msg, "eu-west-1")
}

// TestCommittedPackageHasIconsAndInterfaces checks the committed package for
// what a department cannot fix by editing skill.yaml. (The shipped skill.yaml's
// example privacy policy and missing endpoint are refused too, but a
// department's clone fills them in, so this test does not ask for them.)
func TestCommittedPackageHasIconsAndInterfaces(t *testing.T) {
	for _, f := range Check(fsRoot(t)) {
		assert.NotContains(t, f.Msg, "Icon", f.String())
		assert.NotContains(t, f.Msg, "icon", f.String())
		assert.NotContains(t, f.Msg, "interfaces", f.String())
		assert.NotContains(t, f.Msg, "not skill.yaml's", f.String())
	}
}

func setConfig(fsys fstest.MapFS, old, new string) {
	fsys["skill.yaml"].Data = []byte(strings.Replace(string(fsys["skill.yaml"].Data), old, new, 1))
}

func setEndpoint(t *testing.T, fsys fstest.MapFS, uri string) {
	editJSON(t, fsys, func(m map[string]any) {
		m["apis"].(map[string]any)["custom"].(map[string]any)["endpoint"] = map[string]any{"uri": uri}
	})
}
