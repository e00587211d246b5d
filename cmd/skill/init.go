package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/feedingfriend/skill/internal/config"
)

// initField is one setting `skill init` asks for.
type initField struct {
	flag, question string
	value          func(*config.Skill) *string
}

var initFields = []initField{
	{"name", "Skill name (shown in the Alexa app and spoken in the welcome)", func(s *config.Skill) *string { return &s.Name }},
	{"invocation", "Invocation name (what people say after 'Alexa, open')", func(s *config.Skill) *string { return &s.Invocation }},
	{"nation", "Nation for signposting (england, scotland, wales, northern-ireland)", func(s *config.Skill) *string { return &s.Nation }},
	{"helpline-name", "Helpline name", func(s *config.Skill) *string { return &s.Signposts.HelplineName }},
	{"helpline-number", "Helpline number", func(s *config.Skill) *string { return &s.Signposts.HelplineNumber }},
	{"urgent", "Urgent service, as spoken (empty: the nation's own)", func(s *config.Skill) *string { return &s.Signposts.Urgent }},
	{"urgent-number", "Urgent service number (empty: the nation's own)", func(s *config.Skill) *string { return &s.Signposts.UrgentNumber }},
	{"disclaimer", "Disclaimer spoken in the welcome", func(s *config.Skill) *string { return &s.Disclaimer }},
	{"privacy-url", "Privacy policy URL (https)", func(s *config.Skill) *string { return &s.PrivacyPolicyURL }},
}

func runInit(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "init", "",
		"Makes the skill your own: rewrites skill.yaml with your name, invocation, nation, numbers,\n"+
			"disclaimer and privacy policy, then regenerates the Alexa skill package and the Dialogflow\n"+
			"agent. Settings not given as flags are asked for when standard input is a terminal.")
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
	path := filepath.Join(*dir, "skill.yaml")
	sk, err := config.Load(path)
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	ask := isTerminal(e.stdin)
	in := bufio.NewReader(e.stdin)
	for _, f := range initFields {
		v := f.value(sk)
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
			}
		}
	}
	if *locales != "" {
		sk.Locales = strings.Split(strings.ReplaceAll(*locales, " ", ""), ",")
	}
	sk.Invocation = strings.ToLower(strings.TrimSpace(sk.Invocation))
	if err := sk.Validate(); err != nil {
		return err
	}
	b, err := sk.Marshal()
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", path)
	if *noBuild {
		return nil
	}
	return buildModels(e, filepath.Join(*dir, "intents"), sk, *dir)
}
