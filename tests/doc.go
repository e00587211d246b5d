// Package tests holds the conversation test suite (conversations/*.yaml) and the
// Go test that runs it under `go test ./...`, on every platform driver in
// internal/channel, with the same messages as `skill test`. The format is
// described in conversations/README.md; the runner is internal/skilltest.
package tests
