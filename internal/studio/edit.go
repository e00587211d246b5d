package studio

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/feedingfriend/skill/internal/content"
)

// fieldView is one field of the edit form as the template draws it.
type fieldView struct {
	ID, Label, Hint, Value string
	// Check is the live check kind of a text area ("first", "spoken",
	// "card"); "" for a one-line input.
	Check  string
	Rows   int
	Width  string // an nhsuk-input--width-* or nhsuk-u-width-* class for inputs
	Error  string
	Checks []Check
	// Insert are the placeholders a text area's "Insert a name or number"
	// control offers.
	Insert []placeholderView
}

// DescribedBy is the aria-describedby of the field: hint, error, and the
// checks when there is text to check (an empty box has none to read out;
// static/studio.js keeps this so as the editor types).
func (f fieldView) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	if f.Check != "" && len(f.Checks) > 0 {
		ids = append(ids, f.ID+"-checks")
	}
	return strings.Join(ids, " ")
}

// placeholderView is a placeholder an editor can insert, with what the skill
// says for it in the preview's nation.
type placeholderView struct {
	Text   string // as typed: "{{helpline_number}}"
	Name   string // as read: "helpline number"
	Spoken string // "0300 100 0212"
}

// placeholders lists content's placeholders with their spoken values.
func placeholders(sp content.Signposts) []placeholderView {
	var out []placeholderView
	for _, name := range content.Placeholders() {
		text := "{{" + name + "}}"
		out = append(out, placeholderView{Text: text, Name: strings.ReplaceAll(name, "_", " "), Spoken: sp.Fill(text)})
	}
	return out
}

// section is a part of the edit form that can be collapsed (NHS.UK details):
// further parts, sources, variants. It is open when a field in it has an
// error, so that the error summary's links reach the field.
type section struct {
	Count int // the parts, sources or variants it holds, the empty one to add aside
	Open  bool
}

type sourceView struct {
	Legend       string
	URL, Checked fieldView
}

type variantEdit struct {
	Legend                 string
	Age, Key, Answer, Card fieldView
	More                   []fieldView
}

type editPage struct {
	ID, File, Status             string
	Title, Answer, Card, Related fieldView
	More                         []fieldView
	Sources                      []sourceView
	Variants                     []variantEdit
	// MoreSection, SourcesSection and VariantsSection collapse the long
	// lists of the form.
	MoreSection, SourcesSection, VariantsSection section
	// Placeholders are the names and numbers an editor can type or insert.
	Placeholders []placeholderView
	Base         string
	// Signposts is the JSON the live checks fill placeholders with (every
	// nation, for the longest speaking time); Preview is the nation the
	// preview reads and shows.
	Signposts, Preview string
	// Limits are the check limits the live checks apply (see limitsJSON).
	Limits        string
	PreviewTitle  string
	PreviewCard   string
	PreviewSpeech string
	// Conflict is set when someone else saved the answer after the form was
	// opened: their version against this form, and the choice to replace it.
	Conflict *conflictView
}

// conflictView shows a save that met someone else's: what they saved against
// what this form holds, and the hash of their version, which the "replace"
// button sends back to say "I have seen this version; replace it".
type conflictView struct {
	Hash    string
	By, At  string // who saved the file last and when, from the audit log
	Diff    []diffLine
	Changed bool // false when their version and this form are the same text
}

