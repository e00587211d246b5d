package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/feedingfriend/skill/internal/channel"
	"github.com/feedingfriend/skill/internal/content"
)

// defaultRedFlagCorpora are the corpora `skill model redflags` measures when
// given no files: the frozen blind sets.
var defaultRedFlagCorpora = []string{"intents/testdata/blind/red-flags.yaml", "intents/testdata/blind/ordinary.yaml"}

func runModelRedFlags(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "model redflags", "[FILE...]",
		"Measures red-flag recall, level accuracy and the over-trigger rate on every platform, each line\n"+
			"as a new session through that platform's real request and response code. Lines with level\n"+
			"emergency or urgent are red flags; the rest must not reach urgent help. With no FILE, the\n"+
			"blind corpora: "+fmt.Sprint(defaultRedFlagCorpora)+".\n"+
			"--misses lists the lines missed: use it on the development corpora (intents/testdata/redflag-dev*.yaml),\n"+
			"never to tune on the blind sets. On alexa the development corpora are training data (intents/alexa-samples.yaml):\n"+
			"their figures there are not a new author's (TestAlexaSamplesOnANewAuthor holds a pair out).")
	misses := fs.Bool("misses", false, "list the red-flag lines missed and the ordinary lines that over-triggered")
	only := fs.String("platform", "", "measure only `PLATFORM` (default: every platform)")
	af := addAppFlags(fs)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		files = defaultRedFlagCorpora
	}
	items, err := readLabelled(files)
	if err != nil {
		return err
	}
	a, err := af.build()
	if err != nil {
		return err
	}
	names := channel.Names()
	if *only != "" {
		names = []string{*only}
	}
	for _, name := range names {
		p, err := channel.New(name, a)
		if err != nil {
			return err
		}
		rep, err := channel.MeasureRedFlags(ctx, p, items, a.Store.Prompts().Text(content.PromptSafetyNet))
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, rep.Summary())
		fmt.Fprintln(e.stdout, rep.NetSummary())
		var whos []string
		for w := range rep.PerWho {
			whos = append(whos, w)
		}
		sort.Strings(whos)
		for _, w := range whos {
			c := rep.PerWho[w]
			fmt.Fprintf(e.stdout, "    %-14s %5.1f%% (%d/%d)\n", w, 100*float64(c[0])/float64(max(c[1], 1)), c[0], c[1])
		}
		if *misses {
			for _, m := range rep.Misses {
				fmt.Fprintf(e.stdout, "    MISS  %-9s %-32s %-24s %s\n", m.Level, m.Situation, m.Intent, m.Text)
			}
			for _, m := range rep.Under {
				fmt.Fprintf(e.stdout, "    UNDER %-9s %-32s %-24s %s\n", m.Level, m.Situation, m.Intent, m.Text)
			}
			for _, m := range rep.FalseAlarms {
				fmt.Fprintf(e.stdout, "    FALSE %-9s %-32s %-24s %s\n", m.Label(), m.Situation, m.Intent, m.Text)
			}
		}
	}
	return nil
}
