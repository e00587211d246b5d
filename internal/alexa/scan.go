package alexa

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/jsonquote"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/go-json-experiment/json/jsontext"
)

// This file is the JSON scanner under decodeEnvelope (decode.go): the
// syntax, checked in full, strings and numbers, and member names matched
// against the names an object is known to have.

// maxDepth is how deeply objects and arrays may nest, as in jsontext.
const maxDepth = 10000

// envDecoder reads one request envelope from b. The first error sticks: every
// later read returns zero values.
type envDecoder struct {
	b       []byte
	i       int
	depth   int
	open    bool // the last token read opened an object or array
	err     error
	skillID string
	// intents are the intent names intentName hands out without a copy.
	intents map[string]string
	scratch []byte
	// t holds the session and intent decoded, when the caller gives one;
	// sessionUsed and intentUsed say whether they have been handed out.
	t                       *turn
	sessionUsed, intentUsed bool
}

// fail records a syntax error at the current position.
func (d *envDecoder) fail(what string) {
	if d.err != nil {
		return
	}
	if d.i >= len(d.b) {
		d.err = fmt.Errorf("alexa: unexpected end of JSON input %s", what)
		return
	}
	d.err = fmt.Errorf("alexa: invalid character %q at offset %d %s", d.b[d.i], d.i, what)
}

// kindError is a value of the wrong kind for its field.
func (d *envDecoder) kindError(k byte, want string) {
	if d.err == nil {
		d.err = fmt.Errorf("alexa: JSON %s at offset %d where %s was expected", kindName(k), d.i, want)
	}
}

func kindName(k byte) string {
	switch k {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case '0':
		return "number"
	case 'n':
		return "null"
	}
	return "boolean"
}

// ws skips white space.
func (d *envDecoder) ws() {
	for d.i < len(d.b) && d.b[d.i] <= ' ' {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek is the kind of the next value: '{', '[', '"', '0' (a number), 't',
// 'f' or 'n'; 0 after an error or at anything that cannot start a value.
func (d *envDecoder) peek() byte {
	if d.err != nil {
		return 0
	}
	d.ws()
	if d.i >= len(d.b) {
		d.fail("(expecting a value)")
		return 0
	}
	switch c := d.b[d.i]; c {
	case '{', '[', '"', 't', 'f', 'n':
		return c
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return '0'
	}
	d.fail("(expecting a value)")
	return 0
}

// literal consumes the literal (true, false or null) that peek found.
func (d *envDecoder) literal(word string) {
	if len(d.b)-d.i >= len(word) && string(d.b[d.i:d.i+len(word)]) == word {
		d.i += len(word)
		return
	}
	for j := 0; j < len(word) && d.i < len(d.b) && d.b[d.i] == word[j]; j++ {
		d.i++
	}
	d.fail("in literal " + word)
}

// number consumes a number (peek found its start) and returns it.
func (d *envDecoder) number() []byte {
	b, start := d.b, d.i
	i := d.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i > j
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		d.i = i
		d.fail("in number")
		return nil
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			d.i = i
			d.fail("in number")
			return nil
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			d.i = i
			d.fail("in number")
			return nil
		}
	}
	d.i = i
	return b[start:i]
}

// stringRaw consumes the string peek found and returns it with its quotes.
func (d *envDecoder) stringRaw() []byte {
	raw, _ := d.stringPlain()
	return raw
}

// stringPlain consumes the string peek found and returns it with its quotes,
// and whether it is plain (ASCII without escapes: its contents need no
// unquoting). It checks escapes and refuses control characters; other bytes,
// invalid UTF-8 included, are taken as they are. The closing quote and any
// backslash are found with bytes.IndexByte (vector instructions on amd64 and
// arm64) and scanRun, so the 1.4 KB access token of a real request costs
// little.
func (d *envDecoder) stringPlain() ([]byte, bool) {
	b, start := d.b, d.i
	i := start + 1
	// Most strings are short names and values, ASCII without escapes: up to
	// 32 bytes are looked at eight at a time for the closing quote, then the
	// general case takes over.
	for k := 0; k < 4 && i+8 <= len(b); k++ {
		x := binary.LittleEndian.Uint64(b[i:])
		m := jsonquote.Special8(x)
		if m == 0 {
			if x&highs != 0 {
				break // not ASCII
			}
			i += 8
			continue
		}
		n := bits.TrailingZeros64(m) / 8 // the first quote, backslash or control character
		if x&highs&(1<<(8*n)-1) == 0 && b[i+n] == '"' {
			d.i = i + n + 1
			return b[start:d.i], true
		}
		break
	}
	plain := true
	for {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			d.i = len(b)
			d.fail("in string")
			return nil, false
		}
		e, ascii := scanRun(b[i : i+q])
		if !ascii {
			plain = false
		}
		if e < 0 {
			d.i = i + q + 1
			return b[start:d.i], plain
		}
		i += e
		if b[i] != '\\' {
			d.i = i
			d.fail("in string") // a control character
			return nil, false
		}
		plain = false
		if i+1 >= len(b) {
			d.i = len(b)
			d.fail("in string escape")
			return nil, false
		}
		switch b[i+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			i += 2
		case 'u':
			if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
				d.i = i
				d.fail("in string escape")
				return nil, false
			}
			i += 6
		default:
			d.i = i
			d.fail("in string escape")
			return nil, false
		}
	}
}

