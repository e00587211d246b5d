package skilltest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/channel"
)

// Options select what to run.
type Options struct {
	// Platforms limits the run to these platforms (empty: every platform).
	Platforms []string
	// Include runs only conversations with at least one of these tags; Exclude
	// leaves out conversations with any of them. Tags come from the file and the
	// conversation.
	Include, Exclude []string
}

// ParseTags splits a --tags value: "smoke,urgent" includes, "!slow" or "-slow"
// excludes.
func ParseTags(s string) (include, exclude []string) {
	for _, t := range strings.Split(s, ",") {
		t = strings.TrimSpace(t)
		switch {
		case t == "":
		case strings.HasPrefix(t, "!"), strings.HasPrefix(t, "-"):
			if t = strings.TrimSpace(t[1:]); t != "" {
				exclude = append(exclude, t)
			}
		default:
			include = append(include, t)
		}
	}
	return include, exclude
}

// Runner runs conversations on platform drivers.
type Runner struct {
	platforms map[string]channel.Platform
	names     []string // sorted
}

// NewRunner builds a runner over the given platforms, by name.
func NewRunner(platforms ...channel.Platform) *Runner {
	r := &Runner{platforms: map[string]channel.Platform{}}
	for _, p := range platforms {
		r.platforms[p.Name()] = p
		r.names = append(r.names, p.Name())
	}
	slices.Sort(r.names)
	return r
}

// ForApp builds a runner over every platform driver in channel.Names(), so a
// platform added there is tested without a change here.
func ForApp(a *app.App) (*Runner, error) {
	var ps []channel.Platform
	for _, name := range channel.Names() {
		p, err := channel.New(name, a)
		if err != nil {
			return nil, fmt.Errorf("skilltest: %w", err)
		}
		ps = append(ps, p)
	}
	return NewRunner(ps...), nil
}

// Platforms returns the runner's platform names, sorted.
func (r *Runner) Platforms() []string { return append([]string(nil), r.names...) }

// Run is one conversation on one platform.
type Run struct {
	Conversation *Conversation
	Platform     string
	// Skipped says why the run did not happen ("" when it ran).
	Skipped string
	// Steps are the steps that ran, in order; a run stops at its first failing step,
	// because later turns depend on the state it left.
	Steps []StepResult
}

// Failed reports whether any step failed.
func (r *Run) Failed() bool {
	for _, s := range r.Steps {
		if s.Failed() {
			return true
		}
	}
	return false
}

// StepResult is one step on one platform.
type StepResult struct {
	Step     *Step
	Reply    channel.Reply
	Failures []Failure
}

// Failed reports whether the step failed.
func (s StepResult) Failed() bool { return len(s.Failures) > 0 }

// Failure is one unmet expectation (or invariant, or error) of a step.
type Failure struct {
	Key  string
	Line int
	Want string
	Got  string
}

func (f Failure) String() string { return fmt.Sprintf("%s: want %s, got %s", f.Key, f.Want, f.Got) }

// Result is a whole run of the suite.
type Result struct {
	Runs []*Run
	// Passed, Failed and Skipped count conversation-platform runs.
	Passed, Failed, Skipped int
	// Focused is true when some conversation had only: true.
	Focused bool
}

// Check reports problems that stop the files running as asked: platforms the
// files or options name that the runner does not have.
func (r *Runner) Check(files []*File, opt Options) error {
	var probs []Problem
	for _, n := range opt.Platforms {
		if _, ok := r.platforms[n]; !ok {
			return fmt.Errorf("skilltest: unknown platform %q (have %s)", n, strings.Join(r.names, ", "))
		}
	}
	check := func(path string, line int, names []string) {
		for _, n := range names {
			if _, ok := r.platforms[n]; !ok {
				probs = append(probs, Problem{path, line, fmt.Sprintf("unknown platform %q (have %s)", n, strings.Join(r.names, ", "))})
			}
		}
	}
	for _, f := range files {
		check(f.Path, f.PlatformsLine, f.Platforms)
		for _, c := range f.Conversations {
			check(f.Path, c.PlatformsLine, c.Platforms)
		}
	}
	if len(probs) > 0 {
		return &FileError{probs}
	}
	for _, f := range files {
		for _, c := range f.Conversations {
			if !c.PhoneCall {
				continue
			}
			for _, n := range r.platformsFor(c, Options{}) {
				if _, ok := r.platforms[n].(channel.Caller); !ok {
					probs = append(probs, Problem{f.Path, c.PhoneCallLine, fmt.Sprintf("phone_call: %s cannot take a phone call; name the platforms that can (%s)", n, strings.Join(r.callers(), ", "))})
				}
			}
		}
	}
	if len(probs) > 0 {
		return &FileError{probs}
	}
	return nil
}

