package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/skill"
)

// invoker passes one raw platform request body through exactly the code that
// platform's function runs and returns the raw response body. A request the
// platform's code cannot read is an error of kind skill.Invalid.
type invoker func(ctx context.Context, a *app.App, body []byte) ([]byte, error)

// invokers lists the platforms `skill invoke` can run, each with a captured
// request to show; each lives in its own file.
var invokers = map[string]struct {
	run     invoker
	example string
}{
	"alexa":         {invokeAlexa, "internal/alexa/testdata/launch.json"},
	"dialogflow-es": {invokeDialogflowES, "internal/dialogflow/testdata/es_latch.json"},
	"dialogflow-cx": {invokeDialogflowCX, "internal/dialogflow/testdata/cx_latch.json"},
}

func invokerNames() string {
	var n []string
	for k := range invokers {
		n = append(n, k)
	}
	sort.Strings(n)
	return strings.Join(n, ", ")
}

func runInvoke(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "invoke", "[FILE | -]",
		"Passes a raw platform request (JSON) through exactly the code the deployed function runs\nand prints the raw response. Reads standard input when FILE is absent or -.",
		"skill invoke --platform alexa internal/alexa/testdata/launch.json",
		"skill invoke --platform dialogflow-es internal/dialogflow/testdata/es_latch.json",
		"skill invoke --platform dialogflow-cx - < internal/dialogflow/testdata/cx_latch.json")
	platform := fs.String("platform", "alexa", "platform of the request: "+invokerNames())
	af := addAppFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	inv, ok := invokers[*platform]
	if !ok {
		return fmt.Errorf("unknown platform %q (want one of %s)", *platform, invokerNames())
	}
	var body []byte
	var err error
	if fs.NArg() == 0 || fs.Arg(0) == "-" {
		hintTerminal(e, fmt.Sprintf("Paste the %s request (JSON), then press Ctrl-D. Or give a FILE: skill invoke --platform %s %s", *platform, *platform, inv.example))
		body, err = io.ReadAll(io.LimitReader(e.stdin, 1<<20))
	} else {
		body, err = os.ReadFile(fs.Arg(0))
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("request file %s does not exist; give a FILE with a raw %s request (such as %s), or - to read standard input", fs.Arg(0), *platform, inv.example)
		}
	}
	if err != nil {
		return err
	}
	// Run as the functions run: the Dialogflow webhooks re-read the words with the
	// offline NLU; the Alexa function builds it only when a Describe intent
	// brings words, so a one-shot intent does not pay for it.
	a, err := af.buildWith(*platform == "alexa")
	if err != nil {
		return err
	}
	out, err := inv.run(ctx, a, body)
	if skill.KindOf(err) == skill.Invalid {
		return fmt.Errorf("not a valid %s request (%w); compare it with a captured one, such as %s", *platform, err, inv.example)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.stdout, string(out))
	return err
}