// lanes and highs are jsonquote's SWAR constants; jsonquote.Special8 finds
// the bytes that end a run of plain characters, so the scanner and the
// encoder read strings with the same code.
const (
	lanes = jsonquote.Lanes
	highs = jsonquote.Highs
)

// scanRun returns the index of the first backslash or control character in
// run (-1 for none) and whether run is all ASCII up to there. It looks at 32
// bytes at a time, then eight, then one.
func scanRun(run []byte) (int, bool) {
	var high uint64
	i := 0
	for ; i+32 <= len(run); i += 32 {
		w := run[i : i+32]
		x0 := binary.LittleEndian.Uint64(w[0:8])
		x1 := binary.LittleEndian.Uint64(w[8:16])
		x2 := binary.LittleEndian.Uint64(w[16:24])
		x3 := binary.LittleEndian.Uint64(w[24:32])
		if (stop8(x0)|stop8(x1)|stop8(x2)|stop8(x3))&highs != 0 {
			break // found in the loop below
		}
		high |= x0 | x1 | x2 | x3
	}
	for ; i+8 <= len(run); i += 8 {
		x := binary.LittleEndian.Uint64(run[i:])
		if m := stop8(x) & highs; m != 0 {
			n := bits.TrailingZeros64(m) / 8
			return i + n, (high|x&(1<<(8*n)-1))&highs == 0
		}
		high |= x
	}
	for ; i < len(run); i++ {
		if c := run[i]; c < 0x20 || c == '\\' {
			return i, high&highs == 0
		}
		high |= uint64(run[i])
	}
	return -1, high&highs == 0
}

