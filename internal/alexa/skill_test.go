package alexa_test

import (
	"context"
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// realApp is the skill as the Lambda wires it: no NLU (Alexa understands), the
// real content and model.
var realApp = sync.OnceValues(func() (*app.App, error) { return app.New(app.Config{}) })

func realAdapter(t testing.TB) *alexa.Adapter {
	t.Helper()
	a, err := realApp()
	require.NoError(t, err)
	return alexa.Handler(a.Handler, alexa.Config{SkillID: testSkillID, Catalog: a.Model})
}

// TestRealSkill runs every envelope through the real conversation and checks
// which answer came back (from sessionAttributes), not its wording, so editors
// can change the copy.
func TestRealSkill(t *testing.T) {
	tests := []struct {
		file       string
		answered   string // sessionAttributes.answered; "-" when there are no attributes
		end        any    // shouldEndSession: true, false, or nil when absent
		canFulfill string
		apl        bool
	}{
		{"launch", "", false, "", false},
		{"intent-er-match", "latch", false, "", false},
		{"intent-no-match", "", false, "", false},
		{"intent-builtin-stop", "", true, "", false},
		{"intent-age-slots", "", false, "", false},
		{"apl-device", "latch", false, "", true},
		{"unknown-type", "latch", false, "", false},
		{"locale-de", "-", true, "", false},
		{"session-ended", "-", nil, "", false},
		{"exception-encountered", "-", nil, "", false},
		{"can-fulfill", "-", nil, alexa.Yes, false},
		{"can-fulfill-unknown", "-", nil, alexa.No, false},
	}
	a := realAdapter(t)
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			in, err := os.ReadFile("testdata/" + tc.file + ".json")
			require.NoError(t, err)
			out, err := a.Invoke(context.Background(), in)
			require.NoError(t, err)
			checkResponse(t, out)
			var env struct {
				SessionAttributes map[string]any `json:"sessionAttributes"`
				Response          map[string]any `json:"response"`
			}
			require.NoError(t, json.Unmarshal(out, &env))
			if tc.answered == "-" {
				assert.Nil(t, env.SessionAttributes)
			} else {
				assert.Equal(t, tc.answered, env.SessionAttributes["answered"])
			}
			assert.Equal(t, tc.end, env.Response["shouldEndSession"])
			if tc.canFulfill != "" {
				assert.Equal(t, tc.canFulfill, env.Response["canFulfillIntent"].(map[string]any)["canFulfill"])
			}
			_, hasDirectives := env.Response["directives"]
			assert.Equal(t, tc.apl, hasDirectives)
		})
	}
}

// BenchmarkAlexaIntent is one Lambda invocation from a real envelope: decode,
// check the skill id, route, answer from the content store and encode.
func BenchmarkAlexaIntent(b *testing.B) { benchEnvelope(b, "testdata/intent-er-match.json") }

// BenchmarkAlexaAPL is the same for a device with a screen, which also gets
// the card as an APL document.
func BenchmarkAlexaAPL(b *testing.B) { benchEnvelope(b, "testdata/apl-device.json") }

func benchEnvelope(b *testing.B, file string) {
	in, err := os.ReadFile(file)
	require.NoError(b, err)
	a := realAdapter(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := a.Invoke(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
