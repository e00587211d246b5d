package skill

import "context"

// Handler answers one request. Handle must not keep req itself once it has
// returned: a platform may reuse the Request for its next request (the Alexa
// adapter does). The strings, maps and slices it holds stay valid.
type Handler interface {
	Handle(ctx context.Context, req *Request) (*Response, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, req *Request) (*Response, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, req *Request) (*Response, error) {
	return f(ctx, req)
}

// Middleware wraps a Handler with a cross-cutting concern.
type Middleware func(Handler) Handler

// Chain wraps h with mw so that mw[0] runs first.
func Chain(h Handler, mw ...Middleware) Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}