// callers lists the platforms that can take a phone call.
func (r *Runner) callers() []string {
	var out []string
	for _, n := range r.names {
		if _, ok := r.platforms[n].(channel.Caller); ok {
			out = append(out, n)
		}
	}
	return out
}

// selected reports whether the tags pass the filter.
func (opt Options) selected(tags []string) bool {
	for _, t := range opt.Exclude {
		if slices.Contains(tags, t) {
			return false
		}
	}
	if len(opt.Include) == 0 {
		return true
	}
	for _, t := range opt.Include {
		if slices.Contains(tags, t) {
			return true
		}
	}
	return false
}

// platformsFor returns the platforms a conversation runs on.
func (r *Runner) platformsFor(c *Conversation, opt Options) []string {
	names := r.names
	if len(c.File.Platforms) > 0 {
		names = c.File.Platforms
	}
	if len(c.Platforms) > 0 {
		names = c.Platforms
	}
	var out []string
	for _, n := range names {
		if _, ok := r.platforms[n]; !ok {
			continue
		}
		if len(opt.Platforms) == 0 || slices.Contains(opt.Platforms, n) {
			out = append(out, n)
		}
	}
	return out
}

// Run runs every selected conversation on each of its platforms. Conversations
// left out by tags or platform are not counted; skip: true and, when any
// conversation has only: true, every other conversation are counted as skipped.
func (r *Runner) Run(ctx context.Context, files []*File, opt Options) (*Result, error) {
	if err := r.Check(files, opt); err != nil {
		return nil, err
	}
	res := &Result{}
	var convs []*Conversation
	for _, f := range files {
		for _, c := range f.Conversations {
			if opt.selected(c.Tags()) {
				convs = append(convs, c)
				res.Focused = res.Focused || c.Only
			}
		}
	}
	for _, c := range convs {
		for _, name := range r.platformsFor(c, opt) {
			run := &Run{Conversation: c, Platform: name}
			res.Runs = append(res.Runs, run)
			switch {
			case c.Skip:
				run.Skipped = "skip: true"
			case res.Focused && !c.Only:
				run.Skipped = "another conversation has only: true"
			default:
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				r.run(ctx, run)
			}
			switch {
			case run.Skipped != "":
				res.Skipped++
			case run.Failed():
				res.Failed++
			default:
				res.Passed++
			}
		}
	}
	return res, nil
}

// run plays one conversation on a fresh session of one platform.
func (r *Runner) run(ctx context.Context, run *Run) {
	p := r.platforms[run.Platform]
	conv := p.Start()
	if c, ok := p.(channel.Caller); ok && run.Conversation.PhoneCall {
		conv = c.Call() // Check has refused a phone call on any other platform
	}
	for _, s := range run.Conversation.Steps {
		turn := channel.Turn{Launch: s.Launch, Utterance: s.User, Intent: s.Intent, Slots: s.Slots}
		sr := StepResult{Step: s}
		reply, err := send(ctx, conv, turn)
		if err != nil {
			sr.Failures = append(sr.Failures, Failure{Key: "error", Line: s.Line, Want: "a reply", Got: err.Error()})
		} else {
			sr.Reply = reply
			for _, e := range s.Expect {
				if got, ok := e.check(reply); !ok {
					sr.Failures = append(sr.Failures, Failure{Key: e.Key, Line: e.Line, Want: e.Want, Got: got})
				}
			}
			for _, inv := range invariants {
				if got, ok := inv.check(reply); !ok {
					sr.Failures = append(sr.Failures, Failure{Key: "invariant (" + inv.name + ")", Line: s.Line, Want: inv.want, Got: got})
				}
			}
		}
		run.Steps = append(run.Steps, sr)
		if sr.Failed() {
			return
		}
	}
}

// send calls the driver, turning a panic in platform code into a failure so
// one broken driver cannot stop the suite.
func send(ctx context.Context, conv channel.Conversation, t channel.Turn) (reply channel.Reply, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return conv.Send(ctx, t)
}
