package content

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// ApprovedDir is the folder, inside the content directory, that keeps the
// canonical clinical text of each answer as it was approved
// (approved/<id>.json), so that `skill content diff` can show what changed.
// Its sha256 is the approval hash. Load reads only top-level *.yaml files and
// the binary embeds only *.yaml, so snapshots never reach a conversation.
const ApprovedDir = "approved"

// DefaultReviewMonths is how long an approval lasts before the answer must be
// reviewed again.
const DefaultReviewMonths = 12

// Repo changes the lifecycle of the answers in one content directory on disk:
// it rewrites the answer file, keeps the approved snapshot and appends to the
// audit log.
type Repo struct {
	// Dir is the content directory (the one holding the *.yaml files).
	Dir string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Disk makes the changes; OSDisk when nil.
	Disk Disk
	// Notify is told what was put right before a step (nil: not told).
	Notify func(Problem)
}

func (r *Repo) disk() Disk {
	if r.Disk != nil {
		return r.Disk
	}
	return OSDisk{}
}

// Signoff is who takes a lifecycle step, and why.
type Signoff struct {
	By   string
	Role string
	Note string
	// ReviewMonths is how long an approval lasts (DefaultReviewMonths when 0).
	ReviewMonths int
}

// ErrLifecycle is returned when a step is not allowed from an answer's status.
var ErrLifecycle = errors.New("not allowed")

func (r *Repo) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Submit moves a draft (or an approved answer that is being revised) to
// in-review and records it in the audit log.
func (r *Repo) Submit(id string, s Signoff) (Entry, error) {
	return r.step(id, s, ActionSubmit, func(t *Topic, _ time.Time) (string, *Approval, error) {
		switch t.Status {
		case Draft, Approved:
			return InReview, nil, nil
		}
		return "", nil, fmt.Errorf("content: submit %s: %w from status %s (only draft or approved answers go to review)", id, ErrLifecycle, t.Status)
	})
}

// Retire withdraws an answer: the skill stops offering it. The note saying why
// is required.
func (r *Repo) Retire(id string, s Signoff) (Entry, error) {
	if strings.TrimSpace(s.Note) == "" {
		return Entry{}, fmt.Errorf("content: retire %s: say why in the note", id)
	}
	return r.step(id, s, ActionRetire, func(t *Topic, _ time.Time) (string, *Approval, error) {
		if t.Status == Retired {
			return "", nil, fmt.Errorf("content: retire %s: %w: it is already retired", id, ErrLifecycle)
		}
		return Retired, nil, nil
	})
}

// Approve records a clinician's sign-off of the answer's current clinical
// text: who, their role, today, the review-due date and the text's hash. It
// sets the status to approved, keeps a snapshot of the approved text and
// appends to the audit log. It refuses a file that does not validate and a
// retired answer.
func (r *Repo) Approve(id string, s Signoff) (Entry, error) {
	if strings.TrimSpace(s.Role) == "" {
		return Entry{}, fmt.Errorf("content: approve %s: the approver's role is required", id)
	}
	months := s.ReviewMonths
	if months == 0 {
		months = DefaultReviewMonths
	}
	if months < 1 || months > 36 {
		return Entry{}, fmt.Errorf("content: approve %s: review after %d months: want 1 to 36", id, months)
	}
	return r.step(id, s, ActionApprove, func(t *Topic, now time.Time) (string, *Approval, error) {
		if t.Status == Retired {
			return "", nil, fmt.Errorf("content: approve %s: %w: it is retired", id, ErrLifecycle)
		}
		// Style warnings are the reviewer's call; errors (a number missing from the
		// card, a placeholder with no value, text over the platform limit) are not.
		var errs []string
		for _, f := range Check(t, CheckOptions{Now: now}) {
			if f.Severity == SeverityError && f.Kind != KindReview && f.Kind != KindRelease {
				errs = append(errs, f.String())
			}
		}
		if len(errs) > 0 {
			return "", nil, fmt.Errorf("content: approve %s: fix these first, nothing was changed:\n%s", id, strings.Join(errs, "\n"))
		}
		a := &Approval{
			By:        strings.TrimSpace(s.By),
			Role:      strings.TrimSpace(s.Role),
			On:        now.Format(DateLayout),
			ReviewDue: now.AddDate(0, months, 0).Format(DateLayout),
			Hash:      t.Hash,
			Note:      strings.TrimSpace(s.Note),
		}
		return Approved, a, nil
	})
}

