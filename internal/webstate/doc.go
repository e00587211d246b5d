// Package webstate carries the web chat's conversation state between turns in
// a token the browser holds and sends back, signed with HMAC-SHA256 under a
// server secret so that a client cannot forge or change it (an age, a topic, a
// count of misses). Nothing is stored on the server and nothing in a cookie.
//
// A token is "v1.<payload>.<mac>": the payload is base64url JSON of the state
// and its expiry; the mac is HMAC-SHA256 over a purpose string and the
// payload. The state is signed, not encrypted: it is the parent's own
// conversation, held by their own browser, and holds no identifier.
//
// It imports only the standard library.
package webstate
