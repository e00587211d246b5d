//go:build bench

package gobench

import (
	"testing"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/prebuilt"
)

// BenchmarkAppNew is the start-up work of the Alexa Lambda: the image of the
// embedded answers, interaction model and skill.yaml (internal/prebuilt/embedded),
// its fingerprint checked against the files and its answers filled for the
// nation (no NLU).
func BenchmarkAppNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := app.New(app.Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppNewFromFiles is the same start from the YAML, loaded, checked
// and verified at start-up: what an editor's working copy (--content,
// --model, the studio) costs, and what every start cost before the image.
func BenchmarkAppNewFromFiles(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := app.New(app.Config{Content: contentfiles.FS, Model: intents.FS}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImageFingerprint is the part of BenchmarkAppNew that holds the
// image to the files the binary carries: a CRC-32C over some 440 KB.
func BenchmarkImageFingerprint(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := prebuilt.EmbeddedFingerprint(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppNewNLU is the start-up work of `skill serve` and the Dialogflow
// webhook, which also build the offline NLU (`skill invoke --platform alexa`
// and the Alexa Lambda build it only for a request that carries words).
func BenchmarkAppNewNLU(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := app.New(app.Config{NLU: true}); err != nil {
			b.Fatal(err)
		}
	}
}
