package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
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
	var err error
	if f.contentDir != "" {
		if cfg.Content, err = flagDir("content", f.contentDir, "*.yaml", "answer files (*.yaml)"); err != nil {
			return nil, err
		}
	}
	if f.modelDir != "" {
		if cfg.Model, err = flagDir("model", f.modelDir, "model.yaml", "model.yaml"); err != nil {
			return nil, err
		}
	}
	return app.New(cfg)
}

// flagDir opens the directory dir that the flag --name names, which must hold
// files matching pattern (what). A directory that is missing, is not one or
// holds none is named, with what to do about it.
func flagDir(name, dir, pattern, what string) (fs.FS, error) {
	fix := fmt.Sprintf("pass --%s DIR with %s, or leave it out to use the built-in %s", name, what, name)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s directory %s does not exist; %s", name, dir, fix)
	case err != nil:
		return nil, fmt.Errorf("%s directory: %w; %s", name, err, fix)
	case !fi.IsDir():
		return nil, fmt.Errorf("%s directory %s is not a directory; %s", name, dir, fix)
	}
	fsys := os.DirFS(dir)
	if m, _ := fs.Glob(fsys, pattern); len(m) == 0 {
		return nil, fmt.Errorf("%s directory %s has no %s; %s", name, dir, what, fix)
	}
	return fsys, nil
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
