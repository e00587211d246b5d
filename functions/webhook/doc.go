// Package webhook is the Dialogflow fulfillment webhook for Google Cloud: it
// registers the Dialogflow ES webhook as the function target DialogflowES and the
// CX webhook as DialogflowCX with the Functions Framework, which serves them on
// Cloud Run functions and Cloud Run (docs/deploy-google.md).
//
// Registration in init is the one init side effect the house style allows: the
// Functions Framework finds functions that way. The handlers themselves are built
// on first use from the environment (see wiring.FromEnv); cmd/webhook builds them
// before it listens, so a Cloud Run service with bad configuration fails to start.
//
// Subpackages: lambda is the AWS Lambda entry (a Function URL serving /es and /cx);
// cmd/webhook is the main for Cloud Run services built by the Go buildpack;
// internal/wiring is the configuration and wiring both share. Nothing imports this
// package but those mains.
package webhook
