// Package httpedge holds the HTTP edge pieces every server of the project
// shares, each a func(http.Handler) http.Handler: a body limit that answers
// 413, and panic recovery that answers a plain 500 and never logs what the
// request wrote. The self-hosting server (internal/server) and the content
// studio (internal/studio) use them, so the rule is written once.
package httpedge