// step runs one lifecycle step: it validates the answer, asks next for the new
// status and approval (nil leaves the approval as it is), rewrites the file,
// checks the rewrite changed nothing else, keeps the approved snapshot and
// appends the audit entries.
func (r *Repo) step(id string, s Signoff, action string, next func(t *Topic, now time.Time) (string, *Approval, error)) (Entry, error) {
	for _, f := range []struct{ name, v string }{{"by", s.By}, {"role", s.Role}, {"note", s.Note}} {
		if strings.ContainsAny(f.v, "\r\n\t") {
			return Entry{}, fmt.Errorf("content: %s %s: %s must be one line", action, id, f.name)
		}
	}
	if strings.TrimSpace(s.By) == "" {
		return Entry{}, fmt.Errorf("content: %s %s: say who you are (by)", action, id)
	}
	if !idRE.MatchString(id) {
		return Entry{}, fmt.Errorf("content: %s: %q is not an answer id", action, id)
	}
	if _, err := r.Recover(); err != nil {
		return Entry{}, err
	}
	t, data, err := r.validated(id)
	if err != nil {
		return Entry{}, err
	}
	// A broken chain stops the step before anything is written.
	a, err := r.audit()
	if err != nil {
		return Entry{}, err
	}
	now := r.now()
	status, approval, err := next(t, now)
	if err != nil {
		return Entry{}, err
	}
	out, err := setLifecycle(data, status, approval)
	if err != nil {
		return Entry{}, fmt.Errorf("content: %s %s: %w", action, id, err)
	}
	// The rewrite must leave the clinical text exactly as it was.
	nt, _, probs := parseFile(t.File, out)
	if nt == nil || len(probs) > 0 || nt.Hash != t.Hash || nt.Status != status ||
		(approval != nil && (nt.Approval == nil || *nt.Approval != *approval)) {
		return Entry{}, fmt.Errorf("content: %s %s: rewriting the file would change more than the status and approval; nothing was changed", action, id)
	}
	stamp := now.Format(time.RFC3339)
	// An edit since the last recorded step is recorded first, so the log shows
	// that the clinical text changed between two steps.
	var entries []Entry
	if last, ok := a.Last(id); ok && last.ContentHash != t.Hash {
		entries = append(entries, Entry{Time: stamp, Action: ActionEdit, ID: id, By: strings.TrimSpace(s.By), Role: strings.TrimSpace(s.Role),
			Note: "clinical text changed since entry " + fmt.Sprint(last.Seq) + "; recorded at " + action, ContentHash: t.Hash})
	}
	entries = append(entries, Entry{Time: stamp, Action: action, ID: id, By: strings.TrimSpace(s.By), Role: strings.TrimSpace(s.Role),
		Note: strings.TrimSpace(s.Note), ContentHash: t.Hash})
	sealed, lines, err := seal(a, entries)
	if err != nil {
		return Entry{}, err
	}
	j := &journal{Action: action, ID: id, By: strings.TrimSpace(s.By), Time: stamp, Lines: lines}
	if approval != nil {
		j.Files = append(j.Files, journalFile{Name: ApprovedDir + "/" + t.ID + ".json", New: append(Canonical(t), '\n')})
	}
	j.Files = append(j.Files, journalFile{Name: t.File, New: out})
	if err := r.commit(j); err != nil {
		return Entry{}, err
	}
	return sealed[len(sealed)-1], nil
}

