package alexa

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
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

// encodeBuffers are scratch buffers for encoding; the result is copied out.
var encodeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// marshal encodes out as compact JSON without escaping <, > and & (SSML stays
// readable; both forms are valid JSON). It returns a new slice.
func marshal(out *ResponseEnvelope) ([]byte, error) {
	bp := encodeBuffers.Get().(*[]byte)
	e := encoder{b: (*bp)[:0]}
	e.envelope(out)
	var res []byte
	var err error
	switch {
	case e.unknown:
		res, err = marshalReflect(out)
	case e.err != nil:
		err = e.err
	default:
		res = bytes.Clone(e.b)
	}
	if cap(e.b) <= 64<<10 {
		*bp = e.b
		encodeBuffers.Put(bp)
	}
	return res, err
}

// marshalReflect is marshal by encoding/json.
func marshalReflect(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// encoder appends JSON to b. The first error sticks.
type encoder struct {
	b []byte
	// unknown is set by a value of a type the encoder does not know.
	unknown bool
	err     error
	depth   int
}

func (e *encoder) envelope(out *ResponseEnvelope) {
	e.b = append(e.b, `{"version":`...)
	e.string(out.Version)
	if len(out.SessionAttributes) > 0 {
		e.b = append(e.b, `,"sessionAttributes":`...)
		e.object(out.SessionAttributes)
	}
	e.b = append(e.b, `,"response":`...)
	e.response(&out.Response)
	e.b = append(e.b, '}')
}

func (e *encoder) response(r *Response) {
	e.b = append(e.b, '{')
	comma := false
	member := func(name string) {
		if comma {
			e.b = append(e.b, ',')
		}
		comma = true
		e.b = append(e.b, '"')
		e.b = append(e.b, name...)
		e.b = append(e.b, '"', ':')
	}
	if r.OutputSpeech != nil {
		member("outputSpeech")
		e.outputSpeech(r.OutputSpeech)
	}
	if r.Reprompt != nil {
		member("reprompt")
		e.b = append(e.b, `{"outputSpeech":`...)
		e.outputSpeech(r.Reprompt.OutputSpeech)
		e.b = append(e.b, '}')
	}
	if c := r.Card; c != nil {
		member("card")
		e.b = append(e.b, `{"type":`...)
		e.string(c.Type)
		e.optional("title", c.Title)
		e.optional("content", c.Content)
		e.optional("text", c.Text)
		e.b = append(e.b, '}')
	}
	if len(r.Directives) > 0 {
		member("directives")
		e.b = append(e.b, '[')
		for i := range r.Directives {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.directive(&r.Directives[i])
		}
		e.b = append(e.b, ']')
	}
	if r.ShouldEndSession != nil {
		member("shouldEndSession")
		e.b = strconv.AppendBool(e.b, *r.ShouldEndSession)
	}
	if c := r.CanFulfillIntent; c != nil {
		member("canFulfillIntent")
		e.canFulfill(c)
	}
	e.b = append(e.b, '}')
}

func (e *encoder) outputSpeech(s *OutputSpeech) {
	if s == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = append(e.b, `{"type":`...)
	e.string(s.Type)
	e.optional("ssml", s.SSML)
	e.optional("text", s.Text)
	e.b = append(e.b, '}')
}

// optional appends a string member tagged omitempty: nothing when it is empty.
func (e *encoder) optional(name, v string) {
	if v == "" {
		return
	}
	e.b = append(e.b, ',', '"')
	e.b = append(e.b, name...)
	e.b = append(e.b, '"', ':')
	e.string(v)
}

func (e *encoder) directive(d *Directive) {
	e.b = append(e.b, `{"type":`...)
	e.string(d.Type)
	e.optional("token", d.Token)
	if len(d.Document) > 0 {
		e.b = append(e.b, `,"document":`...)
		e.object(d.Document)
	}
	if len(d.Datasources) > 0 {
		e.b = append(e.b, `,"datasources":`...)
		e.object(d.Datasources)
	}
	e.b = append(e.b, '}')
}

func (e *encoder) canFulfill(c *CanFulfillIntent) {
	e.b = append(e.b, `{"canFulfill":`...)
	e.string(c.CanFulfill)
	if len(c.Slots) > 0 {
		e.b = append(e.b, `,"slots":{`...)
		for i, name := range slices.Sorted(mapKeys(c.Slots)) {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.string(name)
			s := c.Slots[name]
			e.b = append(e.b, `:{"canUnderstand":`...)
			e.string(s.CanUnderstand)
			e.b = append(e.b, `,"canFulfill":`...)
			e.string(s.CanFulfill)
			e.b = append(e.b, '}')
		}
		e.b = append(e.b, '}')
	}
	e.b = append(e.b, '}')
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
func (e *encoder) object(m map[string]any) {
	if m == nil {
		e.b = append(e.b, "null"...)
		return
	}
	if e.depth++; e.depth > maxEncodeDepth {
		e.unknown = true
		return
	}
	e.b = append(e.b, '{')
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
				e.b = append(e.b, ',')
			}
			e.string(arr[i].k)
			e.b = append(e.b, ':')
			e.value(arr[i].v)
		}
	} else {
		keys := slices.Sorted(mapKeys(m))
		for i, k := range keys {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.string(k)
			e.b = append(e.b, ':')
			e.value(m[k])
		}
	}
	e.b = append(e.b, '}')
	e.depth--
}

// maxSmallMap is the most members a map may have to be sorted on the stack.
const maxSmallMap = 12

// value appends a value of the types session attributes and directives hold.
func (e *encoder) value(v any) {
	switch x := v.(type) {
	case nil:
		e.b = append(e.b, "null"...)
	case string:
		e.string(x)
	case bool:
		e.b = strconv.AppendBool(e.b, x)
	case int:
		e.b = strconv.AppendInt(e.b, int64(x), 10)
	case int64:
		e.b = strconv.AppendInt(e.b, x, 10)
	case float64:
		e.float(x)
	case map[string]any:
		e.object(x)
	case []any:
		if x == nil {
			e.b = append(e.b, "null"...)
			return
		}
		if e.depth++; e.depth > maxEncodeDepth {
			e.unknown = true
			return
		}
		e.b = append(e.b, '[')
		for i, el := range x {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.value(el)
		}
		e.b = append(e.b, ']')
		e.depth--
	default:
		e.unknown = true
	}
}

// float appends f as encoding/json does: like ES6, with an exponent only for
// very small or large numbers, and no padding of the exponent.
func (e *encoder) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if e.err == nil {
			e.err = errUnsupportedFloat
		}
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9
		if n := len(e.b); n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
			e.b[n-2] = e.b[n-1]
			e.b = e.b[:n-1]
		}
	}
}

const hexDigits = "0123456789abcdef"

// load64 is the eight bytes of s from i as a little-endian word (the compiler
// makes it one load).
func load64(s string, i int) uint64 {
	w := s[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// string appends s quoted as encoding/json quotes it with HTML escaping off.
// Runs of plain ASCII, the whole of most SSML, are found eight bytes at a
// time and copied at once.
func (e *encoder) string(s string) {
	b := append(e.b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Skip plain ASCII eight bytes at a time.
		for i+8 <= len(s) {
			x := load64(s, i)
			m := special8(x) | x&highs
			if m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	e.b = append(b, '"')
}
