package studio

import (
	"errors"
	"net/http"
	"os"
	"strconv"

	"github.com/feedingfriend/skill/internal/content"
)

// textView is one piece of text with its live-check figures.
type textView struct {
	Label  string
	Text   string
	Checks []Check
}

type variantView struct {
	Label  string // "Age 0 to 2 days" or "Key emergency"
	Answer textView
	More   []textView
	Card   string
}

type showPage struct {
	ID       string
	File     string
	T        *content.Topic // nil when the file does not decode
	Answer   textView
	More     []textView
	Variants []variantView
	Findings []content.Finding
	Errors   int
	Warnings int
	History  []content.Entry
	// AuditProblems is set when the audit log does not verify.
	AuditProblems []content.Problem
	Changed       bool
	Servable      bool
	Overdue       bool
	CanSubmit     bool
	Reviewable    bool
}

// show is the answer page: every field, its findings and its audit history.
func (s *Server) show(w http.ResponseWriter, r *http.Request) {
	a, ok := s.answerOr404(w, r)
	if !ok {
		return
	}
	p := s.showOf(a)
	s.render(w, r, nil, http.StatusOK, "answer.html", view{Title: titleOf(a), Nav: "answers", Page: p})
}

// showOf builds the answer page's view.
func (s *Server) showOf(a *answer) showPage {
	p := showPage{ID: a.ID, File: a.File, T: a.Topic, Findings: a.Findings, Errors: a.Errors, Warnings: a.Warnings}
	if t := a.Topic; t != nil {
		now := s.cfg.Now()
		p.Answer = textView{Label: "Short answer", Text: t.Answer, Checks: Checks(kindFirst, MeasureText(t.Answer, nil))}
		for i, m := range t.More {
			p.More = append(p.More, textView{Label: "Further part " + strconv.Itoa(i+1), Text: m, Checks: Checks(kindSpoken, MeasureText(m, nil))})
		}
		for _, v := range t.Variants {
			vv := variantView{Label: variantLabel(v), Card: v.Card,
				Answer: textView{Label: "Answer", Text: v.Answer, Checks: Checks(kindFirst, MeasureText(v.Answer, nil))}}
			for i, m := range v.More {
				vv.More = append(vv.More, textView{Label: "Further part " + strconv.Itoa(i+1), Text: m, Checks: Checks(kindSpoken, MeasureText(m, nil))})
			}
			p.Variants = append(p.Variants, vv)
		}
		p.Changed, p.Servable, p.Overdue = t.ChangedSinceApproval(), t.ServableAsApproved(now), t.ReviewOverdue(now)
		p.CanSubmit = t.Status == content.Draft || t.Status == content.Approved && p.Changed
		p.Reviewable = t.Status == content.InReview || p.Changed
	}
	audit, probs, err := content.LoadAudit(os.DirFS(s.content))
	if err != nil {
		s.log.Error("studio: audit log", "err", err)
	} else {
		p.History, p.AuditProblems = audit.History(a.ID), probs
	}
	return p
}

// answerOr404 reads the answer named in the path, or answers 404.
func (s *Server) answerOr404(w http.ResponseWriter, r *http.Request) (*answer, bool) {
	a, err := s.ws.one(r.PathValue("id"))
	if errors.Is(err, errNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.log.Error("studio: read answer", "err", err)
		s.fail(w, r, http.StatusInternalServerError, "Sorry, there is a problem with the studio", "The answer file cannot be read.")
		return nil, false
	}
	return a, true
}

func titleOf(a *answer) string {
	if a.Topic != nil && a.Topic.Title != "" {
		return a.Topic.Title
	}
	return a.ID
}

func variantLabel(v content.Variant) string {
	if v.Key != "" {
		return "Key: " + v.Key
	}
	return "Age: " + v.Age
}
