package content

import (
	"bytes"
	"crypto/ed25519"
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
	// Signposts fill and bind the placeholders, as the skill is configured
	// (skill.yaml's overrides); England's built-ins when zero.
	Signposts Signposts
	// Rules are the files outside the content directory under the same
	// lifecycle (the red-flag rules), by Rules.ID.
	Rules []Rules
}

// rule returns the rules with id.
func (r *Repo) rule(id string) (Rules, bool) {
	for _, rl := range r.Rules {
		if rl.ID == id {
			return rl, true
		}
	}
	return Rules{}, false
}

// signposts is the repo's signposting.
func (r *Repo) signposts() Signposts {
	if r.Signposts.Nation == "" {
		sp, _ := NationSignposts("england")
		return sp
	}
	return r.Signposts
}

func (r *Repo) disk() Disk {
	if r.Disk != nil {
		return r.Disk
	}
	return OSDisk{}
}

// Signoff is who takes a lifecycle step, and why. Their role, title and
// registration come from their enrolment in the audit log, never from here.
type Signoff struct {
	By string
	// Key signs the audit entries; its public half must be the one enrolled
	// for By.
	Key  ed25519.PrivateKey
	Note string
	// ReviewMonths is how long an approval lasts (DefaultReviewMonths when 0).
	ReviewMonths int
}

// ErrLifecycle is returned when a step is not allowed from an answer's status.
var ErrLifecycle = errors.New("not allowed")

// ErrNotPermitted is returned when the person may not take the step: not
// enrolled, another key, not a registered clinician, or not a second person.
var ErrNotPermitted = errors.New("not permitted")

func (r *Repo) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// checkSignoff refuses a signoff that cannot go in the log.
func checkSignoff(action, id string, s Signoff) error {
	for _, f := range []struct{ name, v string }{{"by", s.By}, {"note", s.Note}} {
		if strings.ContainsAny(f.v, "\r\n\t") {
			return fmt.Errorf("content: %s %s: %s must be one line", action, id, f.name)
		}
	}
	if strings.TrimSpace(s.By) == "" || s.By != strings.TrimSpace(s.By) {
		return fmt.Errorf("content: %s %s: say who you are (by)", action, id)
	}
	if len(s.Key) != ed25519.PrivateKeySize {
		return fmt.Errorf("content: %s %s: %w: no signing key for %s", action, id, ErrNotPermitted, s.By)
	}
	return nil
}

// signer returns the enrolled person who signs s, whose enrolled key must be
// s's key.
func signer(a *Audit, action, id string, s Signoff) (Person, error) {
	p, ok := a.People[s.By]
	if !ok {
		return Person{}, fmt.Errorf("content: %s %s: %w: %s is not enrolled in %s: a clinician enrols people with `skill studio adduser`", action, id, ErrNotPermitted, s.By, AuditFile)
	}
	if !p.PublicKey.Equal(s.Key.Public()) {
		return Person{}, fmt.Errorf("content: %s %s: %w: this is not the key enrolled for %s (key %s)", action, id, ErrNotPermitted, s.By, Fingerprint(p.PublicKey))
	}
	return p, nil
}

// Enrol records p in the audit log, so that they can record steps signed with
// their key: an enrolled clinician enrols people (the first entry of a log is
// a clinician enrolling themself). Enrolling a name again replaces their key,
// role, title or registration from then on.
func (r *Repo) Enrol(p Person, s Signoff) (Entry, error) {
	if err := checkSignoff(ActionEnrol, p.Name, s); err != nil {
		return Entry{}, err
	}
	if err := p.Validate(); err != nil {
		return Entry{}, fmt.Errorf("content: enrol: %w", err)
	}
	if _, err := r.Recover(); err != nil {
		return Entry{}, err
	}
	a, err := r.audit()
	if err != nil {
		return Entry{}, err
	}
	if len(a.Entries) == 0 {
		if s.By != p.Name || p.Role != RoleClinician || !p.PublicKey.Equal(s.Key.Public()) {
			return Entry{}, fmt.Errorf("content: enrol %s: %w: the first entry of %s must be a clinician (the Clinical Safety Officer) enrolling themself", p.Name, ErrNotPermitted, AuditFile)
		}
	} else {
		by, err := signer(a, ActionEnrol, p.Name, s)
		if err != nil {
			return Entry{}, err
		}
		if !by.CanApprove() {
			return Entry{}, fmt.Errorf("content: enrol %s: %w: %s is an editor: only an enrolled clinician enrols people", p.Name, ErrNotPermitted, s.By)
		}
	}
	e := Entry{Time: r.now().Format(time.RFC3339), Action: ActionEnrol, By: s.By, Person: p.Name, Role: p.Role, Title: p.Title,
		Registration: p.Registration, PublicKey: encodeKey(p.PublicKey), Note: strings.TrimSpace(s.Note)}
	es, err := r.appendAudit(s.Key, e)
	if err != nil {
		return Entry{}, err
	}
	return es[0], nil
}

