package nlu

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sameWords is how two lines are compared: lower case, letters and digits only.
func sameWords(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// TestBlindLinesNotInTraining: no line of three words or more of the held-out
// set, the development topic set or a blind set stands among the training
// samples (Alexa's own included) or the out-of-scope examples, word for word: a figure measured on
// lines the model was trained on is not a figure. Shorter lines are keywords
// and commands ("mastitis", "stop", "help me"), which any author writes alike
// and the model must know by name.
func TestBlindLinesNotInTraining(t *testing.T) {
	m := loadModel(t)
	trained := map[string]string{}
	for _, in := range m.All() {
		for _, s := range slices.Concat(in.Samples, in.AlexaSamples) {
			trained[sameWords(s.Text)] = fmt.Sprintf("%s:%d", s.File, s.Line)
		}
	}
	for _, s := range m.OutOfScope {
		trained[sameWords(s.Text)] = fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	files, err := filepath.Glob("../../intents/testdata/blind/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	// The red-flag detector is trained on the development red-flag corpora:
	// no blind line may be one of their lines. Only the development line is
	// named, so a failure does not show the blind set.
	devLines := map[string]string{}
	corpora, err := filepath.Glob("../../intents/testdata/" + DetectorCorpusGlob)
	require.NoError(t, err)
	for _, c := range corpora {
		for _, it := range loadCorpus(t, c) {
			devLines[sameWords(it.Text)] = fmt.Sprintf("%s line %d", filepath.Base(c), it.Line)
		}
	}
	for _, f := range files {
		for _, it := range loadCorpusIfExists(t, f) {
			if len(strings.Fields(sameWords(it.Text))) < 3 {
				continue
			}
			if at, ok := devLines[sameWords(it.Text)]; ok {
				assert.Fail(t, "a blind line is in a development red-flag corpus the detector is trained on", "%s, in %s", at, filepath.Base(f))
			}
		}
	}
	// The NLU's development sets too.
	files = append(files, "../../intents/testdata/heldout.yaml", "../../intents/testdata/dev-topics.yaml",
		"../../intents/testdata/dev-oos.yaml")
	for _, f := range files {
		items := loadCorpusIfExists(t, f)
		for _, it := range items {
			if len(strings.Fields(sameWords(it.Text))) < 3 {
				continue
			}
			at, ok := trained[sameWords(it.Text)]
			switch {
			case ok && strings.Contains(f, "/blind/"):
				// Only the sample is named, so a failure does not show the blind set.
				assert.Fail(t, "a blind line is a training sample", "intents/%s, in %s", at, filepath.Base(f))
			case ok:
				assert.Fail(t, "an evaluation line is a training sample", "%s line %d: %q is also in intents/%s", filepath.Base(f), it.Line, it.Text, at)
			}
		}
	}
}