// page builds the form's view of f, field for field: each with its error and
// live checks. The last further part, source or variant, when empty, is the
// one to type in to add one, and is labelled so.
func (f editForm) page(a *answer, errs []fieldError, preview content.Signposts) editPage {
	errOf := func(id string) string {
		for _, e := range errs {
			if e.ID == id {
				return e.Msg
			}
		}
		return ""
	}
	ph := placeholders(preview)
	area := func(id, label, hint, value, check string, rows int) fieldView {
		fv := fieldView{ID: id, Label: label, Hint: hint, Value: value, Check: check, Rows: rows, Error: errOf(id), Insert: ph}
		fv.Checks = Checks(check, MeasureText(value, nil))
		return fv
	}
	opened := func(prefix string) bool {
		for _, e := range errs {
			if strings.HasPrefix(e.ID, prefix) {
				return true
			}
		}
		return false
	}
	input := func(id, label, hint, value, width string) fieldView {
		return fieldView{ID: id, Label: label, Hint: hint, Value: value, Width: width, Error: errOf(id)}
	}
	p := editPage{ID: a.ID, File: a.File, Base: f.Base, Placeholders: ph,
		MoreSection: section{Open: opened("more-")}, SourcesSection: section{Open: opened("sources-")}, VariantsSection: section{Open: opened("variants-")}}
	if a.Topic != nil {
		p.Status = a.Topic.Status
	}
	p.Title = input("title", "Title", "Shown on the card and in menus", f.Title, "nhsuk-u-width-two-thirds")
	p.Answer = area("answer", "Short answer", "What a tired parent needs now, in 1 or 2 breaths: at most 60 words, about 20 seconds", f.Answer, kindFirst, 4)
	for i, m := range f.More {
		hint := "Offered after \"Would you like to hear more?\""
		if i == len(f.More)-1 && strings.TrimSpace(m) == "" {
			hint = "Type here to add a part. Empty a part to remove it."
		}
		p.More = append(p.More, area(fmt.Sprintf("more-%d", i), fmt.Sprintf("Further part %d", i+1), hint, m, kindSpoken, 3))
		if strings.TrimSpace(m) != "" {
			p.MoreSection.Count++
		}
	}
	p.Card = area("card", "Card", "Text for screens and the Alexa app, one line each. Put every phone number spoken here too.", f.Card, kindCard, 7)
	p.Related = input("related", "Related topics", "Answer ids, separated by commas, offered when the answer runs out", f.Related, "")
	for i, s := range f.Sources {
		legend := fmt.Sprintf("Source %d", i+1)
		if i == len(f.Sources)-1 && strings.TrimSpace(s.URL+s.Checked) == "" {
			legend = "Add a source"
		}
		p.Sources = append(p.Sources, sourceView{Legend: legend,
			URL:     input(fmt.Sprintf("sources-%d-url", i), "Web address", "", s.URL, ""),
			Checked: input(fmt.Sprintf("sources-%d-checked", i), "Date checked", "For example, 2026-11-25", s.Checked, "nhsuk-input--width-10")})
		if strings.TrimSpace(s.URL+s.Checked) != "" {
			p.SourcesSection.Count++
		}
	}
	for i, v := range f.Variants {
		pre := fmt.Sprintf("variants-%d-", i)
		legend := fmt.Sprintf("Variant %d", i+1)
		if i == len(f.Variants)-1 && v.empty() {
			legend = "Add a variant"
		}
		ve := variantEdit{Legend: legend,
			Age:    input(pre+"age", "Baby's age", "For example, 0 to 2 days, 2 to 6 weeks, from 6 weeks", v.Age, "nhsuk-input--width-20"),
			Key:    input(pre+"key", "Key (urgent help only)", "emergency or urgent; leave empty when you give an age", v.Key, "nhsuk-input--width-10"),
			Answer: area(pre+"answer", "Answer", "", v.Answer, kindFirst, 3),
			Card:   area(pre+"card", "Card", "Leave empty to use the answer's card", v.Card, kindCard, 4)}
		for j, m := range v.More {
			ve.More = append(ve.More, area(fmt.Sprintf("%smore-%d", pre, j), fmt.Sprintf("Further part %d", j+1), "", m, kindSpoken, 2))
		}
		p.Variants = append(p.Variants, ve)
		if !v.empty() {
			p.VariantsSection.Count++
		}
	}
	signs, _ := json.Marshal(allSignposts())
	prev, _ := json.Marshal(preview)
	p.Signposts, p.Preview, p.Limits = string(signs), string(prev), limitsJSON()
	p.PreviewTitle = norm(f.Title)
	p.PreviewCard = preview.Fill(normCard(f.Card))
	p.PreviewSpeech = preview.Fill(norm(f.Answer))
	return p
}