// Submit moves a draft (or an approved answer that is being revised) to
// in-review and records it in the audit log. Any enrolled person submits.
func (r *Repo) Submit(id string, s Signoff) (Entry, error) {
	return r.step(id, s, ActionSubmit, func(t *Topic, _ time.Time, _ Person, _ *Audit) (string, *Approval, error) {
		switch t.Status {
		case Draft, Approved:
			return InReview, nil, nil
		}
		return "", nil, fmt.Errorf("content: submit %s: %w from status %s (only draft or approved answers go to review)", id, ErrLifecycle, t.Status)
	})
}

// Retire withdraws an answer: the skill stops offering it. Only a clinician
// retires, and the note saying why is required.
func (r *Repo) Retire(id string, s Signoff) (Entry, error) {
	if strings.TrimSpace(s.Note) == "" {
		return Entry{}, fmt.Errorf("content: retire %s: say why in the note", id)
	}
	return r.step(id, s, ActionRetire, func(t *Topic, _ time.Time, p Person, _ *Audit) (string, *Approval, error) {
		if t.IsPrompts() || t.IsRules() {
			return "", nil, fmt.Errorf("content: retire %s: %w: %s is never retired: change it and have it approved again", id, ErrLifecycle, t.File)
		}
		if p.Role != RoleClinician {
			return "", nil, fmt.Errorf("content: retire %s: %w: %s is not a clinician: only a clinician retires an answer", id, ErrNotPermitted, p.Name)
		}
		if t.Status == Retired {
			return "", nil, fmt.Errorf("content: retire %s: %w: it is already retired", id, ErrLifecycle)
		}
		return Retired, nil, nil
	})
}

