// Package skilltest runs conversation test files (tests/conversations/*.yaml)
// against the skill on every platform driver in internal/channel, offline.
//
// A file holds conversations; a conversation is a list of steps (launch, words
// through the offline NLU, or an intent with slots that bypasses it), each with
// expectations on the normalised reply: the content id answered, the intent,
// speech and card text, end of session, reprompt and session attributes. Every
// conversation runs on a fresh channel.Conversation per platform and nothing
// else is carried between turns, so session state travels exactly as each
// platform driver carries it (Alexa session attributes, Dialogflow contexts...).
//
// Results are counted per conversation per platform: a run passes when every
// step of the conversation met every expectation on that platform. A step that
// passes on one platform and fails on another is reported as a PLATFORM
// DIFFERENCE. Every failure names the file and line of the expectation.
//
// `skill test` and the suite test under tests/ both use it, so they print the
// same messages. It imports internal/channel (and internal/app, to build every
// driver over one wired skill) and the skill domain; it never imports a platform
// adapter directly, so new platforms are picked up from channel.Names() without
// a change here.
package skilltest
