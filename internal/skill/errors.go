package skill

import (
	"errors"
	"fmt"
)

// Kind classifies an error so callers can choose a status or a safe reply without
// matching on text.
type Kind int

// The error kinds.
const (
	// Internal is a bug or an unexpected failure: the user hears a safe reply.
	Internal Kind = iota
	// Invalid is a malformed or unsupported request (HTTP 400).
	Invalid
	// Unauthorized is a request from the wrong skill or without the webhook secret (401/403).
	Unauthorized
	// TooLarge is a body over the size limit (413).
	TooLarge
	// NotFound is a missing content id or route.
	NotFound
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case Unauthorized:
		return "unauthorized"
	case TooLarge:
		return "too-large"
	case NotFound:
		return "not-found"
	}
	return "internal"
}

// Error is an error with a kind. Msg is safe to show an operator; it never holds
// user text.
type Error struct {
	Kind Kind
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.Msg, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of kind k.
func Errorf(k Kind, format string, args ...any) error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error of kind k around err.
func Wrap(k Kind, err error, msg string) error {
	return &Error{Kind: k, Msg: msg, Err: err}
}

// KindOf returns the kind of err: the kind of the first *Error in its chain, else Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}