func (s *Server) editPage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.answerOr404(w, r)
	if !ok {
		return
	}
	if a.Topic == nil {
		s.fail(w, r, http.StatusConflict, "This answer file does not load", "Fix "+a.File+" in the repository (see its checks on the answer page); the studio edits only files that load.")
		return
	}
	f := formOf(valuesOf(a.Topic), fileHash(a.Data))
	s.render(w, r, nil, http.StatusOK, "edit.html", view{Title: "Edit " + titleOf(a), Nav: "answers", Page: f.page(a, nil, s.preview())})
}

// save validates the posted form with content's loader and checks, and only
// then rewrites the answer file and records an edit in the audit log.
func (s *Server) save(w http.ResponseWriter, r *http.Request) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	a, ok := s.answerOr404(w, r)
	if !ok {
		return
	}
	u := userOf(r)
	f := parseEditForm(r.PostForm)
	if a.Topic == nil {
		s.fail(w, r, http.StatusConflict, "This answer file does not load", "Fix "+a.File+" in the repository; the studio edits only files that load.")
		return
	}
	refuse := func(errs []fieldError) {
		s.render(w, r, nil, http.StatusUnprocessableEntity, "edit.html", view{Title: "Edit " + titleOf(a), Nav: "answers", Errors: errs, Page: f.page(a, errs, s.preview())})
	}
	cur := fileHash(a.Data)
	replacing := f.Base != cur
	if replacing && r.PostForm.Get("replace") != cur {
		// Someone else saved since the form was opened, and the user has not
		// chosen to replace what they saved: show it and ask. The form keeps
		// its old base, so pressing Save again asks again.
		p := f.page(a, nil, s.preview())
		p.Conflict = s.conflict(a, f)
		s.render(w, r, nil, http.StatusConflict, "edit.html", view{Title: "Edit " + titleOf(a), Nav: "answers", Page: p,
			Errors: []fieldError{{ID: "conflict", Msg: "Someone else saved this answer after you opened it. Nothing was saved: see their change and choose"}}})
		return
	}
	// From here the file as it is now is the base: errors below re-show
	// the form on it.
	f.Base = cur
	v, at, errs := f.values()
	if len(errs) > 0 {
		refuse(errs)
		return
	}
	out, err := rewrite(a.Data, v)
	if err != nil {
		s.log.Error("studio: rewrite", "id", a.ID, "err", err)
		refuse([]fieldError{{Msg: "The answer could not be saved safely. Nothing was saved. Tell the person who runs the studio."}})
		return
	}
	if errs := s.blocking(a, out, at); len(errs) > 0 {
		refuse(errs)
		return
	}
	if string(out) == string(a.Data) {
		s.sessions.setFlash(sessionOf(r), "There were no changes to save.")
		http.Redirect(w, r, "/answers/"+a.ID, http.StatusSeeOther)
		return
	}
	nt, _ := decodeTopic(a.File, out, s.preview())
	changed := changedFields(valuesOf(a.Topic), v)
	note := "edited in the studio: " + strings.Join(changed, ", ")
	if replacing {
		by := "someone else"
		if last, ok := s.lastSave(a.ID); ok {
			by = last.By
		}
		note = "edited in the studio, replacing a version saved by " + by + ": " + strings.Join(changed, ", ")
	}
	so, ok := s.signoff(w, r, note)
	if !ok {
		return
	}
	e, err := s.repo().Edit(a.ID, a.Data, out, so)
	if err != nil {
		// The journal has put every file back: nothing was saved.
		s.log.Error("studio: save refused", "id", a.ID, "err", err)
		var ae *content.AuditError
		if errors.As(err, &ae) {
			refuse([]fieldError{{Msg: "The audit log does not verify, so nothing can be saved. Nothing was saved. Tell the person who runs the studio."}})
			return
		}
		if errors.Is(err, content.ErrNotPermitted) {
			refuse([]fieldError{{Msg: "Nothing was saved: " + err.Error()}})
			return
		}
		refuse([]fieldError{{Msg: "The answer could not be saved and recorded in the audit log, so nothing was saved. Tell the person who runs the studio."}})
		return
	}
	s.log.Info("studio: saved", "id", a.ID, "user", u.Name, "fields", changed, "audit", e.Seq)
	msg := "Your changes to " + a.File + " were saved."
	if nt.Approval != nil && nt.ChangedSinceApproval() {
		msg += " The answer has changed since it was approved: it is not served as approved until a clinician approves it again."
	}
	s.sessions.setFlash(sessionOf(r), msg)
	http.Redirect(w, r, "/answers/"+a.ID, http.StatusSeeOther)
}

