package alexa

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/feedingfriend/skill/internal/jsonquote"
)

// The response envelope is encoded by appending its bytes directly, without
// reflection: the same bytes encoding/json writes (compact, keys of maps
// sorted, <, > and & left as they are, U+2028 and U+2029 and invalid UTF-8
// escaped as it escapes them), which TestEncodeLikeEncodingJSON and
// FuzzEncode hold. A value of a type it does not know, in the session
// attributes or a directive, or nesting deeper than encoding/json checks for
// cycles, leaves the whole envelope to encoding/json, so the output is
// always the same.

// errUnsupportedFloat is the error for a number JSON cannot hold.
var errUnsupportedFloat = errors.New("json: unsupported value: NaN or ±Inf")

// maxEncodeDepth is how deeply maps and slices may nest before encoding/json
// takes over (it starts looking for cycles at 1000).
const maxEncodeDepth = 500

// encodeBuffers are scratch buffers for encoding, returned with putEncodeBuffer.
var encodeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// putEncodeBuffer returns bp to encodeBuffers unless an outsized response grew it.
func putEncodeBuffer(bp *[]byte) {
	if cap(*bp) <= 64<<10 {
		*bp = (*bp)[:0]
		encodeBuffers.Put(bp)
	}
}

// marshal encodes out as compact JSON without escaping <, > and & (SSML stays
// readable; both forms are valid JSON). It returns a new slice.
func marshal(out *ResponseEnvelope) ([]byte, error) {
	bp := encodeBuffers.Get().(*[]byte)
	defer putEncodeBuffer(bp)
	b, err := appendEnvelope((*bp)[:0], out)
	if err != nil {
		return nil, err
	}
	*bp = b
	return bytes.Clone(b), nil
}

// appendEnvelope appends out to dst as marshal encodes it. On an error dst may
// hold part of an envelope past its length.
func appendEnvelope(dst []byte, out *ResponseEnvelope) ([]byte, error) {
	var e encoder
	b := e.envelope(dst, out)
	switch {
	case e.unknown:
		r, err := marshalReflect(out)
		return append(dst, r...), err
	case e.err != nil:
		return dst, e.err
	}
	return b, nil
}