// Edit replaces the answer file id, which must still hold old, with data
// and records an edit entry with the new text's hash, whole or not at all
// (the studio saves through it). data must load on its own.
func (r *Repo) Edit(id string, old, data []byte, s Signoff) (Entry, error) {
	if strings.TrimSpace(s.By) == "" || strings.ContainsAny(s.By+s.Role+s.Note, "\r\n\t") {
		return Entry{}, fmt.Errorf("content: edit %s: by, role and note must be given on one line", id)
	}
	if !idRE.MatchString(id) {
		return Entry{}, fmt.Errorf("content: edit: %q is not an answer id", id)
	}
	if _, err := r.Recover(); err != nil {
		return Entry{}, err
	}
	name := id + ".yaml"
	cur, err := r.disk().ReadFile(r.path(name))
	if err != nil {
		return Entry{}, fmt.Errorf("content: edit %s: %w", id, err)
	}
	if !bytes.Equal(cur, old) {
		return Entry{}, fmt.Errorf("content: edit %s: %w: the file changed since it was read; nothing was changed", id, ErrLifecycle)
	}
	t, _, probs := parseFile(name, data)
	if t == nil || len(probs) > 0 {
		return Entry{}, fmt.Errorf("content: %s does not validate, nothing was changed: %w", name, &LoadError{Problems: probs})
	}
	a, err := r.audit()
	if err != nil {
		return Entry{}, err
	}
	stamp := r.now().Format(time.RFC3339)
	sealed, lines, err := seal(a, []Entry{{Time: stamp, Action: ActionEdit, ID: id, By: strings.TrimSpace(s.By), Role: strings.TrimSpace(s.Role),
		Note: strings.TrimSpace(s.Note), ContentHash: t.Hash}})
	if err != nil {
		return Entry{}, err
	}
	if err := r.commit(&journal{Action: ActionEdit, ID: id, By: strings.TrimSpace(s.By), Time: stamp, Lines: lines,
		Files: []journalFile{{Name: name, New: data}}}); err != nil {
		return Entry{}, err
	}
	return sealed[0], nil
}

// validated reads the answer id and checks it loads: on its own and with the
// rest of the directory (related topics must exist). Problems in other files
// do not block it.
func (r *Repo) validated(id string) (*Topic, []byte, error) {
	name := id + ".yaml"
	data, err := os.ReadFile(filepath.Join(r.Dir, name))
	if err != nil {
		return nil, nil, fmt.Errorf("content: %s: %w", id, err)
	}
	t, _, probs := parseFile(name, data)
	sp, _ := NationSignposts("england")
	if _, err := Load(os.DirFS(r.Dir), sp); err != nil {
		var le *LoadError
		if !errors.As(err, &le) {
			return nil, nil, err
		}
		for _, p := range le.Problems {
			if p.File == name {
				probs = append(probs, p)
			}
		}
	}
	if t == nil || len(probs) > 0 {
		return nil, nil, fmt.Errorf("content: %s does not validate, nothing was changed: %w", name, &LoadError{Problems: dedupe(probs)})
	}
	return t, data, nil
}

