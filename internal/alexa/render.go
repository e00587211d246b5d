package alexa

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/skill"
)

// Alexa's limits.
const (
	// MaxSpeech is the longest outputSpeech (SSML included) Alexa accepts.
	MaxSpeech = 8000
	// MaxCard is the most text a card may hold, title included.
	MaxCard = 8000
	// MaxResponse is the largest response envelope Alexa accepts (120 KB).
	MaxResponse = 120_000
	// maxTitle keeps a card's title to a line or two.
	maxTitle = 200
)

// aplVersion is the APL version of the card document; older devices get their own
// maxVersion, as the document uses only components APL 1.0 already had.
const aplVersion = "1.8"

// rendered holds every part of a rendered response envelope, so that the
// envelope takes one allocation.
type rendered struct {
	out              ResponseEnvelope
	speech, reprompt OutputSpeech
	rep              Reprompt
	card             Card
	end              bool
}

// render turns the conversation's response into Alexa's, in p.
// shouldEndSession is always set; the reprompt is sent only while the session
// stays open.
func (a *Adapter) render(env *RequestEnvelope, resp *skill.Response, p *rendered) *ResponseEnvelope {
	out := &p.out
	out.Version, out.SessionAttributes = Version, resp.Session
	p.end = resp.EndSession
	out.Response.ShouldEndSession = &p.end
	p.speech = ssml(resp.Speech)
	out.Response.OutputSpeech = &p.speech
	if !p.end && !resp.Reprompt.Empty() {
		p.reprompt = ssml(resp.Reprompt)
		p.rep.OutputSpeech = &p.reprompt
		out.Response.Reprompt = &p.rep
	}
	if c := resp.Card; c != nil && (c.Title != "" || c.Text != "") {
		title := TruncateText(c.Title, maxTitle)
		text := TruncateText(c.Text, MaxCard-len(title))
		p.card = Card{Type: CardSimple, Title: title, Content: text}
		if j, ok := c.TitleJSON(); ok {
			p.card.title = quoted{of: c.Title, json: j}
		}
		if j, ok := c.TextJSON(); ok {
			p.card.content = quoted{of: c.Text, json: j}
		}
		out.Response.Card = &p.card
		if v, ok := aplSupport(env); ok {
			doc, ok := a.cardDocs[v]
			if !ok {
				doc = cardDocument(v)
			}
			out.Response.Directives = []Directive{renderCard(doc, title, text)}
		}
	}
	return out
}

// ssml is s as SSML speech, cut to Alexa's limit, with the quoting done
// when s was rendered (used only while nothing was cut).
func ssml(s skill.Speech) OutputSpeech {
	doc := s.SSML()
	out := OutputSpeech{Type: SpeechSSML, SSML: TruncateSSML(doc, MaxSpeech)}
	if j, ok := s.SSMLJSON(); ok {
		out.ssml = quoted{of: doc, json: j}
	}
	return out
}

// say is a fixed reply of the adapter's own.
func say(text string, end bool) *ResponseEnvelope {
	out := &ResponseEnvelope{Version: Version}
	sp := ssml(skill.Say(text))
	out.Response.OutputSpeech = &sp
	out.Response.ShouldEndSession = &end
	return out
}

// empty is the response to requests that cannot be answered with speech.
func empty() *ResponseEnvelope { return &ResponseEnvelope{Version: Version} }

// testTexts are the adapter's own words when the wiring gives none: only
// tests of the adapter on its own run without content. Every binary passes
// the approved prompts (Config.Texts).
var testTexts = skill.EdgeTexts{
	Failure:              "Sorry, something went wrong on my side, so I can't answer that right now. Please try again later. In an emergency, call 999.",
	WrongLocale:          "Sorry, Feeding Friend is only available in English at the moment. If you need help now, contact your midwife, health visitor or doctor, or in an emergency call your local emergency number.",
	Unsupported:          "Sorry, I can't do that. You can ask me about breastfeeding.",
	UnsupportedInSession: "Sorry, I can't do that. What would you like to know about breastfeeding?",
	Reprompt:             "You can say help to hear the topics.",
}

// sorry is said when the conversation failed: no detail, and the emergency number.
func (a *Adapter) sorry() *ResponseEnvelope { return say(a.texts.Failure, true) }

// englishOnly is said in locales the skill has no content for.
func (a *Adapter) englishOnly() *ResponseEnvelope { return say(a.texts.WrongLocale, true) }

// unsupported answers request types the skill does not handle. In a session it
// keeps the conversation and its attributes; outside one it ends.
func (a *Adapter) unsupported(env *RequestEnvelope) *ResponseEnvelope {
	if env.Session == nil {
		return say(a.texts.Unsupported, true)
	}
	out := say(a.texts.UnsupportedInSession, false)
	sp := ssml(skill.Say(a.texts.Reprompt))
	out.Response.Reprompt = &Reprompt{OutputSpeech: &sp}
	out.SessionAttributes = env.Session.Attributes
	return out
}

// aplSupport reports whether the device runs APL, and the APL version to use.
func aplSupport(env *RequestEnvelope) (string, bool) {
	si, ok := env.Context.System.Device.SupportedInterfaces[APLInterface]
	if !ok {
		return "", false
	}
	if si.Runtime != nil && versionLess(si.Runtime.MaxVersion, aplVersion) {
		return si.Runtime.MaxVersion, true
	}
	return aplVersion, true
}

