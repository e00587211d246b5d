package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/prebuilt"
)

// initField is one setting `skill init` asks for: its flag, its question and
// its key in skill.yaml.
type initField struct {
	flag, question, key string
	value               func(*config.Skill) *string
}

var initFields = []initField{
	{"name", "Skill name (shown in the Alexa app and spoken in the welcome)", "name", func(s *config.Skill) *string { return &s.Name }},
	{"invocation", "Invocation name (what people say after 'Alexa, open'; follows a new name unless you type one)", "invocation", func(s *config.Skill) *string { return &s.Invocation }},
	{"nation", "Nation for signposting (england, scotland, wales, northern-ireland)", "nation", func(s *config.Skill) *string { return &s.Nation }},
	{"helpline-name", "Helpline name", "signposts.helpline_name", func(s *config.Skill) *string { return &s.Signposts.HelplineName }},
	{"helpline-number", "Helpline number", "signposts.helpline_number", func(s *config.Skill) *string { return &s.Signposts.HelplineNumber }},
	{"urgent", "Urgent service, as spoken (empty: the nation's own)", "signposts.urgent", func(s *config.Skill) *string { return &s.Signposts.Urgent }},
	{"urgent-number", "Urgent service number (empty: the nation's own)", "signposts.urgent_number", func(s *config.Skill) *string { return &s.Signposts.UrgentNumber }},
	{"disclaimer", "Disclaimer spoken in the welcome", "disclaimer", func(s *config.Skill) *string { return &s.Disclaimer }},
	{"privacy-url", "Privacy policy URL (https)", "privacy_policy_url", func(s *config.Skill) *string { return &s.PrivacyPolicyURL }},
	{"endpoint", "Alexa endpoint: the stack's AlexaFunctionArn output (a Lambda in " + config.UKRegion + " for the UK) or an https URL (empty until deployed)", "endpoint", func(s *config.Skill) *string { return &s.Endpoint }},
	{"small-icon", "Your own 108x108 PNG icon (path; empty: generated from the name)", "icons.small", func(s *config.Skill) *string { return &s.Icons.Small }},
	{"large-icon", "Your own 512x512 PNG icon (path; empty: generated from the name)", "icons.large", func(s *config.Skill) *string { return &s.Icons.Large }},
}

func runInit(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "init", "",
		"Makes the skill your own: rewrites skill.yaml with your name, invocation, nation, numbers,\n"+
			"disclaimer, privacy policy, Alexa endpoint and icons, then regenerates the Alexa skill package,\n"+
			"the Dialogflow agent and the built-in image (go generate, so it needs Go). Settings not given\n"+
			"as flags are asked for when standard input is a terminal.\n"+
			"A new name brings its own invocation (\"Milk Matters\": \"milk matters\") unless --invocation\n"+
			"is given. Only the lines of the settings that change are rewritten: comments stay.",
		"skill init    # in a terminal: asks for each setting, Enter keeps it",
		`skill init --name "Milk Matters" --nation scotland --privacy-url https://YOUR-SITE/privacy`,
		"skill init --helpline-number \"0300 123 4567\" --no-build",
		`skill init --endpoint "$(aws cloudformation describe-stacks --stack-name feeding-friend --region eu-west-1 --query "Stacks[0].Outputs[?OutputKey=='AlexaFunctionArn'].OutputValue" --output text)"`)
	dir := fs.String("dir", ".", "the repository `DIR` to change")
	locales := fs.String("locales", "", "comma-separated `LOCALES` (en-GB first; en-US, en-AU, en-CA, en-IN)")
	noBuild := fs.Bool("no-build", false, "only rewrite skill.yaml")
	vals := map[string]*string{}
	for _, f := range initFields {
		vals[f.flag] = fs.String(f.flag, "", f.question)
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(e, fs, fmt.Sprintf("give settings as flags, such as --name %q, or run it in a terminal to be asked", strings.Join(fs.Args(), " "))); err != nil {
		return err
	}
	path := filepath.Join(*dir, "skill.yaml")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("no skill.yaml in %s: run skill init in the repository's root, or pass --dir DIR", *dir)
	}
	if err != nil {
		return err
	}
	sk, err := config.Parse(data)
	if err != nil {
		return err
	}
	oldName := sk.Name
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	ask := isTerminal(e.stdin)
	in := bufio.NewReader(e.stdin)
	for _, f := range initFields {
		v := f.value(sk)
		if f.flag == "invocation" && sk.Name != oldName {
			*v = config.InvocationFor(sk.Name) // the default: typed or given, another wins
		}
		switch {
		case given[f.flag]:
			*v = *vals[f.flag]
		case ask:
			fmt.Fprintf(e.stdout, "%s [%s]: ", f.question, *v)
			line, err := in.ReadString('\n')
			if err != nil && line == "" {
				return fmt.Errorf("reading an answer: %w", err)
			}
			if line = strings.TrimSpace(line); line != "" {
				*v = line
				given[f.flag] = true
			}
		}
	}
	followed := sk.Name != oldName && !given["invocation"]
	if *locales != "" {
		sk.Locales = strings.Split(strings.ReplaceAll(*locales, " ", ""), ",")
	}
	sk.Invocation = strings.ToLower(strings.TrimSpace(sk.Invocation))
	if err := sk.Validate(); err != nil {
		if followed {
			return fmt.Errorf("%w\n  (the invocation follows the new name; pass --invocation to choose one)", err)
		}
		return err
	}
	out, err := sk.Rewrite(data)
	if err != nil {
		return err
	}
	if string(out) == string(data) {
		fmt.Fprintf(e.stdout, "%s unchanged\n", path)
	} else if err := os.WriteFile(path, out, 0o644); err != nil {
		return err
	} else {
		fmt.Fprintf(e.stdout, "wrote %s\n", path)
	}
	warnPlaceholders(e, sk)
	if *noBuild {
		return nil
	}
	if err := buildModels(e, filepath.Join(*dir, "intents"), sk, *dir); err != nil {
		return err
	}
	return regenerateImage(ctx, e, *dir)
}

// regenerateImage writes the image of the built-in files again in the
// repository dir (prebuilt.Regenerate), as skill.yaml changed: binaries
// built after it start from the new settings without reading the files, and
// the image's freshness test passes. It needs the Go toolchain, as building
// the skill does. A dir that holds no image (only skill.yaml and the files)
// has none to write.
func regenerateImage(ctx context.Context, e *env, dir string) error {
	if _, err := os.Stat(filepath.Join(dir, prebuilt.ImageFile)); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	args := strings.Fields(prebuilt.Regenerate)
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, e.stdout, e.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("skill.yaml changed, but the built-in image could not be written again (%w): run `%s` in %s", err, prebuilt.Regenerate, dir)
	}
	fmt.Fprintf(e.stdout, "wrote the built-in image (%s)\n", prebuilt.Regenerate)
	return nil
}

// warnPlaceholders flags, loudly, settings that still hold an example value,
// with the flag that replaces each.
func warnPlaceholders(e *env, sk *config.Skill) {
	for _, p := range sk.Placeholders() {
		how := "edit it in skill.yaml"
		for _, f := range initFields {
			if f.key == p.Key {
				how = "pass --" + f.flag + " with your own"
			}
		}
		fmt.Fprintf(e.stderr, "WARNING: %s %q %s: a placeholder, not yours; %s before you certify or publish the skill\n", p.Key, p.Value, p.Why, how)
	}
}