// stop8 flags, in the high bit of each byte, the backslashes and control
// characters among the eight bytes of x; the lowest flag is exact, those
// above it may be false alarms. (The caller masks with highs.)
func stop8(x uint64) uint64 {
	return ((x - lanes*0x20) | ((x ^ lanes*'\\') - lanes)) &^ x
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// push opens an object or array (peek found it).
func (d *envDecoder) push() bool {
	if d.depth == maxDepth {
		d.fail("(nested too deeply)")
		return false
	}
	d.depth++
	d.i++
	d.open = true
	return true
}

// skip consumes the next value, checked, unread.
func (d *envDecoder) skip() {
	switch d.peek() {
	case '{':
		d.push()
		for {
			if _, ok := d.member(); !ok {
				return
			}
			d.skip()
		}
	case '[':
		d.push()
		for d.more() {
			d.skip()
		}
	case '"':
		d.stringRaw()
	case '0':
		d.number()
	case 't':
		d.literal("true")
	case 'f':
		d.literal("false")
	case 'n':
		d.literal("null")
	}
}

// null consumes a null if one is next.
func (d *envDecoder) null() bool {
	if d.peek() == 'n' {
		d.literal("null")
		return d.err == nil
	}
	return false
}

// object consumes the start of an object. It reports false for null (the
// caller sets the zero value) and for any other kind (an error).
func (d *envDecoder) object() bool {
	switch k := d.peek(); k {
	case '{':
		return d.push()
	case 'n':
		d.literal("null")
	case 0:
	default:
		d.kindError(k, "an object")
	}
	return false
}

// member returns the next member's name, unquoted, or false at the end of the
// object (which it consumes). The name is valid until the next string is read.
func (d *envDecoder) member() ([]byte, bool) {
	if !d.memberStart() {
		return nil, false
	}
	raw, plain := d.stringPlain()
	if !d.colon() {
		return nil, false
	}
	if plain {
		return raw[1 : len(raw)-1], true
	}
	return d.unquote(raw), true
}

// next reads the next member name of an object whose members are m: the read
// member it names, "" for any other (the caller skips its value), or false
// at the end of the object (which it consumes). A name as Alexa writes it is
// found by comparing the bytes after its quote with m's names, without
// scanning it first; any other name is read and matched as field does. The
// common case, compact JSON, is done here with the position in a local.
func (d *envDecoder) next(m *members) (string, bool) {
	if d.err != nil {
		return "", false
	}
	b, i := d.b, d.i
	if !d.open {
		if i >= len(b) || b[i] != ',' {
			return d.nextSlow(m) // white space, the end of the object or an error
		}
		i++
	}
	if i < len(b) && b[i] == '"' {
		n, read, ok := m.match(b[i+1:])
		if j := i + 2 + len(n); ok && j < len(b) && b[j] == ':' {
			d.i, d.open = j+1, false
			if !read {
				return "", true
			}
			return n, true
		}
	}
	return d.nextSlow(m) // from d.i, where this began
}

// nextSlow is next for any JSON: white space, escapes, names Alexa does not
// send, the end of the object and errors.
func (d *envDecoder) nextSlow(m *members) (string, bool) {
	if !d.memberStart() {
		return "", false
	}
	if n, read, ok := m.match(d.b[d.i+1:]); ok {
		d.i += 2 + len(n)
		if !read {
			n = ""
		}
		return n, d.colon()
	}
	name, ok := d.member()
	return field(name, m), ok
}

// memberStart consumes what comes before a member's name (a comma after
// the previous member) and reports whether a name follows, at d.i; at the
// end of the object it consumes the brace and reports false.
func (d *envDecoder) memberStart() bool {
	if d.err != nil {
		return false
	}
	d.ws()
	b, i := d.b, d.i
	if i < len(b) && b[i] == '}' {
		d.i = i + 1
		d.depth--
		d.open = false
		return false
	}
	if !d.open {
		if i >= len(b) || b[i] != ',' {
			d.fail("after an object member (expecting ',' or '}')")
			return false
		}
		d.i = i + 1
		d.ws()
		i = d.i
	}
	if i >= len(b) || b[i] != '"' {
		d.fail("(expecting an object member name)")
		return false
	}
	d.open = true // until the colon: the comma, if any, is read
	return true
}

// colon consumes the colon after a member name.
func (d *envDecoder) colon() bool {
	if d.err != nil {
		return false
	}
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != ':' {
		d.fail("after an object member name (expecting ':')")
		return false
	}
	d.i++
	d.open = false
	return true
}

// array consumes the start of an array. It reports false for null (the
// caller sets the zero value) and for any other kind (an error).
func (d *envDecoder) array() bool {
	switch k := d.peek(); k {
	case '[':
		return d.push()
	case 'n':
		d.literal("null")
	case 0:
	default:
		d.kindError(k, "an array")
	}
	return false
}

// more reports whether the array has another element; it consumes the end.
func (d *envDecoder) more() bool {
	if d.err != nil {
		return false
	}
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		d.depth--
		d.open = false
		return false
	}
	if !d.open {
		if d.i >= len(d.b) || d.b[d.i] != ',' {
			d.fail("after an array element (expecting ',' or ']')")
			return false
		}
		d.i++
	}
	d.open = false
	return true
}

// unquote returns the contents of a raw JSON string; it copies only strings
// with escapes or invalid UTF-8.
func (d *envDecoder) unquote(v []byte) []byte {
	if len(v) < 2 {
		return nil
	}
	in := v[1 : len(v)-1]
	for _, c := range in {
		if c == '\\' || c >= utf8.RuneSelf {
			if bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
				return in
			}
			d.scratch, _ = jsontext.AppendUnquote(d.scratch[:0], v)
			return d.scratch
		}
	}
	return in
}

// str reads a string field: null is "", any other kind an error.
func (d *envDecoder) str() string {
	switch k := d.peek(); k {
	case '"':
		raw, plain := d.stringPlain()
		if plain {
			return d.intern(raw[1 : len(raw)-1])
		}
		return d.intern(d.unquote(raw))
	case 'n':
		d.literal("null")
	case 0:
	default:
		d.kindError(k, "a string")
	}
	return ""
}

// intentName reads an intent's name as str does, but returns one of
// d.intents rather than a copy: the skill's own intents are nearly every
// request's, and copying the name was an allocation per request.
func (d *envDecoder) intentName() string {
	if d.peek() != '"' {
		return d.str() // null, or the error
	}
	raw, plain := d.stringPlain()
	if !plain {
		return d.intern(d.unquote(raw))
	}
	if n, ok := d.intents[string(raw[1:len(raw)-1])]; ok {
		return n
	}
	return d.intern(raw[1 : len(raw)-1])
}

