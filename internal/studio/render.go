package studio

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/feedingfriend/skill/internal/content"
)

//go:embed templates/*.html
var templateFS embed.FS

// staticFS holds the NHS.UK design system files (copied by assets/copy.mjs)
// and the studio's own CSS and scripts, so the studio needs no npm to run.
//
//go:embed static
var staticFS embed.FS

// ServiceName is the name in the header and page titles.
const ServiceName = "Feeding Friend content studio"

// view is what every page template gets.
type view struct {
	Title  string // the page's own title; "Error: " is added when Errors is set
	Nav    string // the header link to mark current: "answers" or "try"
	Errors []fieldError
	Page   any

	// Set by render.
	User  *User
	CSRF  string
	Flash string
}

// fieldError is one entry of an error summary, linked to its field.
type fieldError struct {
	ID  string // the field's id ("" when no field can be linked)
	Msg string
}

// FullTitle is the document title, NHS.UK style.
func (v view) FullTitle() string {
	t := v.Title + " - " + ServiceName
	if len(v.Errors) > 0 {
		t = "Error: " + t
	}
	return t
}

// ErrorFor returns the error message of field id ("" when none).
func (v view) ErrorFor(id string) string {
	for _, e := range v.Errors {
		if e.ID == id {
			return e.Msg
		}
	}
	return ""
}

type pages struct {
	t map[string]*template.Template
}

var funcs = template.FuncMap{
	"short": func(h string) string {
		if len(h) > 12 {
			return h[:12]
		}
		return h
	},
	"statusTag": func(status string) string {
		switch status {
		case content.Draft:
			return "nhsuk-tag--grey"
		case content.InReview:
			return "nhsuk-tag--blue"
		case content.Approved:
			return "nhsuk-tag--green"
		case content.Retired:
			return "nhsuk-tag--white"
		}
		return "nhsuk-tag--red"
	},
	"severityTag": func(s content.Severity) string {
		if s == content.SeverityError {
			return "nhsuk-tag--red"
		}
		return "nhsuk-tag--yellow"
	},
	"inc":   func(i int) int { return i + 1 },
	"join":  strings.Join,
	"lines": func(s string) []string { return strings.Split(s, "\n") },
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"groupName": groupName,
}

func newPages() (*pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{t: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" || base == "partials.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("studio: template %s: %w", base, err)
		}
		p.t[base] = t
	}
	return p, nil
}

// render writes page name inside the layout. The page is rendered to a
// buffer first, so a template error is a clean 500, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, ss *Session, status int, name string, v view) {
	if ss == nil {
		ss = sessionOf(r)
	}
	if ss != nil {
		v.User, v.CSRF, v.Flash = userOf(r), ss.CSRF, s.sessions.takeFlash(ss)
	}
	t, ok := s.pages.t[name]
	if !ok {
		s.log.Error("studio: no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout.html", v); err != nil {
		s.log.Error("studio: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

type messagePage struct {
	Heading string
	Body    string
}

// fail shows a page with a heading and one sentence of what to do.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, heading, body string) {
	s.render(w, r, nil, status, "message.html", view{Title: heading, Page: messagePage{heading, body}})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusNotFound, "Page not found", "If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.")
}