// conflict compares the answer as saved now (theirs) with the form (yours),
// one sentence or card line a line, as the review page shows changes.
func (s *Server) conflict(a *answer, f editForm) *conflictView {
	c := &conflictView{Hash: fileHash(a.Data)}
	if last, ok := s.lastSave(a.ID); ok {
		c.By, c.At = last.By, last.Time
	}
	yours, _, _ := f.values()
	from := "their version (the file now)"
	if c.By != "" {
		from = "their version (saved by " + c.By + ", " + c.At + ")"
	}
	if d := content.Unified(from, "your version (this form)", readableValues(valuesOf(a.Topic)), readableValues(yours), 3); d != "" {
		c.Diff, c.Changed = diffLines(d), true
	}
	return c
}

// lastSave is the latest audit entry about id.
func (s *Server) lastSave(id string) (content.Entry, bool) {
	au, err := verifyAudit(s.content)
	if err != nil {
		return content.Entry{}, false
	}
	return au.Last(id)
}

// readableValues renders the form's fields for people, one sentence or card
// line a line under each field's name, so a diff shows the sentence that
// differs.
func readableValues(v values) []string {
	var out []string
	spoken := func(head, text string) {
		out = append(out, head+":")
		for _, s := range content.Sentences(text) {
			out = append(out, "  "+s)
		}
	}
	lines := func(head, text string) {
		if text == "" {
			return
		}
		out = append(out, head+":")
		for _, l := range strings.Split(text, "\n") {
			out = append(out, "  "+l)
		}
	}
	out = append(out, "title: "+v.Title)
	spoken("short answer", v.Answer)
	for i, m := range v.More {
		spoken(fmt.Sprintf("further part %d", i+1), m)
	}
	lines("card", v.Card)
	out = append(out, "related: "+strings.Join(v.Related, ", "))
	out = append(out, "sources:")
	for _, src := range v.Sources {
		out = append(out, fmt.Sprintf("  %s (checked %s)", src.URL, src.Checked))
	}
	for i, x := range v.Variants {
		head := fmt.Sprintf("variant %d (%s%s)", i+1, x.Age, x.Key)
		spoken(head+" answer", x.Answer)
		for j, m := range x.More {
			spoken(fmt.Sprintf("%s further part %d", head, j+1), m)
		}
		lines(head+" card", x.Card)
	}
	return out
}

// blocking returns the problems that stop a save: anything the loader
// rejects (on its own or with the other answers, for every nation) and every
// check error but the approval's own (review due, changed since approval).
func (s *Server) blocking(a *answer, out []byte, at map[string]target) []fieldError {
	lineAt := locate(out)
	var errs []fieldError
	seen := map[fieldError]bool{}
	add := func(f content.Finding) {
		e := errorOf(f, at, lineAt)
		if !seen[e] {
			seen[e] = true
			errs = append(errs, e)
		}
	}
	for _, f := range content.CheckFile(a.File, out, content.CheckOptions{Now: s.cfg.Now(), Signposts: s.preview().Nations()}) {
		if f.Severity == content.SeverityError && f.Kind != content.KindReview && f.Kind != content.KindRelease {
			add(f)
		}
	}
	for _, p := range setProblems(overlayFS{FS: os.DirFS(s.content), name: a.File, data: out}) {
		if p.File == a.File {
			add(content.Finding{File: p.File, Line: p.Line, Severity: content.SeverityError, Kind: content.KindLoad, Msg: p.Msg})
		}
	}
	return errs
}

// preview is the signposting the preview fills in: the nation of the
// repository's skill.yaml, else England.
func (s *Server) preview() content.Signposts {
	if s.previewSigns != nil {
		return *s.previewSigns
	}
	sp, _ := content.NationSignposts("england")
	return sp
}
