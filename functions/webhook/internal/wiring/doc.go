// Package wiring reads the Dialogflow webhook's configuration from the
// environment and builds the ES and CX handlers over the skill. The Google entry
// (package webhook, for Cloud Run functions and Cloud Run) and the AWS entry
// (webhook/lambda) share it, so the two deployments cannot drift apart.
//
// It imports app, the Dialogflow adapter and telemetry; nothing platform-specific
// to Google or AWS, so each entry links only its own runtime.
package wiring