func marshalReflect(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// encoder appends JSON. Its methods take the buffer and return it extended,
// as append does: the bytes stay in registers and on the stack rather than
// being stored into the encoder at every step (a pointer store that costs a
// write barrier while the garbage collector marks). The first error sticks.
type encoder struct {
	// unknown is set by a value of a type the encoder does not know.
	unknown bool
	err     error
	depth   int
}

func (e *encoder) envelope(b []byte, out *ResponseEnvelope) []byte {
	b = append(b, `{"version":`...)
	b = appendString(b, out.Version)
	if len(out.SessionAttributes) > 0 {
		b = append(b, `,"sessionAttributes":`...)
		b = e.object(b, out.SessionAttributes)
	}
	b = append(b, `,"response":`...)
	b = e.response(b, &out.Response)
	return append(b, '}')
}

// member appends a member's name, after a comma unless it is the first.
func member(b []byte, first bool, name string) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

func (e *encoder) response(b []byte, r *Response) []byte {
	b = append(b, '{')
	first := true
	if r.OutputSpeech != nil {
		b = member(b, first, "outputSpeech")
		b, first = appendOutputSpeech(b, r.OutputSpeech), false
	}
	if r.Reprompt != nil {
		b = member(b, first, "reprompt")
		b = append(b, `{"outputSpeech":`...)
		b = appendOutputSpeech(b, r.Reprompt.OutputSpeech)
		b, first = append(b, '}'), false
	}
	if c := r.Card; c != nil {
		b = member(b, first, "card")
		b = append(b, `{"type":`...)
		b = appendString(b, c.Type)
		b = optionalQuoted(b, "title", c.Title, c.title)
		b = optionalQuoted(b, "content", c.Content, c.content)
		b = optional(b, "text", c.Text)
		b, first = append(b, '}'), false
	}
	if len(r.Directives) > 0 {
		b = member(b, first, "directives")
		b = append(b, '[')
		for i := range r.Directives {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.directive(b, &r.Directives[i])
		}
		b, first = append(b, ']'), false
	}
	if r.ShouldEndSession != nil {
		b = member(b, first, "shouldEndSession")
		b, first = strconv.AppendBool(b, *r.ShouldEndSession), false
	}
	if c := r.CanFulfillIntent; c != nil {
		b = member(b, first, "canFulfillIntent")
		b = appendCanFulfill(b, c)
	}
	return append(b, '}')
}

func appendOutputSpeech(b []byte, s *OutputSpeech) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"type":`...)
	b = appendString(b, s.Type)
	b = optionalQuoted(b, "ssml", s.SSML, s.ssml)
	b = optional(b, "text", s.Text)
	return append(b, '}')
}

// optional appends a string member tagged omitempty: nothing when it is empty.
func optional(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendString(b, v)
}

// optionalQuoted is optional with v's quoting done before, in q: copied
// when q was quoted from v (the same bytes appendString writes), which the
// speech and card text said on every request are.
func optionalQuoted(b []byte, name, v string, q quoted) []byte {
	if v == "" || q.json == "" || v != q.of {
		return optional(b, name, v)
	}
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return append(b, q.json...)
}

func (e *encoder) directive(b []byte, d *Directive) []byte {
	b = append(b, `{"type":`...)
	b = appendString(b, d.Type)
	b = optional(b, "token", d.Token)
	if len(d.Document) > 0 {
		b = append(b, `,"document":`...)
		b = e.object(b, d.Document)
	}
	if len(d.Datasources) > 0 {
		b = append(b, `,"datasources":`...)
		b = e.object(b, d.Datasources)
	}
	return append(b, '}')
}

func appendCanFulfill(b []byte, c *CanFulfillIntent) []byte {
	b = append(b, `{"canFulfill":`...)
	b = appendString(b, c.CanFulfill)
	if len(c.Slots) > 0 {
		b = append(b, `,"slots":{`...)
		for i, name := range slices.Sorted(mapKeys(c.Slots)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, name)
			s := c.Slots[name]
			b = append(b, `:{"canUnderstand":`...)
			b = appendString(b, s.CanUnderstand)
			b = append(b, `,"canFulfill":`...)
			b = appendString(b, s.CanFulfill)
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// mapKeys ranges over the keys of m.
func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// object appends a map as encoding/json does: null when nil, keys sorted.
func (e *encoder) object(b []byte, m map[string]any) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	if e.depth++; e.depth > maxEncodeDepth {
		e.unknown = true
		return b
	}
	b = append(b, '{')
	if len(m) <= maxSmallMap {
		// The members of the small maps of a response, sorted by key on
		// the stack by insertion (no write barriers, no second lookup).
		var arr [maxSmallMap]struct {
			k string
			v any
		}
		n := 0
		for k, v := range m {
			j := n
			for ; j > 0 && arr[j-1].k > k; j-- {
				arr[j] = arr[j-1]
			}
			arr[j].k, arr[j].v = k, v
			n++
		}
		for i := range n {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, arr[i].k)
			b = append(b, ':')
			b = e.value(b, arr[i].v)
		}
	} else {
		for i, k := range slices.Sorted(mapKeys(m)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = e.value(b, m[k])
		}
	}
	e.depth--
	return append(b, '}')
}

// maxSmallMap is the most members a map may have to be sorted on the stack.
const maxSmallMap = 12

// value appends a value of the types session attributes and directives hold.
func (e *encoder) value(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, x)
	case bool:
		return strconv.AppendBool(b, x)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		return e.float(b, x)
	case map[string]any:
		return e.object(b, x)
	case []any:
		if x == nil {
			return append(b, "null"...)
		}
		if e.depth++; e.depth > maxEncodeDepth {
			e.unknown = true
			return b
		}
		b = append(b, '[')
		for i, el := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.value(b, el)
		}
		e.depth--
		return append(b, ']')
	}
	e.unknown = true
	return b
}

// float appends f as encoding/json does: like ES6, with an exponent only for
// very small or large numbers, and no padding of the exponent.
func (e *encoder) float(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if e.err == nil {
			e.err = errUnsupportedFloat
		}
		return b
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendString appends s quoted as encoding/json quotes it with HTML
// escaping off (jsonquote.Append).
func appendString(b []byte, s string) []byte { return jsonquote.Append(b, s) }
