package alexa

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/go-json-experiment/json/jsontext"
)

// The request envelope is decoded by hand: a scanner over the bytes that
// checks the JSON syntax of the whole body and turns into Go values only the
// fields the adapter uses. Neither a reflecting decoder nor the token reader
// of github.com/go-json-experiment/json/jsontext is used, nor a third-party
// fast JSON library, because:
//
//   - the adapter reads about twenty fields of a 2 KB envelope; everything else
//     (ids, tokens, timestamps, the viewport...) is checked and skipped, and
//     user, device and session ids are never even copied out of the request;
//   - measured on bench/requests/intent.json, JSON v2's reflecting Unmarshal
//     and a decoder over jsontext's tokens both take about 5 µs, most of it in
//     per-token bookkeeping and in scanning the 1.4 KB access token a byte at a
//     time; this scanner finds a string's end with bytes.IndexByte and checks
//     what lies before it 32 bytes at a time, and matches member names as
//     Alexa writes them straight against the bytes (about 1.7 µs in all);
//   - the rules of the decoder it replaces (jsonv2.Unmarshal with
//     MatchCaseInsensitiveNames, AllowInvalidUTF8 and AllowDuplicateNames:
//     strict JSON syntax, at most 10000 levels deep; names matched without
//     regard to case, dashes or underscores; a repeated member merged into the
//     first; null as the zero value; a value of the wrong kind refused) fit in
//     this one file, and FuzzDecode holds the two decoders to the same fields
//     for any input the old one accepts. The fast libraries in the module
//     proxy (valyala/fastjson, tidwall/gjson, goccy/go-json, bytedance/sonic)
//     either reflect too or would need those rules taught on top of theirs.
//
// Strings with escapes are unquoted by jsontext.AppendUnquote, the function the
// old decoder used, so escapes and invalid UTF-8 (as U+FFFD) read the same.

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
	scratch []byte
	// t holds the session and intent decoded, when the caller gives one;
	// sessionUsed and intentUsed say whether they have been handed out.
	t                       *turn
	sessionUsed, intentUsed bool
}

