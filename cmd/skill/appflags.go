package main

import (
	"flag"
	"os"
	"strings"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/channel"
)

// appFlags are the flags every command that runs the skill shares.
type appFlags struct {
	nation       string
	approvedOnly bool
	contentDir   string
	modelDir     string
}

func addAppFlags(fs *flag.FlagSet) *appFlags {
	f := &appFlags{}
	fs.StringVar(&f.nation, "nation", os.Getenv("SKILL_NATION"), "signposting for `NATION`: england, scotland, wales or northern-ireland (default: skill.yaml's)")
	fs.BoolVar(&f.approvedOnly, "approved-only", false, "serve only approved, in-date answers (deployed functions always do)")
	fs.StringVar(&f.contentDir, "content", "", "read answers from `DIR` instead of the built-in ones (an editor's working copy)")
	fs.StringVar(&f.modelDir, "model", "", "read the interaction model from `DIR` instead of the built-in one")
	return f
}

// build wires the skill with the NLU.
func (f *appFlags) build() (*app.App, error) { return f.buildWith(false) }

// buildWith wires the skill with the NLU, built at once, or on the first
// request that carries words when lazy (as the Alexa function does).
func (f *appFlags) buildWith(lazy bool) (*app.App, error) {
	cfg := app.Config{Nation: f.nation, ApprovedOnly: f.approvedOnly, NLU: !lazy, LazyNLU: lazy}
	if f.contentDir != "" {
		cfg.Content = os.DirFS(f.contentDir)
	}
	if f.modelDir != "" {
		cfg.Model = os.DirFS(f.modelDir)
	}
	return app.New(cfg)
}

// platformFlags are the flags of the commands that talk to the skill through one
// platform's real code (ask, chat).
type platformFlags struct {
	*appFlags
	platform string
}

func addPlatformFlags(fs *flag.FlagSet) *platformFlags {
	f := &platformFlags{}
	fs.StringVar(&f.platform, "platform", "text", "platform to run through: "+strings.Join(channel.Names(), ", "))
	f.appFlags = addAppFlags(fs)
	return f
}

// open wires the skill with the NLU and returns the chosen platform's driver.
func (f *platformFlags) open() (channel.Platform, error) {
	a, err := f.build()
	if err != nil {
		return nil, err
	}
	return channel.New(f.platform, a)
}
