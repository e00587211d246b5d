// Package alexa adapts the skill to the Alexa Skills Kit: the request and
// response envelopes (written by hand from the ASK reference; unknown fields are
// ignored), the adapter that turns an envelope into a skill.Request and a
// skill.Response back into an envelope, the honest answers to
// CanFulfillIntentRequest, and the signature check a self-hosted HTTPS endpoint
// needs. On the way in, a hand-written scanner reads only the fields the
// adapter uses (decode.go); on the way out, the response is appended as JSON
// bytes (encode.go); neither reflects, and a request costs a few allocations.
//
// The adapter checks the skill id once, at the edge, keeps every response within
// Alexa's limits (speech and card under 8000 characters, cut at a sentence and
// never inside a tag; the whole response under 120 KB) and sets
// shouldEndSession on every spoken response. Users hear a safe reply when
// anything goes wrong; operators get the detail in the log, which never holds
// user, session or device ids, tokens or what the user said. What a request
// says is logged only when it is in a known set (logvalues.go: request types,
// locales, session-end reasons, error types; Config.KnownIntents), else as
// "other"; free text such as an error's message is never logged.
//
// It imports only the skill domain and the standard library: it must not import
// the content store, the conversation, the NLU or any other platform's adapter,
// so the Alexa Lambda stays small and links neither Dialogflow nor gRPC.
package alexa
