// Package wiring builds the web chat over a wired skill (internal/app): the
// conversation wrapped in its middleware, the offline NLU on the parent's
// words, the signposting, the topics a suggestion may name and the look from
// skill.yaml. `skill serve`, the web Lambda and the offline web driver
// (internal/channel) all build the chat here, so they cannot drift apart.
//
// FromEnv reads the environment of a deployed chat (WEB_SESSION_KEY and the
// rest); main only calls it.
package wiring