func dedupe(ps []Problem) []Problem {
	seen := map[Problem]bool{}
	var out []Problem
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// setLifecycle returns data with the status value replaced and the approval
// block replaced, added or left alone (approval nil keeps what is there).
//
// It edits the bytes at the positions the YAML node tree gives rather than
// re-encoding the tree: the YAML encoder would re-flow every folded answer onto
// one line, while this leaves every other byte, comment and line break as the
// editor wrote it. The caller re-parses the result to prove the clinical text
// is unchanged.
func setLifecycle(data []byte, status string, approval *Approval) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("want a mapping of fields")
	}
	root := doc.Content[0]
	lines := strings.SplitAfter(string(data), "\n")
	var statusVal *yaml.Node
	approvalKey, nextKey := -1, -1
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch {
		case k.Value == "status":
			statusVal = v
		case k.Value == "approval":
			approvalKey = i
		case approvalKey >= 0 && nextKey < 0:
			nextKey = i
		}
	}
	if statusVal == nil || statusVal.Kind != yaml.ScalarNode || statusVal.Line < 1 || statusVal.Line > len(lines) {
		return nil, errors.New("the file has no status field to change")
	}
	l := lines[statusVal.Line-1]
	if statusVal.Column-1 > len(l) || strings.Contains(statusVal.Value, "\n") {
		return nil, errors.New("the status field is not a one-line value")
	}
	nl := ""
	if strings.HasSuffix(l, "\n") {
		nl = "\n"
	}
	repl := l[:statusVal.Column-1] + status
	if statusVal.LineComment != "" {
		repl += " " + statusVal.LineComment
	}
	lines[statusVal.Line-1] = repl + nl
	if approval == nil {
		return []byte(strings.Join(lines, "")), nil
	}
	block, err := approvalBlock(approval)
	if err != nil {
		return nil, err
	}
	if approvalKey >= 0 {
		start := root.Content[approvalKey].Line - 1
		end := len(lines)
		if nextKey >= 0 {
			end = root.Content[nextKey].Line - 1
		}
		// Leave blank and comment lines before the next field where they are:
		// they belong to it.
		for end > start+1 && isBlankOrComment(lines[end-1]) {
			end--
		}
		out := append(append(append([]string{}, lines[:start]...), block), lines[end:]...)
		return []byte(strings.Join(out, "")), nil
	}
	out := strings.Join(lines, "")
	if out != "" && !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return []byte(out + block), nil
}

func isBlankOrComment(l string) bool {
	s := strings.TrimSpace(l)
	return s == "" || strings.HasPrefix(s, "#")
}

// approvalBlock renders the approval field as YAML. Free text is quoted by the
// encoder as needed; dates and the hash are written plain, like the rest of
// the files.
func approvalBlock(a *Approval) (string, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k, v string, text bool) {
		val := &yaml.Node{Kind: yaml.ScalarNode, Value: v}
		if text {
			val.Tag = "!!str"
		}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, val)
	}
	add("by", a.By, true)
	add("role", a.Role, true)
	add("on", a.On, false)
	add("review_due", a.ReviewDue, false)
	add("hash", a.Hash, false)
	if a.Note != "" {
		add("note", a.Note, true)
	}
	root := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "approval"}, m}}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// StatusRow is one answer's place in the lifecycle, as `skill content status`
// shows it.
type StatusRow struct {
	ID                   string `json:"id"`
	Status               string `json:"status"`
	ApprovedBy           string `json:"approved_by"`
	Role                 string `json:"role"`
	ApprovedOn           string `json:"approved_on"`
	ReviewDue            string `json:"review_due"`
	ChangedSinceApproval bool   `json:"changed_since_approval"`
	ReviewOverdue        bool   `json:"review_overdue"`
	// Servable is true when an approved-only deployment would speak it.
	Servable bool   `json:"servable_as_approved"`
	Hash     string `json:"content_hash"`
}

// Status returns a row for every answer in s, sorted by id, as of now.
func Status(s *Store, now time.Time) []StatusRow {
	var rows []StatusRow
	for _, id := range s.IDs() {
		t, _ := s.Raw(id)
		r := StatusRow{ID: id, Status: t.Status, Hash: t.Hash,
			ChangedSinceApproval: t.ChangedSinceApproval(), ReviewOverdue: t.ReviewOverdue(now), Servable: t.ServableAsApproved(now)}
		if a := t.Approval; a != nil {
			r.ApprovedBy, r.Role, r.ApprovedOn, r.ReviewDue = a.By, a.Role, a.On, a.ReviewDue
		}
		rows = append(rows, r)
	}
	return rows
}
