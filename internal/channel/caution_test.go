package channel

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/nlu"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cautionLines returns up to k lines of the development corpora whose words
// come close to a red flag without being one (nlu.CautionMin) and that the
// text understanding answers with a topic, and up to k topic questions that
// do not come close.
func cautionLines(t *testing.T, n *nlu.NLU, k int) (close, far []string) {
	t.Helper()
	files, err := filepath.Glob("../../intents/testdata/redflag-dev*.yaml")
	require.NoError(t, err)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		items, err := nlu.ParseLabelled(data)
		require.NoError(t, err)
		for _, it := range items {
			_, caution, red := n.Assess(it.Text)
			topic := n.Parse(it.Text).Topic
			switch {
			case red || topic == "" || topic == content.UrgentHelpID:
			case caution && len(close) < k:
				close = append(close, it.Text)
			case !caution && len(far) < k:
				far = append(far, it.Text)
			}
		}
	}
	return close, far
}

// TestCloseToARedFlagLeadsWithTheSafetyNet: on every platform that passes the
// words, a question that comes close to a red flag without being one is
// answered with its topic, led by the safety net (when to call 111 and 999),
// and a question that does not come close gets its answer alone. The lines
// are taken from the development corpora by the language understanding, so
// the test holds whatever the detector learns; MeasureRedFlags counts both.
func TestCloseToARedFlagLeadsWithTheSafetyNet(t *testing.T) {
	a := testApp(t)
	net := a.Store.Prompts().Text(content.PromptSafetyNet)
	close, far := cautionLines(t, a.NLU, 8)
	require.GreaterOrEqual(t, len(close), 5, "the development corpora have lines close to a red flag")
	require.Len(t, far, 8)
	var items []nlu.Labelled
	for _, s := range close {
		items = append(items, nlu.Labelled{Text: s})
	}
	for _, name := range []string{"text", "dialogflow-es", "dialogflow-cx", "web"} {
		t.Run(name, func(t *testing.T) {
			p := platform(t, name)
			for _, s := range close {
				r, err := p.Start().Send(context.Background(), Turn{Utterance: s})
				require.NoError(t, err)
				assert.NotEqual(t, content.UrgentHelpID, r.Topic, s)
				assert.NotEmpty(t, r.Topic, s)
				assert.True(t, strings.HasPrefix(r.Speech, net), "led by the safety net: %q", s)
			}
			for _, s := range far {
				r, err := p.Start().Send(context.Background(), Turn{Utterance: s})
				require.NoError(t, err)
				assert.False(t, strings.HasPrefix(r.Speech, net), "no safety net: %q", s)
			}
			rep, err := MeasureRedFlags(context.Background(), p, items, net)
			require.NoError(t, err)
			assert.Equal(t, len(close), rep.Netted, "MeasureRedFlags counts the answers led by the safety net")
		})
	}
}
