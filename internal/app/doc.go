// Package app wires the pieces every entry point needs: the content store for
// the configured nation, the interaction model, the offline NLU when asked for,
// and the conversation handler with its middleware. The files built into the
// binary come from their image, loaded, checked and verified at build time
// (internal/prebuilt/embedded); an editor's working copy is read from its
// files, through the same code. cmd/skill and the functions call it so they
// cannot drift apart; it holds no state of its own.
//
// It imports the domain packages but no platform adapter, so the Alexa Lambda
// can use it without linking Dialogflow or gRPC.
package app
