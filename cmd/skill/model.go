package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/model"
)

// modelCommands are the subcommands of `skill model`; each lives in its own file.
var modelCommands = []command{
	{"build", "generate the Alexa skill package and the Dialogflow agent from intents/", runModelBuild},
	{"lint", "check the model offline for conflicts, near-duplicates, thin intents and platform rules", runModelLint},
	{"eval", "precision, recall, F1 and confusion of the offline NLU on a labelled file (--html report)", runModelEval},
	{"explain", "say why the offline NLU understood an utterance as it did", runModelExplain},
	{"redflags", "red-flag recall, level accuracy and over-triggering on every platform", runModelRedFlags},
}

func runModel(ctx context.Context, e *env, args []string) error {
	return group(ctx, e, "model", modelCommands, "", args)
}

// loadModel loads the interaction model from dir, or the built-in one when dir is "".
func loadModel(dir string) (*model.Model, error) {
	var fsys fs.FS = intents.FS
	if dir != "" {
		fsys = os.DirFS(dir)
	}
	return model.Load(fsys)
}

// builders write one platform's generated model under out; each lives in its own file.
var builders = []struct {
	name  string
	build func(m *model.Model, sk *config.Skill, out string) error
}{
	{"alexa", buildAlexaPackage},
	{"dialogflow", buildDialogflowAgent},
}

func runModelBuild(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "model build", "", "Generates skill-package/ (Alexa, ASK CLI v2 layout), dialogflow/agent.zip (Dialogflow ES) and\ndialogflow/cx-agent.zip (Dialogflow CX) from intents/.")
	out := fs.String("out", ".", "write the generated files under `DIR`")
	dir := fs.String("model", "", "read the interaction model from `DIR` instead of the built-in one")
	cfgPath := fs.String("config", "", "read the skill's configuration from `FILE` instead of the built-in skill.yaml")
	if err := parse(fs, args); err != nil {
		return err
	}
	sk, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	return buildModels(e, *dir, sk, *out)
}

// loadConfig reads skill.yaml from path, or the built-in one when path is "".
func loadConfig(path string) (*config.Skill, error) {
	if path == "" {
		return config.Embedded()
	}
	return config.Load(path)
}

// buildModels writes every platform's generated model under out, with the
// skill's name, invocation, locales and privacy policy from sk.
func buildModels(e *env, modelDir string, sk *config.Skill, out string) error {
	m, err := loadModel(modelDir)
	if err != nil {
		return err
	}
	m.Invocation = sk.Invocation
	for _, b := range builders {
		if err := b.build(m, sk, out); err != nil {
			return fmt.Errorf("%s: %w", b.name, err)
		}
		fmt.Fprintf(e.stdout, "built %s model under %s\n", b.name, out)
	}
	return nil
}
