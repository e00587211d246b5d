package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// isTerminal reports whether r is an interactive terminal (not a pipe, a file or
// /dev/null). A reader that knows, such as a test's stand-in for a terminal,
// says so with a Terminal method.
func isTerminal(r io.Reader) bool {
	if t, ok := r.(interface{ Terminal() bool }); ok {
		return t.Terminal()
	}
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// hintTerminal tells the person at a terminal what a command waits for, on
// stderr so the output stays clean. Reading a pipe or a file it says nothing.
func hintTerminal(e *env, hint string) {
	if isTerminal(e.stdin) {
		fmt.Fprintln(e.stderr, hint)
	}
}
