package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/feedingfriend/skill/internal/channel"
	"github.com/feedingfriend/skill/internal/skilltest"
)

// defaultTestPath is where the conversation tests live, from the repository root.
const defaultTestPath = "tests/conversations"

// errTestsFailed reports that a conversation failed; the messages and the
// summary are already printed.
var errTestsFailed = errors.New("conversation tests failed")

// runTest runs the conversation tests. After a failure it exits with status 1
// itself: main's error path would print a line after the summary, and the
// summary must stay the last line of the output.
func runTest(ctx context.Context, e *env, args []string) error {
	err := testConversations(ctx, e, args)
	if errors.Is(err, errTestsFailed) {
		os.Exit(1)
	}
	return err
}

// testConversations is `skill test` without the exit, for tests.
func testConversations(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "test", "[PATHS...]",
		"Runs the conversation tests (YAML) on every platform driver ("+strings.Join(channel.Names(), ", ")+"),\n"+
			"offline, and prints each failure with its file:line, then 'N passed, N failed[, N skipped]'\n"+
			"counting conversation-platform runs. PATHS are files or directories (default "+defaultTestPath+").\n"+
			"The format is described in tests/conversations/README.md.")
	platform := fs.String("platform", "", "run only on `P` (comma-separated list; default every platform)")
	tags := fs.String("tags", "", "run only conversations tagged `T` (comma-separated; !tag or -tag leaves a tag out)")
	verbose := fs.Bool("v", false, "list every conversation-platform run")
	af := addAppFlags(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		paths = []string{defaultTestPath}
	}
	files, err := skilltest.Load(paths...)
	if err != nil {
		var fe *skilltest.FileError
		if errors.As(err, &fe) {
			return fmt.Errorf("the test files have mistakes:\n%w", err)
		}
		return err
	}
	a, err := af.build()
	if err != nil {
		return err
	}
	runner, err := skilltest.ForApp(a)
	if err != nil {
		return err
	}
	opt := skilltest.Options{}
	opt.Include, opt.Exclude = skilltest.ParseTags(*tags)
	for _, p := range strings.Split(*platform, ",") {
		if p = strings.TrimSpace(p); p != "" {
			opt.Platforms = append(opt.Platforms, p)
		}
	}
	res, err := runner.Run(ctx, files, opt)
	if err != nil {
		return err
	}
	if err := skilltest.Write(e.stdout, res, *verbose); err != nil {
		return err
	}
	if res.Failed > 0 {
		return errTestsFailed
	}
	if res.Passed+res.Failed == 0 {
		return errors.New("no conversation ran (check --tags, --platform and only/skip)")
	}
	return nil
}
