// Package secret keeps a secret read from a secret store (AWS Secrets Manager
// for the Lambda webhook) in memory for a while, so that a rotated secret is
// picked up within the TTL without a redeploy, and a request does not pay for a
// store round trip. It knows no store: the caller gives the function that
// reads one.
//
// It imports only the standard library.
package secret
