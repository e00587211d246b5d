package skill

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/jsonquote"
	"github.com/feedingfriend/skill/internal/lazyre"
)

// Speech is spoken output built from parts. The zero value is empty speech.
// Text added with Say is always escaped when rendered as SSML, so content can
// never inject markup; numbers a caller must dial are read digit by digit.
//
// Rendered keeps a speech's SSML and plain text with it, so that speech the
// skill says on every request is escaped once, not per request.
type Speech struct {
	parts []speechPart
	// done is the rendering of parts when Rendered made it; every change
	// clears it. (A pointer keeps Speech, and every Response, small.)
	done *rendering
}

// rendering is a speech's SSML and plain text, and its SSML as a JSON
// string literal.
type rendering struct {
	ssml, text, ssmlJSON string
}

type partKind int

const (
	textPart partKind = iota
	pausePart
)

type speechPart struct {
	kind  partKind
	text  string
	pause time.Duration
}

// maxPause is the longest break Alexa accepts.
const maxPause = 10 * time.Second

// Say appends text. Empty text is ignored.
func (s *Speech) Say(text string) *Speech {
	text = clean(text)
	if strings.TrimSpace(text) != "" {
		s.done = nil
		s.parts = append(s.parts, speechPart{kind: textPart, text: strings.TrimSpace(text)})
	}
	return s
}

// Pause appends a short silence (capped at 10 seconds).
func (s *Speech) Pause(d time.Duration) *Speech {
	if d > maxPause {
		d = maxPause
	}
	if d > 0 {
		s.done = nil
		s.parts = append(s.parts, speechPart{kind: pausePart, pause: d})
	}
	return s
}

// Append adds every part of o to s.
func (s *Speech) Append(o Speech) *Speech {
	s.done = nil
	s.parts = append(s.parts, o.parts...)
	return s
}

// Rendered returns s with its SSML and plain text rendered now: SSML and Text
// then return them without rendering again. Copies of the result share its
// parts safely (a change to a copy copies them first). Speech said on every
// request is rendered once, when the conversation is built.
func (s Speech) Rendered() Speech {
	s.parts = slices.Clip(s.parts)
	s.done = nil
	ssml := s.SSML()
	s.done = &rendering{ssml: ssml, text: s.Text(), ssmlJSON: string(jsonquote.Append(nil, ssml))}
	return s
}

// SSMLJSON returns SSML as a JSON string literal (jsonquote.Append), and
// true, when s was rendered by Rendered: the quoting was done then, once,
// so a platform that writes JSON copies it rather than quoting the speech
// on every request. It returns false for speech that was not rendered.
func (s Speech) SSMLJSON() (string, bool) {
	if s.done == nil {
		return "", false
	}
	return s.done.ssmlJSON, true
}

// Empty reports whether there is nothing to say.
func (s Speech) Empty() bool {
	for _, p := range s.parts {
		if p.kind == textPart {
			return false
		}
	}
	return true
}

// Text renders the speech as plain text, for chat platforms and the terminal.
func (s Speech) Text() string {
	if s.done != nil {
		return s.done.text
	}
	var b strings.Builder
	for _, p := range s.parts {
		if p.kind != textPart {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.text)
	}
	return b.String()
}

// SSML renders the speech as an SSML document inside <speak>.
func (s Speech) SSML() string {
	if s.done != nil {
		return s.done.ssml
	}
	var b strings.Builder
	b.WriteString("<speak>")
	first := true
	for _, p := range s.parts {
		switch p.kind {
		case textPart:
			if !first {
				b.WriteByte(' ')
			}
			writeText(&b, p.text)
		case pausePart:
			fmt.Fprintf(&b, `<break time="%dms"/>`, p.pause.Milliseconds())
		}
		first = false
	}
	b.WriteString("</speak>")
	return b.String()
}

// phoneRE finds numbers a listener has to dial: UK phone numbers (0300 100 0212),
// short codes (116 123) and the emergency and NHS numbers (999, 111).
var phoneRE = lazyre.New(`\b(0\d{2,4}(?: \d{3,4}){1,2}|116 ?\d{3}|999|111)\b`)

// PhoneNumbers returns the start and end of each telephone number in text
// (UK numbers such as 0300 100 0212, 116 123, 999 and 111): the one rule for
// what is a number to dial, which SSML reads out as a telephone number and a
// screen shows as a link.
func PhoneNumbers(text string) [][2]int {
	if !strings.ContainsAny(text, "0123456789") {
		return nil
	}
	var out [][2]int
	for _, m := range phoneRE().FindAllStringIndex(text, -1) {
		out = append(out, [2]int{m[0], m[1]})
	}
	return out
}

// writeText escapes text for XML and wraps phone numbers in say-as so they are
// read digit by digit ("nine nine nine", not "nine hundred and ninety-nine").
func writeText(b *strings.Builder, text string) {
	last := 0
	for _, m := range PhoneNumbers(text) {
		b.WriteString(escape(text[last:m[0]]))
		b.WriteString(`<say-as interpret-as="telephone">`)
		b.WriteString(escape(text[m[0]:m[1]]))
		b.WriteString(`</say-as>`)
		last = m[1]
	}
	b.WriteString(escape(text[last:]))
}

var xmlEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&quot;", `'`, "&apos;")

func escape(s string) string { return xmlEscaper.Replace(s) }

// clean makes text safe to carry in XML and JSON: valid UTF-8, no control
// characters, runs of white space folded to one space.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	return rebuild(s)
}

// rebuild is clean's slow path: it copies s rune by rune.
func rebuild(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Say returns speech holding text, for building speech in one expression.
func Say(text string) Speech {
	var s Speech
	s.Say(text)
	return s
}

// isClean reports whether s is already as clean would leave it: valid UTF-8,
// single spaces between words, no other white space or control characters.
// Content text nearly always is, so the common case costs one pass.
func isClean(s string) bool {
	prevSpace := true // a leading space is not clean
	for _, r := range s {
		switch {
		case r == utf8.RuneError || r == '\uFFFE' || r == '\uFFFF':
			return false
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return false
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}