// Approve records a clinician's sign-off of the answer's current clinical
// text: who, their title and registration (from their enrolment), today, the
// review-due date and the text's hash. The answer must be in review, with the
// text that was submitted, and the approver a registered clinician who is
// neither the person who submitted it nor its last editor. It sets the status
// to approved, keeps a snapshot of the approved text and appends a signed
// entry to the audit log. It refuses a file that does not validate and a
// retired answer.
func (r *Repo) Approve(id string, s Signoff) (Entry, error) {
	months := s.ReviewMonths
	if months == 0 {
		months = DefaultReviewMonths
	}
	if months < 1 || months > 36 {
		return Entry{}, fmt.Errorf("content: approve %s: review after %d months: want 1 to 36", id, months)
	}
	return r.step(id, s, ActionApprove, func(t *Topic, now time.Time, p Person, a *Audit) (string, *Approval, error) {
		if !p.CanApprove() {
			return "", nil, fmt.Errorf("content: approve %s: %w: %s is not a registered clinician: approval needs an enrolled clinician with a professional registration", id, ErrNotPermitted, p.Name)
		}
		if t.Status != InReview {
			return "", nil, fmt.Errorf("content: approve %s: %w: it is %s: send it for review first (skill content submit), then a second person approves it", id, ErrLifecycle, t.Status)
		}
		if why := a.reviewRule(id, p.Name, t.Hash); why != "" {
			return "", nil, fmt.Errorf("content: approve %s: %w: %s", id, ErrNotPermitted, why)
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
		return Approved, &Approval{
			By:           p.Name,
			Role:         p.Title,
			Registration: p.Registration,
			On:           now.Format(DateLayout),
			ReviewDue:    now.AddDate(0, months, 0).Format(DateLayout),
			Hash:         t.Hash,
			Note:         strings.TrimSpace(s.Note),
		}, nil
	})
}

// step runs one lifecycle step: it puts right an interrupted step, validates
// the answer and the log, checks who signs, asks next for the new status and
// approval (nil leaves the approval as it is), rewrites the file, checks the
// rewrite changed nothing else, and commits the file, the approved snapshot
// and the signed audit entries together.
func (r *Repo) step(id string, s Signoff, action string, next func(t *Topic, now time.Time, p Person, a *Audit) (string, *Approval, error)) (Entry, error) {
	if err := checkSignoff(action, id, s); err != nil {
		return Entry{}, err
	}
	if !idRE().MatchString(id) {
		return Entry{}, fmt.Errorf("content: %s: %q is not an answer id", action, id)
	}
	if _, err := r.Recover(); err != nil {
		return Entry{}, err
	}
	// A broken chain stops the step before anything is written.
	a, err := r.audit()
	if err != nil {
		return Entry{}, err
	}
	// An answer or the prompts keep their status and approval in their file
	// too; rules outside the content directory only in the log.
	var t *Topic
	var data []byte
	rl, isRules := r.rule(id)
	if isRules {
		if t, err = RulesTopic(rl, a); err != nil {
			return Entry{}, err
		}
	} else if t, data, err = r.validated(id); err != nil {
		return Entry{}, err
	}
	p, err := signer(a, action, id, s)
	if err != nil {
		return Entry{}, err
	}
	now := r.now()
	status, approval, err := next(t, now, p, a)
	if err != nil {
		return Entry{}, err
	}
	var out []byte
	if !isRules {
		if out, err = setLifecycle(data, status, approval); err != nil {
			return Entry{}, fmt.Errorf("content: %s %s: %w", action, id, err)
		}
		// The rewrite must leave the clinical text exactly as it was.
		nt, _, probs := parseFile(t.File, out, r.signposts())
		if nt == nil || len(probs) > 0 || nt.Hash != t.Hash || nt.Status != status ||
			(approval != nil && (nt.Approval == nil || *nt.Approval != *approval)) {
			return Entry{}, fmt.Errorf("content: %s %s: rewriting the file would change more than the status and approval; nothing was changed", action, id)
		}
	}
	stamp := now.Format(time.RFC3339)
	// An edit since the last recorded step is recorded first, so the log shows
	// that the clinical text changed between two steps.
	var entries []Entry
	if last, ok := a.Last(id); ok && last.ContentHash != t.Hash {
		entries = append(entries, Entry{Time: stamp, Action: ActionEdit, ID: id, By: p.Name, Role: p.Title,
			Note: "clinical text changed since entry " + fmt.Sprint(last.Seq) + "; recorded at " + action, ContentHash: t.Hash})
	}
	e := Entry{Time: stamp, Action: action, ID: id, By: p.Name, Role: p.Title, Note: strings.TrimSpace(s.Note), ContentHash: t.Hash}
	if approval != nil {
		e.Registration, e.ReviewDue = approval.Registration, approval.ReviewDue
	}
	sealed, lines, err := seal(a, append(entries, e), s.Key)
	if err != nil {
		return Entry{}, err
	}
	j := &journal{Action: action, ID: id, By: p.Name, Time: stamp, Lines: lines}
	if approval != nil {
		j.Files = append(j.Files, journalFile{Name: ApprovedDir + "/" + t.ID + ".json", New: append(Canonical(t), '\n')})
	}
	if !isRules {
		j.Files = append(j.Files, journalFile{Name: t.File, New: out})
	}
	if err := r.commit(j); err != nil {
		return Entry{}, err
	}
	return sealed[len(sealed)-1], nil
}

// Edit replaces the answer file id, which must still hold old, with data
// and records a signed edit entry with the new text's hash, whole or not at
// all (the studio saves through it). data must load on its own.
func (r *Repo) Edit(id string, old, data []byte, s Signoff) (Entry, error) {
	if err := checkSignoff(ActionEdit, id, s); err != nil {
		return Entry{}, err
	}
	if !idRE().MatchString(id) {
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
	t, _, probs := parseFile(name, data, r.signposts())
	if t == nil || len(probs) > 0 {
		return Entry{}, fmt.Errorf("content: %s does not validate, nothing was changed: %w", name, &LoadError{Problems: probs})
	}
	a, err := r.audit()
	if err != nil {
		return Entry{}, err
	}
	p, err := signer(a, ActionEdit, id, s)
	if err != nil {
		return Entry{}, err
	}
	stamp := r.now().Format(time.RFC3339)
	sealed, lines, err := seal(a, []Entry{{Time: stamp, Action: ActionEdit, ID: id, By: p.Name, Role: p.Title,
		Note: strings.TrimSpace(s.Note), ContentHash: t.Hash}}, s.Key)
	if err != nil {
		return Entry{}, err
	}
	if err := r.commit(&journal{Action: ActionEdit, ID: id, By: p.Name, Time: stamp, Lines: lines,
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
	t, _, probs := parseFile(name, data, r.signposts())
	if _, err := Load(os.DirFS(r.Dir), r.signposts()); err != nil {
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
	if a.Registration != "" {
		add("registration", a.Registration, true)
	}
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

// Status returns a row for every answer in s, sorted by id, then one for the
// prompts, as of now.
func Status(s *Store, now time.Time) []StatusRow {
	var rows []StatusRow
	for _, t := range s.Approvables() {
		rows = append(rows, StatusOf(t, now))
	}
	return rows
}

// StatusOf is t's row in the status table, as of now.
func StatusOf(t *Topic, now time.Time) StatusRow {
	r := StatusRow{ID: t.ID, Status: t.Status, Hash: t.Hash,
		ChangedSinceApproval: t.ChangedSinceApproval(), ReviewOverdue: t.ReviewOverdue(now), Servable: t.ServableAsApproved(now)}
	if a := t.Approval; a != nil {
		r.ApprovedBy, r.Role, r.ApprovedOn, r.ReviewDue = a.By, a.Role, a.On, a.ReviewDue
	}
	return r
}
