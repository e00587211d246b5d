//go:build bench

// Package gobench holds the Go side of the in-process figures in bench/run.sh:
// a benchmark that runs the same raw envelope as the Node peer's bench.js
// (bench/requests/*.json) through the Alexa adapter the Lambda runs, bytes in
// and bytes out. It builds only with -tags bench, so `go test ./...` and CI never
// run it.
package gobench
