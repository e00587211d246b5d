// Command genweights trains the offline NLU's logistic regression on the
// interaction model in intents/ and writes the weights file that package nlu
// embeds, the red-flag detector's, and intents/alexa-samples.yaml (the
// Alexa-only samples, from the red-flag development corpora). Run it through go generate:
//
//	go generate ./internal/nlu
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/nlu"
	"github.com/google/renameio/v2"
)

func main() {
	out := flag.String("o", "weights/model.bin", "the weights file to write")
	det := flag.String("detector", "weights/redflag.bin", "the red-flag detector's weights file to write")
	corpora := flag.String("corpora", "../../intents/testdata", "the directory of the red-flag development corpora")
	alexa := flag.String("alexa", "../../intents/"+model.AlexaSamplesFile, "the Alexa-only samples file to write")
	flag.Parse()
	if err := run(*out, *det, *corpora, *alexa); err != nil {
		fmt.Fprintln(os.Stderr, "genweights:", err)
		os.Exit(1)
	}
}

func run(out, det, corpora, alexa string) error {
	m, err := model.Load(intents.FS)
	if err != nil {
		return err
	}
	data, err := nlu.GenerateWeights(m)
	if err != nil {
		return err
	}
	if err := renameio.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	fmt.Printf("genweights: wrote %s (%d bytes)\n", out, len(data))
	cs, err := nlu.ReadDetectorCorpora(corpora)
	if err != nil {
		return err
	}
	data, err = nlu.GenerateDetector(m, cs)
	if err != nil {
		return err
	}
	if err := renameio.WriteFile(det, data, 0o644); err != nil {
		return err
	}
	fmt.Printf("genweights: wrote %s (%d bytes, from %d corpora)\n", det, len(data), len(cs))
	exclude, err := nlu.ReadAlexaSampleExclusions(corpora)
	if err != nil {
		return err
	}
	data, err = nlu.GenerateAlexaSamples(m, cs, exclude)
	if err != nil {
		return err
	}
	if err := renameio.WriteFile(alexa, data, 0o644); err != nil {
		return err
	}
	fmt.Printf("genweights: wrote %s (%d bytes)\n", alexa, len(data))
	return nil
}
