// Package ratelimit limits requests per client address with a token bucket,
// in bounded memory: at most a fixed number of addresses are remembered, the
// least recently seen forgotten first. Addresses are kept only as keyed
// hashes (the key is random and never leaves the process), so neither the
// memory nor anything derived from it holds an address.
//
// ClientIP is the rule for which address a request came from, behind a
// reverse proxy or not.
//
// It imports only the standard library.
package ratelimit
