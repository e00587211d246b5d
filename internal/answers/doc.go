// Package answers is the conversation: it turns a platform-neutral skill.Request
// into a skill.Response using only the answers in the content store.
//
// It owns the welcome and its disclaimer, topic answers with an offer of more,
// more / yes / no / repeat, the help menu, stop and cancel, a fallback that
// always offers a way on, the baby's age and age variants, approved-only serving,
// and urgent help, which wins over every other route. On a telephone call
// (skill.Request.PhoneCall) urgent help also says what to do with the call: an
// emergency is told to hang up and dial 999, never transferred; urgent help at
// the NHS 111 level is transferred to the nation's configured number
// (skill.Response.Transfer) after it is spoken. All state lives in the
// session attributes it returns; between requests it keeps only what it
// says, rendered once (said.go), and the session maps that the turns reaching
// the same state share (read-only).
//
// It imports the skill domain and the content store; it knows nothing of
// platforms or of how utterances were understood.
package answers
