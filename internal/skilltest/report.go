package skilltest

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Kinds of message.
const (
	// KindFail is a step that failed on every platform that ran it.
	KindFail = "FAIL"
	// KindPlatformDifference is a step that passed on some platforms and failed on others.
	KindPlatformDifference = "PLATFORM DIFFERENCE"
)

// Message is one failing step of one conversation, across its platforms.
type Message struct {
	Kind         string
	Conversation *Conversation
	Step         *Step
	// Passed and Failed name the platforms the step passed and failed on.
	Passed, Failed []string
	// Text is the whole message, first line then one indented line per unmet
	// expectation, each starting with its file:line.
	Text string
}

// Messages explains every failure of the result, conversation by conversation
// in file order, step by step.
func Messages(res *Result) []Message {
	var order []*Conversation
	runs := map[*Conversation][]*Run{}
	for _, r := range res.Runs {
		if r.Skipped != "" {
			continue
		}
		if _, ok := runs[r.Conversation]; !ok {
			order = append(order, r.Conversation)
		}
		runs[r.Conversation] = append(runs[r.Conversation], r)
	}
	var out []Message
	for _, c := range order {
		for i, s := range c.Steps {
			m := Message{Conversation: c, Step: s}
			details := map[string][]string{} // detail line -> platforms
			var lines []string
			for _, r := range runs[c] {
				if i >= len(r.Steps) {
					continue // stopped at an earlier failure
				}
				sr := r.Steps[i]
				if !sr.Failed() {
					m.Passed = append(m.Passed, r.Platform)
					continue
				}
				m.Failed = append(m.Failed, r.Platform)
				for _, f := range sr.Failures {
					d := fmt.Sprintf("%s:%d: %s", c.File.Path, f.Line, f)
					if _, ok := details[d]; !ok {
						lines = append(lines, d)
					}
					details[d] = append(details[d], r.Platform)
				}
			}
			if len(m.Failed) == 0 {
				continue
			}
			m.Kind = KindFail
			head := fmt.Sprintf("%s %s:%d: %q %s on %s", KindFail, c.File.Path, s.Line, c.Name, s.Describe(), strings.Join(m.Failed, ", "))
			if len(m.Passed) > 0 {
				m.Kind = KindPlatformDifference
				head = fmt.Sprintf("%s %s:%d: %q %s passes on %s but fails on %s", KindPlatformDifference, c.File.Path, s.Line,
					c.Name, s.Describe(), strings.Join(m.Passed, ", "), strings.Join(m.Failed, ", "))
			}
			var b strings.Builder
			b.WriteString(head)
			for _, d := range lines {
				fmt.Fprintf(&b, "\n    [%s] %s", strings.Join(details[d], ", "), d)
			}
			m.Text = b.String()
			out = append(out, m)
		}
	}
	return out
}

// Summary is the last line of a run: "N passed, N failed", with ", N skipped"
// when any were skipped. N counts conversation-platform runs.
func Summary(res *Result) string {
	s := fmt.Sprintf("%d passed, %d failed", res.Passed, res.Failed)
	if res.Skipped > 0 {
		s += fmt.Sprintf(", %d skipped", res.Skipped)
	}
	return s
}

// Write prints the failures, then (when verbose) every run, then the summary
// as the last line.
func Write(w io.Writer, res *Result, verbose bool) error {
	var b strings.Builder
	if verbose {
		for _, r := range res.Runs {
			status := "ok  "
			switch {
			case r.Skipped != "":
				status = "skip"
			case r.Failed():
				status = "FAIL"
			}
			fmt.Fprintf(&b, "%s %-14s %s %q", status, r.Platform, r.Conversation.Where(), r.Conversation.Name)
			if r.Skipped != "" {
				fmt.Fprintf(&b, " (%s)", r.Skipped)
			}
			b.WriteString("\n")
		}
	}
	msgs := Messages(res)
	for _, m := range msgs {
		b.WriteString(m.Text)
		b.WriteString("\n")
	}
	if res.Focused {
		b.WriteString("note: only: true is set; the other conversations did not run\n")
	}
	b.WriteString(Summary(res))
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// PlatformsOf returns the platforms a result ran on, sorted.
func PlatformsOf(res *Result) []string {
	var out []string
	for _, r := range res.Runs {
		if !slices.Contains(out, r.Platform) {
			out = append(out, r.Platform)
		}
	}
	slices.Sort(out)
	return out
}
