//go:build bench

package gobench

import (
	"testing"

	"github.com/feedingfriend/skill/internal/app"
)

// BenchmarkAppNew is the start-up work of the Alexa Lambda: load and check the
// embedded answers, the interaction model and skill.yaml (no NLU).
func BenchmarkAppNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := app.New(app.Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppNewNLU is the start-up work of `skill invoke` and `skill serve`,
// which also train the offline NLU.
func BenchmarkAppNewNLU(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := app.New(app.Config{NLU: true}); err != nil {
			b.Fatal(err)
		}
	}
}
