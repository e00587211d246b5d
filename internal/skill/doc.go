// Package skill is the platform-neutral domain of the voice skill: the Request a
// platform adapter builds, the Response it renders back, the Handler that turns one
// into the other, Middleware around handlers, and a few error kinds.
//
// Speech is built from structured parts and rendered twice: to SSML with all text
// XML-escaped (so content can never break the markup) and to plain text for chat
// platforms and logs of the tool.
//
// It imports only the standard library. Adapters (alexa, dialogflow) and the
// conversation (answers) import it; it imports none of them.
package skill
