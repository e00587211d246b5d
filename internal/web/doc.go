// Package web is the web chat channel: a page a department can put on its own
// site, served by `skill serve` at /chat and by the web Lambda, that answers
// from the same conversation as the voice channels.
//
// # Routes
//
//   - GET /chat renders the chat page with the welcome (the disclaimer first);
//     POST /chat takes the page's form (a question, a button, a suggested
//     topic) and renders the page with the answer: the page works with
//     JavaScript off.
//   - POST /chat/api is the JSON endpoint the page's script (static/chat.js)
//     uses to turn the page into a chat; any client may use it.
//   - GET /chat/assets/{name} serves the page's CSS, script and the theme
//     drawn from skill.yaml's colours, all embedded (go:embed) and served from
//     the same origin.
//
// # What the browser sends
//
// Only what a parent does: their words (read by the offline NLU, red flags
// first, as on the text platform), a button (start, more, repeat, start
// again), a suggested topic, the signed state of the conversation so far
// (package webstate: the browser holds it, never a cookie), and, when the
// parent has agreed to keep it on their device, the baby's age in days, which
// seeds a new conversation. Nothing is stored on the server.
//
// # Edge rules
//
// A strict Content-Security-Policy (default-src 'self', no inline script or
// style, frame-ancestors only this site and the origins configured for
// embedding), no third-party requests, body limits, a rate limit per client
// address in bounded memory, 4xx with a reason for bad input, and one log
// line per request that holds no words, ids or addresses. Whatever goes wrong,
// the parent is shown the safety net: the nation's urgent service and 999.
//
// It imports the skill domain, webstate and ratelimit; it knows nothing of the
// NLU, the content store or another platform: what it needs of them comes in
// Config.
package web
