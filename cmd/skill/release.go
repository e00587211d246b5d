package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/release"
)

// releaseCommands are the subcommands of `skill release`.
var releaseCommands = []command{
	{"check", "refuse a release with example values, no endpoint, missing icons or unapproved answers", runReleaseCheck},
}

func runRelease(ctx context.Context, e *env, args []string) error {
	return group(ctx, e, "release", releaseCommands, "", args)
}

func runReleaseCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "release check", "",
		"Checks that the skill can be submitted for certification: skill.yaml holds no example\n"+
			"values (.example hosts, REPLACE-WITH-..., AWS's example account), skill-package/skill.json\n"+
			"has skill.yaml's endpoint in an Alexa region, icons of 108 and 512 pixels in every locale,\n"+
			"a real privacy policy and the CanFulfillIntentRequest interface, and every answer is\n"+
			"approved, unchanged and in date (content check --release). Errors fail the check.",
		"skill release check",
		"skill release check --dir ../milk-matters --json")
	dir := fs.String("dir", ".", "the repository `DIR` (skill.yaml, skill-package/, content/)")
	asJSON := fs.Bool("json", false, "print the findings as a JSON array")
	date := dateFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(e, fs, "give the repository with --dir"); err != nil {
		return err
	}
	now, err := dayOf(*date)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*dir, "skill.yaml")); err != nil {
		return fmt.Errorf("no skill.yaml in %s: run it in the repository's root, or pass --dir DIR", *dir)
	}
	findings := release.Check(os.DirFS(*dir))
	answers, err := contentFindings(filepath.Join(*dir, "content"), now, true)
	if err != nil {
		return err
	}
	for i := range answers {
		answers[i].File = filepath.ToSlash(filepath.Join("content", answers[i].File))
	}
	findings = append(findings, answers...)
	return reportFindings(e, findings, *asJSON, "release check", func(f content.Finding) string { return withDir(*dir, f.String()) })
}
