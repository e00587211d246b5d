// Command skill is the Feeding Friend command-line tool: talk to the skill
// offline, run platform requests through the real handlers, test conversations,
// build the platform models and look after the content.
//
// Run `skill help` for the commands and `skill COMMAND --help` for each one.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is the command's standard streams, so commands can be tested.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// commands lists every subcommand, in the order `skill help` shows them.
var commands = []command{
	{"ask", "answer utterances as new sessions (one argument, or one per line on stdin)", runAsk},
	{"chat", "talk to the skill in the terminal, turn by turn", runChat},
	{"invoke", "pass a raw platform request through the real function code", runInvoke},
	{"test", "run conversation tests on every platform", runTest},
	{"model", "build, lint, evaluate and explain the interaction model", runModel},
	{"serve", "serve Alexa and Dialogflow over HTTP (self-hosting, local development)", runServe},
	{"init", "make the skill your own: name, invocation, nation, numbers; regenerate the models", runInit},
	{"content", "status, approve, diff, audit and check the answers", runContent},
	{"release", "check the skill is ready to submit: no example values, endpoint, icons, approvals", runRelease},
	{"studio", "serve the content studio: edit, review and approve answers in a browser", runStudio},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{os.Stdin, os.Stdout, os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || isHelp(args[0]) {
		usage(e.stdout)
		return 0
	}
	c, ok := lookup(commands, args[0])
	if !ok {
		fmt.Fprintf(e.stderr, "skill: unknown command %q\n\n", args[0])
		usage(e.stderr)
		return 2
	}
	err := c.run(ctx, e, args[1:])
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(e.stderr, "skill %s: %v\n", c.name, err)
	var ec exitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return 1
}

// group runs the subcommand of a command group (skill model, skill content,
// skill release) that args name: with none, or help, it lists them (and about,
// when given) on stdout and succeeds; an unknown name is a usage error, exit
// status 2, like an unknown command. Every group dispatches here.
func group(ctx context.Context, e *env, name string, cmds []command, about string, args []string) error {
	if len(args) == 0 || isHelp(args[0]) {
		fmt.Fprintf(e.stdout, "Usage: skill %s COMMAND [flags]\n\nCommands:\n", name)
		for _, c := range cmds {
			fmt.Fprintf(e.stdout, "  %-9s %s\n", c.name, c.summary)
		}
		if about != "" {
			fmt.Fprintln(e.stdout, "\n"+about)
		}
		return nil
	}
	if c, ok := lookup(cmds, args[0]); ok {
		return c.run(ctx, e, args[1:])
	}
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.name
	}
	fmt.Fprintf(e.stderr, "skill %s: unknown command %q (want one of %s)\n", name, args[0], strings.Join(names, ", "))
	return errUsage
}

// lookup finds the command named name.
func lookup(cmds []command, name string) (command, bool) {
	for _, c := range cmds {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func isHelp(arg string) bool { return arg == "help" || arg == "-h" || arg == "--help" }

// errUsage reports a usage error already printed by the flag set.
var errUsage = errors.New("usage")

// exitCoder is an error with its own exit status.
type exitCoder interface{ ExitCode() int }

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: skill COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'skill COMMAND --help' for a command's flags.")
}

// newFlags returns a flag set that prints its usage to e.stderr: what the
// command does, its flags, then examples, one command line each.
func newFlags(e *env, name, args, about string, examples ...string) *flag.FlagSet {
	fs := flag.NewFlagSet("skill "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: skill %s [flags] %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
		if len(examples) > 0 {
			fmt.Fprintf(e.stderr, "\nExamples:\n  %s\n", strings.Join(examples, "\n  "))
		}
	}
	return fs
}

// noArgs refuses arguments to a command that takes none, saying what to do
// instead.
func noArgs(e *env, fs *flag.FlagSet, instead string) error {
	if fs.NArg() == 0 {
		return nil
	}
	fmt.Fprintf(e.stderr, "%s takes no arguments (got %q); %s\n", fs.Name(), strings.Join(fs.Args(), " "), instead)
	return errUsage
}

// parse parses flags, turning a bad flag into errUsage and --help into flag.ErrHelp.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// parseArgs parses flags that may come before or after the positional
// arguments (skill model eval FILE --html report.html, skill content approve
// latch --by X) and returns the positional ones. "--" ends the flags: what
// follows it is positional, even "-b". It is the one parser of every command
// that takes both.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}
