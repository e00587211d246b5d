// Command genweights trains the offline NLU's logistic regression on the
// interaction model in intents/ and writes the weights file that package nlu
// embeds. Run it through go generate:
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
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genweights:", err)
		os.Exit(1)
	}
}

func run(out string) error {
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
	return nil
}
