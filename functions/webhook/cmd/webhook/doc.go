// Command webhook serves the Dialogflow ES and CX webhooks with the Functions
// Framework, for a Cloud Run service built from the repository root by the Go
// buildpack (GOOGLE_BUILDABLE=./functions/webhook/cmd/webhook). Both targets are
// served, at /DialogflowES and /DialogflowCX, unless FUNCTION_TARGET names one,
// which is then served at /. It refuses to start when the configuration is wrong.
package main
