// Package telemetrytest holds what tests of logging need: a log sink that
// writers on other goroutines (a server, a flushing timer) and the test can
// share.
package telemetrytest
