// Package server is the HTTP server of `skill serve`: platform routes given to it
// (POST /alexa, /dialogflow/es, /dialogflow/cx), GET /healthz and GET /metrics,
// with timeouts, body limits, panic recovery, graceful shutdown and a loopback
// address by default.
//
// It knows nothing of the platforms: the command wires their handlers in.
package server