// versionLess reports whether APL version a ("1.4", "2023.1") is older than b.
// Unparsable versions are never older.
func versionLess(a, b string) bool {
	pa, oka := parseVersion(a)
	pb, okb := parseVersion(b)
	if !oka || !okb {
		return false
	}
	if pa[0] != pb[0] {
		return pa[0] < pb[0]
	}
	return pa[1] < pb[1]
}

func parseVersion(v string) ([2]int, bool) {
	maj, min, ok := strings.Cut(v, ".")
	if !ok {
		return [2]int{}, false
	}
	x, err1 := strconv.Atoi(maj)
	y, err2 := strconv.Atoi(min)
	return [2]int{x, y}, err1 == nil && err2 == nil && x >= 0 && y >= 0
}

// cardDocuments are the card's APL documents for aplVersion and the 1.x
// versions before it, by version as a device writes it.
func cardDocuments() map[string]map[string]any {
	docs := map[string]map[string]any{aplVersion: cardDocument(aplVersion)}
	for minor := 0; ; minor++ {
		v := "1." + strconv.Itoa(minor)
		if !versionLess(v, aplVersion) {
			return docs
		}
		docs[v] = cardDocument(v)
	}
}

// renderCard shows the card on a screen: its title and text from a
// datasource, in doc (cardDocument for the device's APL version).
func renderCard(doc map[string]any, title, text string) Directive {
	markup := strings.ReplaceAll(html.EscapeString(text), "\n", "<br>")
	return Directive{
		Type:        "Alexa.Presentation.APL.RenderDocument",
		Token:       "card",
		Document:    doc,
		Datasources: map[string]any{"card": map[string]any{"title": html.EscapeString(title), "text": markup}},
	}
}

// cardDocument is the APL document that shows a card, for APL version. The
// adapter makes those of the versions devices run once (cardDocuments): they
// are read-only.
func cardDocument(version string) map[string]any {
	return map[string]any{
		"type":    "APL",
		"version": version,
		"mainTemplate": map[string]any{
			"parameters": []any{"payload"},
			"items": []any{map[string]any{
				"type": "ScrollView", "width": "100vw", "height": "100vh",
				"item": map[string]any{
					"type": "Container", "paddingLeft": "48dp", "paddingRight": "48dp", "paddingTop": "32dp",
					"items": []any{
						map[string]any{"type": "Text", "text": "${payload.card.title}", "fontSize": "40dp", "fontWeight": "bold", "paddingBottom": "24dp"},
						map[string]any{"type": "Text", "text": "${payload.card.text}", "fontSize": "28dp"},
					},
				},
			}},
		},
	}
}

// TruncateSSML shortens an SSML document to at most max bytes (so at most max
// characters) by cutting its content at the last sentence end or pause outside
// any tag that fits, else at the last space outside any tag. It never cuts inside
// a tag or an entity, so the result is well-formed when the input is.
func TruncateSSML(doc string, max int) string {
	if len(doc) <= max {
		return doc
	}
	const open, close = "<speak>", "</speak>"
	inner, ok := strings.CutPrefix(doc, open)
	if !ok {
		return open + close
	}
	inner, _ = strings.CutSuffix(inner, close)
	budget := max - len(open) - len(close)
	sentence, word := 0, 0
	depth := 0
	for i := 0; i < len(inner) && i <= budget; {
		c := inner[i]
		if c == '<' {
			j := strings.IndexByte(inner[i:], '>')
			if j < 0 {
				break
			}
			tag := inner[i : i+j+1]
			i += j + 1
			switch {
			case strings.HasPrefix(tag, "</"):
				depth--
				if depth == 0 && i <= budget {
					word = i
				}
			case strings.HasSuffix(tag, "/>"):
				if depth == 0 && i <= budget {
					sentence = i
				}
			default:
				if depth == 0 {
					word = i - len(tag)
				}
				depth++
			}
			continue
		}
		if depth == 0 {
			switch {
			case c == ' ':
				word = i
			case (c == '.' || c == '?' || c == '!') && (i+1 == len(inner) || inner[i+1] == ' ' || inner[i+1] == '<') && i+1 <= budget:
				sentence = i + 1
			}
		}
		i++
	}
	cut := sentence
	if cut == 0 {
		cut = word
	}
	return open + strings.TrimSpace(inner[:cut]) + close
}

// TruncateText shortens plain text to at most max bytes, at the last sentence
// end or line break that fits, else the last space, else the last whole
// character.
func TruncateText(s string, max int) string {
	if len(s) <= max {
		return s
	}
	if max <= 0 {
		return ""
	}
	cut := -1
	for i := max - 1; i > 0; i-- {
		c := s[i]
		if c == '\n' || ((c == ' ') && strings.ContainsRune(".?!", rune(s[i-1]))) {
			cut = i
			break
		}
	}
	if cut < 0 {
		cut = strings.LastIndexByte(s[:max], ' ')
	}
	if cut <= 0 {
		cut = max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimSpace(s[:cut])
}
