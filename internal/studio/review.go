package studio

import (
	"errors"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/feedingfriend/skill/internal/content"
)

// diffLine is one line of a unified diff, classified for display.
type diffLine struct {
	Kind string // "head", "hunk", "add", "del" or "same"
	Text string
}

func diffLines(d string) []diffLine {
	var out []diffLine
	for _, l := range strings.Split(strings.TrimSuffix(d, "\n"), "\n") {
		k := "same"
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
			k = "head"
		case strings.HasPrefix(l, "@@"):
			k = "hunk"
		case strings.HasPrefix(l, "+"):
			k = "add"
		case strings.HasPrefix(l, "-"):
			k = "del"
		}
		out = append(out, diffLine{k, l})
	}
	return out
}

type reviewPage struct {
	Show          showPage
	Diff          []diffLine
	NeverApproved bool
	NoChange      bool
	DiffProblem   string
	CanApprove    bool
	Hash          string
	// The approve form as typed.
	Note, Months string
}

// review shows what changed since the last approval and, to a clinician,
// the approve form.
func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	s.renderReview(w, r, http.StatusOK, nil, "", "")
}

func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, status int, errs []fieldError, note, months string) {
	a, ok := s.answerOr404(w, r)
	if !ok {
		return
	}
	if a.Topic == nil {
		s.fail(w, r, http.StatusConflict, "This answer file does not load", "Fix "+a.File+" in the repository first; see its checks on the answer page.")
		return
	}
	if months == "" {
		months = strconv.Itoa(content.DefaultReviewMonths)
	}
	p := reviewPage{Show: s.showOf(a), CanApprove: userOf(r).Can(RoleClinician), Hash: a.Topic.Hash, Note: note, Months: months}
	d, err := content.DiffApproved(os.DirFS(s.content), a.Topic)
	switch {
	case errors.Is(err, content.ErrNoSnapshot):
		p.NeverApproved = true
	case err != nil:
		p.DiffProblem = err.Error()
	case d == "":
		p.NoChange = true
	default:
		p.Diff = diffLines(d)
	}
	s.render(w, r, nil, status, "review.html", view{Title: "Review " + titleOf(a), Nav: "answers", Errors: errs, Page: p})
}

// approve records a clinician's approval with content.Repo.Approve, exactly
// as `skill content approve` does. The route needs the clinician role; the
// text approved must be the text the clinician reviewed.
func (s *Server) approve(w http.ResponseWriter, r *http.Request) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	u := userOf(r)
	if !u.Can(RoleClinician) { // need() has checked; say it again where it matters
		s.fail(w, r, http.StatusForbidden, "You cannot do this", "Only a clinician can approve an answer.")
		return
	}
	note := strings.TrimSpace(r.PostForm.Get("note"))
	months := strings.TrimSpace(r.PostForm.Get("months"))
	var errs []fieldError
	if strings.ContainsAny(note, "\r\n\t") {
		errs = append(errs, fieldError{ID: "note", Msg: "The note must be on one line"})
	}
	n, err := strconv.Atoi(months)
	if err != nil || n < 1 || n > 36 {
		errs = append(errs, fieldError{ID: "months", Msg: "Enter the months until the next review, a whole number from 1 to 36"})
	}
	if len(errs) > 0 {
		s.renderReview(w, r, http.StatusUnprocessableEntity, errs, note, months)
		return
	}
	a, ok := s.answerOr404(w, r)
	if !ok {
		return
	}
	if a.Topic == nil || a.Topic.Hash != r.PostForm.Get("hash") {
		s.renderReview(w, r, http.StatusConflict, []fieldError{{Msg: "The answer changed while you were reviewing it, so it was not approved. Review the changes below again."}}, note, months)
		return
	}
	so, ok := s.signoff(w, r, note)
	if !ok {
		return
	}
	so.ReviewMonths = n
	e, err := s.repo().Approve(a.ID, so)
	if err != nil {
		s.log.Warn("studio: approve refused", "id", a.ID, "user", u.Name, "err", err)
		s.renderReview(w, r, http.StatusUnprocessableEntity, []fieldError{{Msg: "The answer was not approved: " + err.Error()}}, note, months)
		return
	}
	s.log.Info("studio: approved", "id", a.ID, "user", u.Name, "audit", e.Seq)
	s.sessions.setFlash(sessionOf(r), "You approved "+a.ID+" (audit entry "+strconv.Itoa(e.Seq)+"). Commit "+a.ID+".yaml, approved/"+a.ID+".json and audit.jsonl together.")
	http.Redirect(w, r, "/answers/"+a.ID, http.StatusSeeOther)
}

// submit sends an answer for clinical review with content.Repo.Submit.
func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	a, ok := s.answerOr404(w, r)
	if !ok {
		return
	}
	u := userOf(r)
	so, ok := s.signoff(w, r, "sent for review in the studio")
	if !ok {
		return
	}
	e, err := s.repo().Submit(a.ID, so)
	if err != nil {
		s.log.Warn("studio: submit refused", "id", a.ID, "user", u.Name, "err", err)
		s.fail(w, r, http.StatusConflict, "The answer was not sent for review", err.Error())
		return
	}
	s.log.Info("studio: submitted", "id", a.ID, "user", u.Name, "audit", e.Seq)
	s.sessions.setFlash(sessionOf(r), "You sent "+a.ID+" for clinical review (audit entry "+strconv.Itoa(e.Seq)+").")
	http.Redirect(w, r, "/answers/"+a.ID, http.StatusSeeOther)
}
