// Package dialogflow is the Dialogflow adapter: it turns Dialogflow ES (v2) and CX
// (v3) webhook requests into skill.Requests, renders skill.Responses back as webhook
// responses, and serves both as hardened http.Handlers (authentication, method,
// content type, size and time limits, safe errors, logs without personal data).
//
// # Wire format
//
// Requests and responses are the generated protobuf types of
// cloud.google.com/go/dialogflow (apiv2/dialogflowpb and cx/apiv3/cxpb), read and
// written with protojson: the structs' json tags are snake_case, so encoding/json
// would get the names wrong. Unknown fields are discarded, because Google adds
// fields without notice.
//
// # Conversation state
//
// The conversation keeps its memory in the session attributes it returns. Each key
// is stored with the prefix "ff_" (StatePrefix): Dialogflow copies the matched
// intent's parameters (topic, topic.original, ageNumber...) into every active ES
// context and into CX session parameters, and the state's own "topic" would be
// overwritten by them. Only prefixed keys are read back.
//
//   - ES: the parameters of the output context "<session>/contexts/feeding-friend-session"
//     (SessionContext), written back with a lifespan of 5 turns. Other active contexts
//     are echoed back unchanged, because a webhook's outputContexts replace them all.
//     No such context means a new session.
//   - CX: sessionInfo.parameters. Keys the conversation dropped are written as null,
//     which is how CX deletes a session parameter.
//
// The keys "answered" and "approved" describe the turn just given (which answer, and
// whether it was approved); the other keys are the conversation's memory.
//
// # End of conversation
//
// Dialogflow Messenger has no "close the microphone" signal, so on ES the end is
// marked only by clearing the state: the session context is returned with
// lifespanCount 0 (protojson leaves the zero out, and Dialogflow's default is 0, so
// it deletes the context; its parameters still say which answer was given) and
// nothing else is sent. The next turn therefore starts a new session. On
// CX the memory keys are set to null, the payload says endSession true and, when
// the request names its page, targetPage is set to that flow's END_SESSION page,
// which is how a CX webhook ends a session. No endInteraction message is sent: the
// API documents it as output-only (Dialogflow generates it). Urgent help always
// ends the conversation, so the parent is left with the number to call.
//
// # Replies
//
// The speech goes in fulfillmentText (ES) and in a text message; the card and the
// related topics go in a payload message as Dialogflow Messenger rich content:
//
//	{"richContent": [[{"type": "info", "title": "...", "subtitle": "card text"},
//	                  {"type": "chips", "options": [{"text": "Mastitis"}]}]]}
//
// Chat platforms wait for the user, so the reprompt is not shown; it goes in the
// response's top-level payload ({"reprompt": "..."}), which Dialogflow hands to the
// integration or API caller (a telephony bridge can speak it after a silence).
//
// # Telephone calls (CX)
//
// A CX request whose payload holds a "telephony" object (TelephonyField: the
// phone gateway sends {"telephony": {"caller_id": "+1..."}}) is a phone call:
// the request says so (skill.Request.PhoneCall), and only its presence is read,
// never the caller's number. When the conversation asks for a transfer
// (skill.Response.Transfer: urgent help at the NHS 111 level with a configured
// number) the reply's text is followed by a telephonyTransferCall message to
// that number, and the session ends as urgent help always does. A transfer is
// never sent for a request that is not a phone call, and never trimmed. ES
// never reads a phone call.
//
// # Routing
//
// ES routes on queryResult.intent.displayName: "Default Welcome Intent" (or the
// WELCOME event) is a launch, "Default Fallback Intent" is FallbackIntent, any other
// name is taken as the neutral intent name (HelpIntent, LatchIntent...), as in the
// agent that internal/model generates. CX routes on fulfillmentInfo.tag, falling back
// to intentInfo.displayName; the tags "welcome" and "fallback" (and CX's default
// intent names) map to a launch and FallbackIntent.
//
// It imports the skill domain, the Dialogflow protobuf types, protojson and the
// standard library; it must not import the conversation, the NLU, the content store
// or another platform adapter.
package dialogflow
