package channel

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/nlu"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAlexaSamplesOnANewAuthor measures the Alexa-only samples as a new
// author's lines would meet them: Alexa's model is built with samples from
// every development corpus but the twelfth and thirteenth, and with none, and
// the honest Alexa driver meets those two corpora (1,597 lines, written by
// two authors the samples never saw). The samples must lift recall a long way
// without over-triggering more than text does on the same lines.
func TestAlexaSamplesOnANewAuthor(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two Alexa models and their stand-ins")
	}
	const dir = "../../intents/testdata"
	all, err := nlu.ReadDetectorCorpora(dir)
	require.NoError(t, err)
	var train []nlu.DetectorCorpus
	var test []nlu.Labelled
	for _, c := range all {
		if c.Name == "redflag-dev12.yaml" || c.Name == "redflag-dev13.yaml" {
			test = append(test, c.Items...)
		} else {
			train = append(train, c)
		}
	}
	require.Len(t, train, len(all)-2)
	m, err := model.Load(intents.FS)
	require.NoError(t, err)
	exclude, err := nlu.ReadAlexaSampleExclusions(dir)
	require.NoError(t, err)
	samples, err := nlu.GenerateAlexaSamples(m, train, exclude)
	require.NoError(t, err)
	measure := func(alexaSamples []byte) RedFlagReport {
		tmp := t.TempDir()
		require.NoError(t, os.CopyFS(tmp, intents.FS))
		require.NoError(t, os.WriteFile(filepath.Join(tmp, model.AlexaSamplesFile), alexaSamples, 0o644))
		a, err := app.New(app.Config{NLU: true, Model: os.DirFS(tmp)})
		require.NoError(t, err)
		p, err := New("alexa", a)
		require.NoError(t, err)
		rep, err := MeasureRedFlags(context.Background(), p, test, a.Store.Prompts().Text(content.PromptSafetyNet))
		require.NoError(t, err)
		return rep
	}
	without := measure([]byte("intents: {}\n"))
	with := measure(samples)
	text, err := MeasureRedFlags(context.Background(), platform(t, "text"), test, "")
	require.NoError(t, err)
	t.Logf("without: %s", without.Summary())
	t.Logf("with:    %s", with.Summary())
	t.Logf("text:    %s", text.Summary())
	assert.Greater(t, with.Recall(), without.Recall()+20, "recall, in points")
	assert.GreaterOrEqual(t, with.Recall(), 90.0)
	assert.LessOrEqual(t, with.OverTrigger(), text.OverTrigger()+2, "over-triggering, against text's on the same lines")
	assert.Zero(t, with.UnderTriaged, "no 999 line given only 111")
}