// decodeEnvelope reads the fields of payload that the adapter uses into env.
// Every other member is checked and skipped, unread: the envelope's version,
// session, user, device and request ids, tokens, timestamps, the dialog
// state, confirmation statuses, slot and authority names, error messages and
// causes, and every supported interface but APL. Empty session attributes,
// slots and supported interfaces are left nil. skillID, when set, is the
// expected application id: an id equal to it is not copied. The session and
// intent are decoded into t when it is not nil.
func decodeEnvelope(payload []byte, env *RequestEnvelope, skillID string, t *turn) error {
	d := envDecoder{b: payload, skillID: skillID, t: t}
	d.envelope(env)
	if d.err == nil {
		d.ws()
		if d.i < len(d.b) {
			d.fail("after the top-level value")
		}
	}
	return d.err
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
		m := special8(x)
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

// SWAR constants: a byte of a 64-bit word in each lane.
const (
	lanes = 0x0101010101010101
	highs = 0x8080808080808080
)

// special8 flags the bytes of x (eight bytes of a string, little-endian)
// that end a run of plain characters: a quote, a backslash or a control
// character. Its lowest set bit is the high bit of the first such byte; bits
// above it may be false alarms.
func special8(x uint64) uint64 {
	q := x ^ (lanes * '"')
	s := x ^ (lanes * '\\')
	return ((x - lanes*0x20) | (q - lanes) | (s - lanes)) &^ x & highs
}

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

// The members of each object of the envelope. No skipped name may match a
// read one regardless of case (TestMembersAreDistinct).
var (
	envelopeMembers    = newMembers([]string{"session", "context", "request"}, []string{"version"})
	sessionMembers     = newMembers([]string{"new", "application", "attributes"}, []string{"sessionId", "user"})
	applicationMembers = newMembers([]string{"applicationId"}, nil)
	contextMembers     = newMembers([]string{"System"}, []string{"Extensions", "Advertising", "Viewport", "Viewports", "AudioPlayer", "Display", "Geolocation", APLInterface})
	systemMembers      = newMembers([]string{"application", "device"}, []string{"user", "apiEndpoint", "apiAccessToken", "person", "unit"})
	deviceMembers      = newMembers([]string{"supportedInterfaces"}, []string{"deviceId", "persistentEndpointId"})
	interfaceMembers   = newMembers([]string{"runtime"}, nil)
	runtimeMembers     = newMembers([]string{"maxVersion"}, nil)
	requestMembers     = newMembers([]string{"type", "locale", "intent", "reason", "error"}, []string{"requestId", "timestamp", "shouldLinkResultBeReturned", "dialogState", "cause"})
	errorMembers       = newMembers([]string{"type"}, []string{"message"})
	intentMembers      = newMembers([]string{"name", "slots"}, []string{"confirmationStatus"})
	slotMembers        = newMembers([]string{"value", "resolutions"}, []string{"name", "confirmationStatus", "source", "slotValue"})
	resolutionsMembers = newMembers([]string{"resolutionsPerAuthority"}, nil)
	resolutionMembers  = newMembers([]string{"status", "values"}, []string{"authority"})
	statusMembers      = newMembers([]string{"code"}, nil)
	valueMembers       = newMembers([]string{"value"}, nil)
	resolvedMembers    = newMembers([]string{"id"}, []string{"name"})
)

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

// newSession is a zero Session: the turn's, the first time.
func (d *envDecoder) newSession() *Session {
	if d.t != nil && !d.sessionUsed {
		d.sessionUsed = true
		return &d.t.session
	}
	return new(Session)
}

// newIntent is a zero Intent: the turn's, the first time.
func (d *envDecoder) newIntent() *Intent {
	if d.t != nil && !d.intentUsed {
		d.intentUsed = true
		return &d.t.intent
	}
	return new(Intent)
}

func (d *envDecoder) envelope(env *RequestEnvelope) {
	if !d.object() {
		if d.err == nil {
			*env = RequestEnvelope{}
		}
		return
	}
	for {
		f, ok := d.next(envelopeMembers)
		if !ok {
			return
		}
		switch f {
		case "session":
			if d.null() {
				env.Session = nil
				continue
			}
			if env.Session == nil {
				env.Session = d.newSession()
			}
			d.session(env.Session)
		case "context":
			d.context(&env.Context)
		case "request":
			d.request(&env.Request)
		default:
			d.skip()
		}
	}
}

func (d *envDecoder) session(s *Session) {
	if !d.object() {
		*s = Session{}
		return
	}
	for {
		f, ok := d.next(sessionMembers)
		if !ok {
			return
		}
		switch f {
		case "new":
			s.New = d.boolean()
		case "application":
			d.application(&s.Application)
		case "attributes":
			if d.null() {
				s.Attributes = nil
				continue
			}
			if d.peek() != '{' {
				d.object() // the error
				continue
			}
			v := d.anyValue(s.Attributes)
			s.Attributes, _ = v.(map[string]any)
			if len(s.Attributes) == 0 {
				s.Attributes = nil // as absent: the conversation reads no attributes either way
			}
		default:
			d.skip()
		}
	}
}

func (d *envDecoder) application(a *Application) {
	if !d.object() {
		*a = Application{}
		return
	}
	for {
		f, ok := d.next(applicationMembers)
		if !ok {
			return
		}
		if f != "" {
			a.ApplicationID = d.str()
		} else {
			d.skip()
		}
	}
}

func (d *envDecoder) context(c *Context) {
	if !d.object() {
		*c = Context{}
		return
	}
	for {
		f, ok := d.next(contextMembers)
		if !ok {
			return
		}
		if f != "" {
			d.system(&c.System)
		} else {
			d.skip()
		}
	}
}

func (d *envDecoder) system(s *System) {
	if !d.object() {
		*s = System{}
		return
	}
	for {
		f, ok := d.next(systemMembers)
		if !ok {
			return
		}
		switch f {
		case "application":
			d.application(&s.Application)
		case "device":
			d.device(&s.Device)
		default:
			d.skip()
		}
	}
}

// device keeps only the APL interface, the one the adapter asks about.
func (d *envDecoder) device(dev *Device) {
	if !d.object() {
		*dev = Device{}
		return
	}
	for {
		f, ok := d.next(deviceMembers)
		if !ok {
			return
		}
		if f == "" {
			d.skip()
			continue
		}
		if !d.object() {
			dev.SupportedInterfaces = nil
			continue
		}
		for {
			key, ok := d.member()
			if !ok {
				break
			}
			if string(key) != APLInterface {
				d.skip()
				continue
			}
			si := dev.SupportedInterfaces[APLInterface]
			d.supportedInterface(&si)
			if d.err != nil {
				return
			}
			if dev.SupportedInterfaces == nil {
				dev.SupportedInterfaces = map[string]SupportedInterface{}
			}
			dev.SupportedInterfaces[APLInterface] = si
		}
	}
}

func (d *envDecoder) supportedInterface(si *SupportedInterface) {
	if !d.object() {
		*si = SupportedInterface{}
		return
	}
	for {
		f, ok := d.next(interfaceMembers)
		if !ok {
			return
		}
		if f == "" {
			d.skip()
			continue
		}
		if d.null() {
			si.Runtime = nil
			continue
		}
		rt := Runtime{}
		if si.Runtime != nil {
			rt = *si.Runtime
		}
		if !d.object() {
			continue
		}
		for {
			f, ok := d.next(runtimeMembers)
			if !ok {
				break
			}
			if f != "" {
				rt.MaxVersion = d.str()
			} else {
				d.skip()
			}
		}
		si.Runtime = &rt
	}
}

func (d *envDecoder) request(r *Request) {
	if !d.object() {
		*r = Request{}
		return
	}
	for {
		f, ok := d.next(requestMembers)
		if !ok {
			return
		}
		switch f {
		case "type":
			r.Type = d.str()
		case "locale":
			r.Locale = d.str()
		case "reason":
			r.Reason = d.str()
		case "intent":
			if d.null() {
				r.Intent = nil
				continue
			}
			if r.Intent == nil {
				r.Intent = d.newIntent()
			}
			d.intent(r.Intent)
		case "error":
			if d.null() {
				r.Error = nil
				continue
			}
			if r.Error == nil {
				r.Error = new(Error)
			}
			d.error(r.Error)
		default:
			d.skip()
		}
	}
}

func (d *envDecoder) error(e *Error) {
	if !d.object() {
		*e = Error{}
		return
	}
	for {
		f, ok := d.next(errorMembers)
		if !ok {
			return
		}
		if f != "" {
			e.Type = d.str()
		} else {
			d.skip()
		}
	}
}

func (d *envDecoder) intent(in *Intent) {
	if !d.object() {
		*in = Intent{}
		return
	}
	for {
		f, ok := d.next(intentMembers)
		if !ok {
			return
		}
		switch f {
		case "name":
			in.Name = d.str()
		case "slots":
			if !d.object() {
				in.Slots = nil
				continue
			}
			for {
				key, ok := d.member()
				if !ok {
					break
				}
				k := d.intern(key)
				s := in.Slots[k]
				d.slot(&s)
				if d.err != nil {
					return
				}
				if in.Slots == nil {
					in.Slots = map[string]Slot{}
				}
				in.Slots[k] = s
			}
		default:
			d.skip()
		}
	}
}

func (d *envDecoder) slot(s *Slot) {
	if !d.object() {
		*s = Slot{}
		return
	}
	for {
		f, ok := d.next(slotMembers)
		if !ok {
			return
		}
		switch f {
		case "value":
			s.Value = d.str()
		case "resolutions":
			if d.null() {
				s.Resolutions = nil
				continue
			}
			if s.Resolutions == nil {
				s.Resolutions = new(Resolutions)
			}
			d.resolutions(s.Resolutions)
		default:
			d.skip()
		}
	}
}

func (d *envDecoder) resolutions(rs *Resolutions) {
	if !d.object() {
		*rs = Resolutions{}
		return
	}
	for {
		f, ok := d.next(resolutionsMembers)
		if !ok {
			return
		}
		if f == "" {
			d.skip()
			continue
		}
		rs.ResolutionsPerAuthority = nil
		if !d.array() {
			continue
		}
		for d.more() {
			var r Resolution
			d.resolution(&r)
			rs.ResolutionsPerAuthority = append(rs.ResolutionsPerAuthority, r)
		}
	}
}

func (d *envDecoder) resolution(r *Resolution) {
	if !d.object() {
		return
	}
	for {
		f, ok := d.next(resolutionMembers)
		if !ok {
			return
		}
		switch f {
		case "status":
			if !d.object() {
				r.Status = ResolutionStatus{}
				continue
			}
			for {
				f, ok := d.next(statusMembers)
				if !ok {
					break
				}
				if f != "" {
					r.Status.Code = d.str()
				} else {
					d.skip()
				}
			}
		case "values":
			r.Values = nil
			if !d.array() {
				continue
			}
			for d.more() {
				var v ResolutionValue
				d.resolutionValue(&v)
				r.Values = append(r.Values, v)
			}
		default:
			d.skip()
		}
	}
}

func (d *envDecoder) resolutionValue(v *ResolutionValue) {
	if !d.object() {
		return
	}
	for {
		f, ok := d.next(valueMembers)
		if !ok {
			return
		}
		if f == "" {
			d.skip()
			continue
		}
		if !d.object() {
			v.Value = ResolvedValue{}
			continue
		}
		for {
			f, ok := d.next(resolvedMembers)
			if !ok {
				break
			}
			if f != "" {
				v.Value.ID = d.str()
			} else {
				d.skip()
			}
		}
	}
}

// anyValue reads a value of any kind as the decoder it replaces did into a
// Go any that held old: objects as map[string]any, arrays as []any, numbers as
// float64. A repeated name merges into the value it repeats, which must then
// be of the same kind; null is nil.
func (d *envDecoder) anyValue(old any) any {
	k := d.peek()
	if k == 'n' {
		d.literal("null")
		return nil
	}
	if old != nil && k != 0 {
		var want byte
		switch old.(type) {
		case bool:
			want = 't'
			if k == 'f' {
				want = 'f'
			}
		case string:
			want = '"'
		case float64:
			want = '0'
		case map[string]any:
			want = '{'
		case []any:
			want = '['
		}
		if k != want {
			d.kindError(k, fmt.Sprintf("a %T", old))
			return nil
		}
	}
	switch k {
	case 't':
		d.literal("true")
		return true
	case 'f':
		d.literal("false")
		return false
	case '"':
		raw, plain := d.stringPlain()
		if !plain {
			return string(d.unquote(raw))
		}
		if w, ok := skill.SessionWord(raw[1 : len(raw)-1]); ok {
			return w // boxed once, not per request
		}
		return string(raw[1 : len(raw)-1])
	case '0':
		raw := d.number()
		if d.err != nil {
			return nil
		}
		f, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			d.err = fmt.Errorf("alexa: number %s: %w", raw, err)
		}
		return f
	case '{':
		m, _ := old.(map[string]any)
		if m == nil {
			m = map[string]any{}
		}
		d.push()
		for {
			name, ok := d.member()
			if !ok {
				break
			}
			key, ok := skill.SessionKey(name)
			if !ok {
				key = string(name)
			}
			m[key] = d.anyValue(m[key])
		}
		return m
	case '[':
		s := []any{}
		d.push()
		for d.more() {
			s = append(s, d.anyValue(nil))
		}
		return s
	}
	return nil
}
