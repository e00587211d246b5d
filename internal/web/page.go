package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/skill"
)

//go:embed templates/chat.html
var templateFS embed.FS

// page is the chat page, parsed on first use: a binary that links the web
// chat without serving it (skill invoke) does not parse it at start-up. The
// tests render it, so a broken template fails them.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("chat.html").Funcs(template.FuncMap{
		"segs": renderSegments,
		"list": func(s ...Segment) []Segment { return s },
		"tel":  telURL,
	}).ParseFS(templateFS, "templates/chat.html"))
})

// renderSegments writes text with its numbers as tel: links, escaped.
func renderSegments(segs []Segment) template.HTML {
	var b strings.Builder
	for _, s := range segs {
		if s.Tel != "" {
			b.WriteString(`<a class="ff-tel" href="`)
			b.WriteString(template.HTMLEscapeString(string(telURL(s.Tel))))
			b.WriteString(`">`)
			b.WriteString(template.HTMLEscapeString(s.Text))
			b.WriteString(`</a>`)
			continue
		}
		b.WriteString(template.HTMLEscapeString(s.Text))
	}
	return template.HTML(b.String()) // #nosec: every part is escaped above
}

// telURL lets a tel: URI through html/template, which would otherwise
// replace the scheme it does not know; only "tel:" and digits pass.
func telURL(u string) template.URL {
	if !telRE().MatchString(u) {
		return "#"
	}
	return template.URL(u) // #nosec: tel: and digits only
}

var telRE = lazyre.New(`^tel:[0-9]{3,15}$`)

// turnView is one exchange on the page: what the parent asked (empty for the
// welcome) and the reply.
type turnView struct {
	Asked string
	Reply *Reply
}

// pageData is what the page template shows.
type pageData struct {
	Name, Title, Disclaimer string
	Embed                   bool
	Turns                   []turnView
	State                   string
	Error                   string
	Emergency               Segment
	SafetyNet               []Segment
	PrivacyURL              string
	CSS, Theme, JS          string
}

func (c *Chat) data(r *http.Request, embed bool) *pageData {
	return &pageData{
		Name:       c.cfg.Name,
		Title:      "Ask " + c.cfg.Name + " a breastfeeding question",
		Disclaimer: c.cfg.Disclaimer,
		Embed:      embed,
		Emergency:  Segment{Text: c.cfg.Urgent.Emergency, Tel: tel(c.cfg.Urgent.Emergency)},
		SafetyNet:  c.safetyNet(),
		PrivacyURL: c.cfg.PrivacyURL,
		CSS:        c.assets.url("chat.css"),
		Theme:      c.assets.url("theme.css"),
		JS:         c.assets.url("chat.js"),
	}
}

// servePage answers GET /chat with the welcome and POST /chat with the
// answer to the form: the chat without JavaScript.
func (c *Chat) servePage(w http.ResponseWriter, r *http.Request) {
	rc := rec(r)
	embed := r.URL.Query().Get("embed") == "1"
	var in Input
	var asked string
	if r.Method == http.MethodGet {
		in = Input{Action: ActionStart}
	} else {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
			rc.reason = "content-type"
			c.renderError(w, r, http.StatusUnsupportedMediaType, "The form must be sent as a web form.")
			return
		}
		body, status, msg := readBody(w, r)
		if status != 0 {
			rc.reason = "body"
			c.renderError(w, r, status, msg)
			return
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			rc.reason = "malformed"
			c.renderError(w, r, http.StatusBadRequest, "The form could not be read.")
			return
		}
		embed = embed || form.Get("embed") == "1"
		in, asked = formInput(form)
	}
	d := c.data(r, embed)
	reply, err := c.turn(r.Context(), rc, in)
	if err != nil {
		if errors.Is(err, errEmpty) {
			// The parent pressed Ask with nothing typed: say so by the box,
			// and keep the conversation.
			rc.reason = "bad-input"
			d.Error = "Type your question"
			d.Title = "Error: " + d.Title
			d.State = in.State
			c.render(w, http.StatusBadRequest, d)
			return
		}
		c.refuse(w, r, rc, err)
		return
	}
	if r.Method == http.MethodPost {
		d.Title = "Answer: " + d.Title
		if reply.Urgent != nil {
			d.Title = reply.Urgent.Heading + ": " + c.cfg.Name
		}
	}
	d.Turns = []turnView{{Asked: asked, Reply: reply}}
	d.State = reply.State
	c.render(w, http.StatusOK, d)
}

// formInput reads the page's form: a button or a suggestion wins over words
// left in the box. asked is what the page shows the parent said.
func formInput(f url.Values) (Input, string) {
	in := Input{State: f.Get("state")}
	if a, err := strconv.Atoi(f.Get("age_days")); err == nil {
		in.AgeDays = &a
	}
	switch {
	case f.Get("action") != "":
		in.Action = f.Get("action")
		return in, actionLabels[in.Action]
	case f.Get("topic") != "":
		in.Topic = f.Get("topic")
		return in, f.Get("label")
	case f.Get("say") != "":
		in.Text = f.Get("say")
	default:
		in.Text = f.Get("q")
	}
	text, _ := clean(in.Text)
	return in, text
}

// actionLabels are the buttons' words, shown as what the parent said.
var actionLabels = map[string]string{ActionStart: "", ActionMore: "More", ActionRepeat: "Repeat", ActionRestart: "Start again"}

// render writes the page.
func (c *Chat) render(w http.ResponseWriter, status int, d *pageData) {
	var b bytes.Buffer
	if err := page().Execute(&b, d); err != nil {
		c.cfg.Logger.Error("web: cannot render the page", "error", err.Error())
		status = http.StatusInternalServerError
		b.Reset()
		b.WriteString("Sorry, something went wrong. If you're worried, call 111, or 999 in an emergency.\n")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// renderError writes the page with an error summary and the safety net, and
// a new conversation.
func (c *Chat) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	d := c.data(r, r.URL.Query().Get("embed") == "1")
	d.Title = "Error: " + d.Title
	d.Error = upperFirst(msg)
	c.render(w, status, d)
}

// errKind names a failure for the log (never its text).
func errKind(err error) string {
	if strings.Contains(err.Error(), "deadline exceeded") {
		return "timeout"
	}
	return skill.KindOf(err).String()
}
