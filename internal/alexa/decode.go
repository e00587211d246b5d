package alexa

import (
	"fmt"
	"strconv"

	"github.com/feedingfriend/skill/internal/skill"
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
//     decode.go and its scanner, scan.go, and FuzzDecode holds the two
//     decoders to the same fields for any input the old one accepts. The fast
//     libraries in the module proxy (valyala/fastjson, tidwall/gjson,
//     goccy/go-json, bytedance/sonic) either reflect too or would need those
//     rules taught on top of theirs.
//
// Strings with escapes are unquoted by jsontext.AppendUnquote, the function the
// old decoder used, so escapes and invalid UTF-8 (as U+FFFD) read the same.

// decodeEnvelope reads the fields of payload that the adapter uses into env.
// Every other member is checked and skipped, unread: the envelope's version,
// session, user, device and request ids, tokens, timestamps, the dialog
// state, confirmation statuses, slot and authority names, error messages and
// causes, and every supported interface but APL. Empty session attributes,
// slots and supported interfaces are left nil. skillID, when set, is the
// expected application id: an id equal to it is not copied, nor an intent
// name that is a key of intents (its value is used). The session and intent
// are decoded into t when it is not nil.
func decodeEnvelope(payload []byte, env *RequestEnvelope, skillID string, intents map[string]string, t *turn) error {
	d := envDecoder{b: payload, skillID: skillID, intents: intents, t: t}
	d.envelope(env)
	if d.err == nil {
		d.ws()
		if d.i < len(d.b) {
			d.fail("after the top-level value")
		}
	}
	return d.err
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
			in.Name = d.intentName()
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