// intern returns b as a string, without copying the values the adapter sees
// on every request (request types, locales, the skill's own id, slot names).
func (d *envDecoder) intern(b []byte) string {
	if d.skillID != "" && string(b) == d.skillID {
		return d.skillID
	}
	switch string(b) {
	case "":
		return ""
	case LaunchRequest:
		return LaunchRequest
	case IntentRequest:
		return IntentRequest
	case SessionEndedRequest:
		return SessionEndedRequest
	case CanFulfillIntentRequest:
		return CanFulfillIntentRequest
	case "en-GB":
		return "en-GB"
	case "en-US":
		return "en-US"
	case ERSuccessMatch:
		return ERSuccessMatch
	case ERSuccessNoMatch:
		return ERSuccessNoMatch
	case skill.TopicSlot:
		return skill.TopicSlot
	case skill.AgeNumberSlot:
		return skill.AgeNumberSlot
	case skill.AgeUnitSlot:
		return skill.AgeUnitSlot
	case skill.DescriptionSlot:
		return skill.DescriptionSlot
	}
	return string(b)
}

// boolean reads a bool field: null is false, any other kind an error.
func (d *envDecoder) boolean() bool {
	switch k := d.peek(); k {
	case 't':
		d.literal("true")
		return true
	case 'f':
		d.literal("false")
	case 'n':
		d.literal("null")
	case 0:
	default:
		d.kindError(k, "a boolean")
	}
	return false
}

// members lists the members of one object of the envelope: those the adapter
// reads, and those Alexa sends that it skips, named so that they are skipped
// at once, without a comparison that ignores case.
type members struct {
	read, skipped []string
	// byFirst has, for each first byte, a bit for each of read and then
	// skipped that begins with it, so that a name is compared only with the
	// few that could be it.
	byFirst [128]uint32
}

// newMembers indexes the read and skipped names of an object (at most 32).
func newMembers(read, skipped []string) *members {
	m := &members{read: read, skipped: skipped}
	for i, n := range append(append([]string(nil), read...), skipped...) {
		m.byFirst[n[0]&0x7f] |= 1 << i
	}
	return m
}

// match returns the name among m's that rest (the bytes after a quote) holds
// before its closing quote, and whether it is read (not skipped).
func (m *members) match(rest []byte) (name string, read, ok bool) {
	if len(rest) == 0 || rest[0] >= 0x80 {
		return "", false, false
	}
	for set := m.byFirst[rest[0]]; set != 0; set &= set - 1 {
		i := bits.TrailingZeros32(set)
		n, isRead := "", i < len(m.read)
		if isRead {
			n = m.read[i]
		} else {
			n = m.skipped[i-len(m.read)]
		}
		if len(rest) > len(n) && rest[len(n)] == '"' && string(rest[:len(n)]) == n {
			return n, isRead, true
		}
	}
	return "", false, false
}

// field returns the read member of m that name matches, or "": an exact
// match, else one that ignores case, dashes and underscores, as the
// MatchCaseInsensitiveNames option of the decoder it replaces did. The names
// are ASCII letters and dots, and no two fold alike.
func field(name []byte, m *members) string {
	for _, n := range m.read {
		if string(name) == n {
			return n
		}
	}
	for _, n := range m.skipped {
		if string(name) == n {
			return ""
		}
	}
	for _, n := range m.read {
		if foldEqual(name, n) {
			return n
		}
	}
	return ""
}

// foldEqual reports whether name matches the ASCII letters want regardless
// of case, dashes and underscores: what JSON v2 calls a case-insensitive
// match (a letter is folded to the smallest of its case-fold set, so the
// Kelvin sign matches k).
func foldEqual(name []byte, want string) bool {
	j := 0
	for i := 0; i < len(name); {
		c := name[i]
		if c < utf8.RuneSelf {
			i++
			if c == '_' || c == '-' {
				continue
			}
		} else {
			r, n := utf8.DecodeRune(name[i:])
			i += n
			for {
				r2 := unicode.SimpleFold(r)
				if r2 <= r {
					r = r2
					break
				}
				r = r2
			}
			if r >= utf8.RuneSelf {
				return false
			}
			c = byte(r)
		}
		if j == len(want) || upper(c) != upper(want[j]) {
			return false
		}
		j++
	}
	return j == len(want)
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}
