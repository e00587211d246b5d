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
//     time; this scanner skips a string eight bytes at a time;
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
}

// decodeEnvelope reads the fields of payload that the adapter uses into env.
// Every other member is checked and skipped, unread: the envelope's version,
// session, user, device and request ids, tokens, timestamps, the dialog
// state, confirmation statuses, slot and authority names, error messages and
// causes, and every supported interface but APL. Empty session attributes,
// slots and supported interfaces are left nil. skillID, when set, is the
// expected application id: an id equal to it is not copied.
func decodeEnvelope(payload []byte, env *RequestEnvelope, skillID string) error {
	d := envDecoder{b: payload, skillID: skillID}
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
	for d.i < len(d.b) {
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

// SWAR constants: a byte of a 64-bit word in each lane.
const (
	lanes = 0x0101010101010101
	highs = 0x8080808080808080
)

// stringRaw consumes the string peek found and returns it with its quotes.
// It checks escapes and refuses control characters; other bytes, invalid
// UTF-8 included, are taken as they are. It looks at eight bytes at a time
// for a quote, a backslash or a control character.
func (d *envDecoder) stringRaw() []byte {
	b, start := d.b, d.i
	i := d.i + 1
	for {
		for i+32 <= len(b) && special(b[i:i+32:i+32]) == 0 {
			i += 32
		}
		for i+8 <= len(b) {
			if m := special8(binary.LittleEndian.Uint64(b[i:])); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i >= len(b) {
			d.i = i
			d.fail("in string")
			return nil
		}
		switch c := b[i]; {
		case c == '"':
			d.i = i + 1
			return b[start : i+1]
		case c == '\\':
			if i+1 >= len(b) {
				d.i = len(b)
				d.fail("in string escape")
				return nil
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					d.i = i
					d.fail("in string escape")
					return nil
				}
				i += 6
			default:
				d.i = i
				d.fail("in string escape")
				return nil
			}
		case c < 0x20:
			d.i = i
			d.fail("in string")
			return nil
		default:
			i++
		}
	}
}

// special8 flags the bytes of x (eight bytes of a string, little-endian)
// that end a run of plain characters: a quote, a backslash or a control
// character. Its lowest set bit marks the first such byte; bits above it may
// be false alarms.
func special8(x uint64) uint64 {
	q := x ^ (lanes * '"')
	s := x ^ (lanes * '\\')
	return ((x - lanes*0x20) | (q - lanes) | (s - lanes)) &^ x & highs
}

// special is special8 over 32 bytes at once: zero when none is special.
func special(w []byte) uint64 {
	_ = w[31]
	return special8(binary.LittleEndian.Uint64(w[0:])) | special8(binary.LittleEndian.Uint64(w[8:])) |
		special8(binary.LittleEndian.Uint64(w[16:])) | special8(binary.LittleEndian.Uint64(w[24:]))
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
	if d.err != nil {
		return nil, false
	}
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		d.depth--
		d.open = false
		return nil, false
	}
	if !d.open {
		if d.i >= len(d.b) || d.b[d.i] != ',' {
			d.fail("after an object member (expecting ',' or '}')")
			return nil, false
		}
		d.i++
		d.ws()
	}
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		d.fail("(expecting an object member name)")
		return nil, false
	}
	raw := d.stringRaw()
	d.ws()
	if d.err == nil && (d.i >= len(d.b) || d.b[d.i] != ':') {
		d.fail("after an object member name (expecting ':')")
	}
	d.i++
	d.open = false
	return d.unquote(raw), d.err == nil
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
		return d.intern(d.unquote(d.stringRaw()))
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
	case d.skillID:
		return d.skillID
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

// field returns the one of names that name matches, or "": an exact match,
// else one that ignores case, dashes and underscores, as the
// MatchCaseInsensitiveNames option of the decoder it replaces did. The names
// are ASCII letters, and no two fold alike.
func field(name []byte, names ...string) string {
	for _, n := range names {
		if string(name) == n {
			return n
		}
	}
	for _, n := range names {
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

func (d *envDecoder) envelope(env *RequestEnvelope) {
	if !d.object() {
		if d.err == nil {
			*env = RequestEnvelope{}
		}
		return
	}
	for {
		name, ok := d.member()
		if !ok {
			return
		}
		switch field(name, "session", "context", "request") {
		case "session":
			if d.null() {
				env.Session = nil
				continue
			}
			if env.Session == nil {
				env.Session = new(Session)
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
		name, ok := d.member()
		if !ok {
			return
		}
		switch field(name, "new", "application", "attributes") {
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
		name, ok := d.member()
		if !ok {
			return
		}
		if field(name, "applicationId") != "" {
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
		name, ok := d.member()
		if !ok {
			return
		}
		if field(name, "System") != "" {
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
		name, ok := d.member()
		if !ok {
			return
		}
		switch field(name, "application", "device") {
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
		name, ok := d.member()
		if !ok {
			return
		}
		if field(name, "supportedInterfaces") == "" {
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
		name, ok := d.member()
		if !ok {
			return
		}
		if field(name, "runtime") == "" {
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
			name, ok := d.member()
			if !ok {
				break
			}
			if field(name, "maxVersion") != "" {
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
		name, ok := d.member()
		if !ok {
			return
		}
		switch field(name, "type", "locale", "intent", "reason", "error") {
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
				r.Intent = new(Intent)
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
		name, ok := d.member()
		if !ok {
			return
		}
		if field(name, "type") != "" {
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
		name, ok := d.member()
		if !ok {
			return
		}
		switch field(name, "name", "slots") {
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
		name, ok := d.member()
		if !ok {
			return
		}
		switch field(name, "value", "resolutions") {
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
		name, ok := d.member()
		if !ok {
			return
		}
		if field(name, "resolutionsPerAuthority") == "" {
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
		name, ok := d.member()
		if !ok {
			return
		}
		switch field(name, "status", "values") {
		case "status":
			if !d.object() {
				r.Status = ResolutionStatus{}
				continue
			}
			for {
				name, ok := d.member()
				if !ok {
					break
				}
				if field(name, "code") != "" {
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
		name, ok := d.member()
		if !ok {
			return
		}
		if field(name, "value") == "" {
			d.skip()
			continue
		}
		if !d.object() {
			v.Value = ResolvedValue{}
			continue
		}
		for {
			name, ok := d.member()
			if !ok {
				break
			}
			if field(name, "id") != "" {
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
		return string(d.unquote(d.stringRaw()))
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
			key := string(name)
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
