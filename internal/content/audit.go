package content

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"
)

// AuditFile is the audit log's file name inside the content directory. It is
// not a *.yaml file, so Load and the embedded answers never include it.
const AuditFile = "audit.jsonl"

// Actions recorded in the audit log.
const (
	ActionSubmit  = "submit"
	ActionApprove = "approve"
	ActionRetire  = "retire"
	ActionEdit    = "edit"
	ActionEnrol   = "enrol"
)

// Entry is one line of the audit log. Hash is the sha256 of the entry's
// canonical JSON (every other field but Sig, in this order, including Prev),
// so each entry seals the one before it: editing, removing, reordering or
// inserting a line breaks the chain at that line. Sig signs Hash with the key
// enrolled for By, so an entry cannot be edited or made up, chain and all,
// without that person's private key.
type Entry struct {
	Seq         int    `json:"seq"`
	Time        string `json:"time"`
	Action      string `json:"action"`
	ID          string `json:"id"`
	By          string `json:"by"`
	Role        string `json:"role"`
	Note        string `json:"note"`
	ContentHash string `json:"content_hash"`
	// Registration and ReviewDue are an approval's; Person, Title and
	// PublicKey an enrolment's (Role is then the person's role).
	Registration string `json:"registration,omitempty"`
	ReviewDue    string `json:"review_due,omitempty"`
	Person       string `json:"person,omitempty"`
	Title        string `json:"title,omitempty"`
	PublicKey    string `json:"public_key,omitempty"`
	Prev         string `json:"prev"`
	Hash         string `json:"hash"`
	// Sig is the Ed25519 signature of the hash by the key enrolled for By.
	Sig string `json:"sig,omitempty"`
}

// sealed is Entry without its hash: the bytes the hash is taken over.
type sealed struct {
	Seq         int    `json:"seq"`
	Time        string `json:"time"`
	Action      string `json:"action"`
	ID          string `json:"id"`
	By          string `json:"by"`
	Role        string `json:"role"`
	Note        string `json:"note"`
	ContentHash string `json:"content_hash"`

	Registration string `json:"registration,omitempty"`
	ReviewDue    string `json:"review_due,omitempty"`
	Person       string `json:"person,omitempty"`
	Title        string `json:"title,omitempty"`
	PublicKey    string `json:"public_key,omitempty"`
	Prev         string `json:"prev"`
}

// AuditError reports a broken audit log: nothing is recorded on top of it.
type AuditError struct {
	Problems []Problem
}

// Error lists the problems, one "file:line: message" a line.
func (e *AuditError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return "content: the audit log is broken, nothing was changed:\n" + strings.Join(lines, "\n")
}

// EntryHash returns the hash an entry must carry: the sha256 of its canonical
// JSON without the hash field.
func EntryHash(e Entry) string {
	b, _ := json.Marshal(sealed{e.Seq, e.Time, e.Action, e.ID, e.By, e.Role, e.Note, e.ContentHash,
		e.Registration, e.ReviewDue, e.Person, e.Title, e.PublicKey, e.Prev})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Audit is the parsed audit log.
type Audit struct {
	Entries []Entry
	// People are the people enrolled, by name, as of the last entry.
	People map[string]Person
	// openTail is true when the last line has no line end.
	openTail bool
}

// Head returns the hash of the last entry ("" for an empty log). Recording it
// outside the repository (a release note, a tag) lets a later check notice the
// log's tail being cut off or the whole chain being rewritten.
func (a *Audit) Head() string {
	if len(a.Entries) == 0 {
		return ""
	}
	return a.Entries[len(a.Entries)-1].Hash
}

// History returns the entries about one answer, oldest first.
func (a *Audit) History(id string) []Entry {
	var out []Entry
	for _, e := range a.Entries {
		if e.ID == id {
			out = append(out, e)
		}
	}
	return out
}

// Last returns the latest entry about id (ok false when there is none).
func (a *Audit) Last(id string) (Entry, bool) {
	for i := len(a.Entries) - 1; i >= 0; i-- {
		if a.Entries[i].ID == id {
			return a.Entries[i], true
		}
	}
	return Entry{}, false
}

// ReadAudit parses and verifies the audit log in r: the hash chain, each
// entry's signature by the key enrolled for its author, who may record what
// (see admit), and the review rules of every approval. It returns every entry
// it could parse and one Problem per broken link or rule, each with its line
// number (name is the file name used in the problems). A missing or empty
// log is a valid, empty chain.
func ReadAudit(name string, r io.Reader) (*Audit, []Problem) {
	a := &Audit{People: map[string]Person{}}
	var probs []Problem
	add := func(l int, format string, args ...any) {
		probs = append(probs, Problem{File: name, Line: l, Msg: fmt.Sprintf(format, args...)})
	}
	lr := &lastByteReader{r: r}
	sc := bufio.NewScanner(lr)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	prevHash, prevSeq := "", 0
	n, lastBad := 0, 0
	for sc.Scan() {
		n++
		text := sc.Bytes()
		if len(bytes.TrimSpace(text)) == 0 {
			add(n, "blank line: every line must be one entry")
			continue
		}
		var e Entry
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			lastBad = n
			add(n, "not a valid entry: %v", err)
			// The chain cannot be followed through an unreadable line.
			prevHash, prevSeq = "?", prevSeq+1
			continue
		}
		if got := EntryHash(e); got != e.Hash {
			add(n, "entry %d: hash does not match its contents (the line was edited)", e.Seq)
		}
		if e.Seq != prevSeq+1 {
			add(n, "entry seq %d, want %d (a line was removed, inserted or moved)", e.Seq, prevSeq+1)
		}
		if prevHash != "?" && e.Prev != prevHash {
			add(n, "entry %d: prev does not match the hash of the line before (a line was removed, inserted, moved or edited)", e.Seq)
		}
		if err := e.validate(); err != nil {
			add(n, "entry %d: %v", e.Seq, err)
		} else if why := a.admit(e); why != "" {
			add(n, "entry %d: %s", e.Seq, why)
		}
		a.Entries = append(a.Entries, e)
		prevHash, prevSeq = e.Hash, e.Seq
	}
	if err := sc.Err(); err != nil {
		add(n+1, "read: %v", err)
	}
	a.openTail = lr.n > 0 && lr.last != '\n'
	if a.openTail && lastBad == n && len(probs) > 0 && probs[len(probs)-1].Line == n {
		probs[len(probs)-1].Msg = "a partial entry with no line end (an interrupted write, such as a full disk): `skill content recover` cuts it off into " + AuditFile + TornSuffix
	}
	return a, probs
}

// lastByteReader remembers the last byte read, to tell whether the log ends
// its last line.
type lastByteReader struct {
	r    io.Reader
	n    int64
	last byte
}

func (l *lastByteReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if n > 0 {
		l.n += int64(n)
		l.last = p[n-1]
	}
	return n, err
}

// validate checks the fields every entry needs.
func (e Entry) validate() error {
	switch e.Action {
	case ActionSubmit, ActionApprove, ActionRetire, ActionEdit:
		if e.ID == "" || e.By == "" {
			return errors.New("id and by are required")
		}
	case ActionEnrol:
		if e.Person == "" || e.By == "" {
			return errors.New("an enrolment needs the person and who enrols them (by)")
		}
		if _, err := decodeKey(e.PublicKey); err != nil {
			return err
		}
	default:
		return fmt.Errorf("action %q is not one of submit, approve, retire, edit, enrol", e.Action)
	}
	if e.Action == ActionApprove && (e.Role == "" || e.Registration == "") {
		return errors.New("an approval needs the approver's role and registration")
	}
	if _, err := time.Parse(time.RFC3339, e.Time); err != nil {
		return fmt.Errorf("time %q: want RFC 3339", e.Time)
	}
	return nil
}

// enrolled is the person an enrol entry enrols.
func enrolled(e Entry) (Person, error) {
	pub, err := decodeKey(e.PublicKey)
	if err != nil {
		return Person{}, err
	}
	p := Person{Name: e.Person, Role: e.Role, Title: e.Title, Registration: e.Registration, PublicKey: pub, Seq: e.Seq}
	return p, p.Validate()
}

// admit checks that the author of e may record it, with the key enrolled for
// them, and that an approval keeps the review rules; it records e's effect
// (an enrolment) and returns why not ("" when it may). The log's first entry
// must be a clinician enrolling themself: the root of trust, which a release
// records (see docs/clinical-safety).
func (a *Audit) admit(e Entry) string {
	if e.Action == ActionEnrol {
		p, err := enrolled(e)
		if err != nil {
			return err.Error()
		}
		if len(a.Entries) == 0 {
			if e.By != p.Name || p.Role != RoleClinician || !verifySig(e, p.PublicKey) {
				return "the first entry must be a clinician enrolling themself, signed with their own key"
			}
			a.People[p.Name] = p
			return ""
		}
		by, why := a.author(e)
		if why != "" {
			return why
		}
		if !by.CanApprove() {
			return fmt.Sprintf("%s enrolled %s: only an enrolled clinician enrols people", e.By, p.Name)
		}
		a.People[p.Name] = p
		return ""
	}
	by, why := a.author(e)
	if why != "" {
		return why
	}
	switch e.Action {
	case ActionApprove:
		if !by.CanApprove() {
			return fmt.Sprintf("%s is not a registered clinician: only a clinician with a professional registration approves", e.By)
		}
		if e.Registration != by.Registration {
			return fmt.Sprintf("registration %q is not %s's enrolled registration %q", e.Registration, e.By, by.Registration)
		}
		if why := a.reviewRule(e.ID, e.By, e.ContentHash); why != "" {
			return why
		}
	case ActionRetire:
		if by.Role != RoleClinician {
			return fmt.Sprintf("%s is not a clinician: only a clinician retires an answer", e.By)
		}
	}
	if e.Role != by.Title {
		return fmt.Sprintf("role %q is not %s's enrolled title %q", e.Role, e.By, by.Title)
	}
	return ""
}

// author returns the enrolled author of e, whose key must sign it.
func (a *Audit) author(e Entry) (Person, string) {
	p, ok := a.People[e.By]
	if !ok {
		return Person{}, fmt.Sprintf("%s is not enrolled: only people enrolled in the log record steps", e.By)
	}
	if !verifySig(e, p.PublicKey) {
		return Person{}, fmt.Sprintf("the signature does not verify with the key enrolled for %s (key %s): the line was edited or forged", e.By, Fingerprint(p.PublicKey))
	}
	return p, ""
}

// reviewRule says why by may not approve the text with hash of unit id, given
// the log so far ("" when they may): the unit must be in review (its last
// lifecycle entry a submit), with the text submitted, and the approver must be
// a second person: neither the one who submitted it nor its last editor.
// Approve checks it before recording; ReadAudit checks every approval with it.
func (a *Audit) reviewRule(id, by, hash string) string {
	var submit *Entry
	lastEditor := ""
	for i := range a.Entries {
		e := &a.Entries[i]
		if e.ID != id {
			continue
		}
		switch e.Action {
		case ActionSubmit:
			submit = e
		case ActionApprove, ActionRetire:
			submit = nil
		case ActionEdit:
			lastEditor = e.By
		}
	}
	switch {
	case submit == nil:
		return fmt.Sprintf("%s is not in review: send it for review first (submit), then a second person approves it", id)
	case submit.ContentHash != hash:
		return fmt.Sprintf("%s changed since it was submitted for review (entry %d): submit it again", id, submit.Seq)
	case by == submit.By:
		return fmt.Sprintf("a second person must approve %s: %s sent it for review (entry %d)", id, by, submit.Seq)
	case by == lastEditor:
		return fmt.Sprintf("a second person must approve %s: %s made its last edit", id, by)
	}
	return ""
}

// LoadAudit reads and verifies the audit log in the content folder fsys.
func LoadAudit(fsys fs.FS) (*Audit, []Problem, error) {
	f, err := fsys.Open(AuditFile)
	if errors.Is(err, fs.ErrNotExist) {
		return &Audit{}, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("content: open audit log: %w", err)
	}
	defer f.Close()
	a, probs := ReadAudit(AuditFile, f)
	return a, probs, nil
}

// CrossCheck compares the answers' statuses and approval records with the
// log, so that an approval written or edited by hand, or an approve entry cut
// from the log, is caught: every approval record must equal, field for
// field, the latest signed approve entry for its answer, and an answer whose
// file says approved must have no submit or retire entry after it.
func (a *Audit) CrossCheck(topics []*Topic) []Problem {
	var probs []Problem
	for _, t := range topics {
		if t.Approval == nil {
			continue
		}
		approve, i, ok := a.lastApprove(t.ID)
		switch {
		case !ok:
			probs = append(probs, Problem{File: t.File, Line: t.ApprovalLine, Msg: fmt.Sprintf("approval record has no approve entry in %s: approvals are made only with `skill content approve` or the studio", AuditFile)})
			continue
		case *t.Approval != approvalOf(*approve):
			probs = append(probs, Problem{File: t.File, Line: t.ApprovalLine, Msg: fmt.Sprintf("approval record does not match the signed %s entry %d (by, role, registration, dates, hash or note differ)", AuditFile, approve.Seq)})
			continue
		}
		if t.Status != Approved {
			continue
		}
		for _, e := range a.Entries[i+1:] {
			if e.ID == t.ID && (e.Action == ActionSubmit || e.Action == ActionRetire) {
				probs = append(probs, Problem{File: t.File, Line: t.StatusLine, Msg: fmt.Sprintf("status is approved, but %s entry %d %s after that approval", AuditFile, e.Seq, map[string]string{ActionSubmit: "sent it back for review", ActionRetire: "retired it"}[e.Action])})
				break
			}
		}
	}
	return probs
}

// approvalOf is the approval record an approve entry writes in the answer
// file.
func approvalOf(e Entry) Approval {
	return Approval{By: e.By, Role: e.Role, Registration: e.Registration, On: entryDate(e), ReviewDue: e.ReviewDue, Hash: e.ContentHash, Note: e.Note}
}

// entryDate is the local calendar date of an entry, as approvals record it.
func entryDate(e Entry) string {
	ts, err := time.Parse(time.RFC3339, e.Time)
	if err != nil {
		return ""
	}
	return ts.Format(DateLayout)
}

// audit reads and verifies the log: a broken chain is an *AuditError.
func (r *Repo) audit() (*Audit, error) {
	data, err := r.disk().ReadFile(filepath.Join(r.Dir, AuditFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("content: read audit log: %w", err)
	}
	a, probs := ReadAudit(AuditFile, bytes.NewReader(data))
	if len(probs) > 0 {
		return nil, &AuditError{Problems: probs}
	}
	return a, nil
}

// seal numbers entries after the verified log a, chains them to it and to
// each other, and signs them with key. It returns the sealed entries and their lines, ready to
// append. A log that does not end its last line gets one first.
func seal(a *Audit, entries []Entry, key ed25519.PrivateKey) ([]Entry, string, error) {
	var b strings.Builder
	if a.openTail {
		b.WriteByte('\n')
	}
	seq, prev := len(a.Entries), a.Head()
	out := make([]Entry, len(entries))
	for i, e := range entries {
		seq++
		e.Seq, e.Prev = seq, prev
		e.Hash = EntryHash(e)
		sign(&e, key)
		if err := e.validate(); err != nil {
			return nil, "", fmt.Errorf("content: audit entry: %w", err)
		}
		line, err := json.Marshal(e)
		if err != nil {
			return nil, "", fmt.Errorf("content: audit entry: %w", err)
		}
		b.Write(line)
		b.WriteByte('\n')
		out[i], prev = e, e.Hash
	}
	return out, b.String(), nil
}

// appendAudit verifies the log and appends entries to it, sealed to the
// previous one, through the journal: whole or not at all.
func (r *Repo) appendAudit(key ed25519.PrivateKey, entries ...Entry) ([]Entry, error) {
	if _, err := r.Recover(); err != nil {
		return nil, err
	}
	a, err := r.audit()
	if err != nil {
		return nil, err
	}
	sealed, lines, err := seal(a, entries, key)
	if err != nil {
		return nil, err
	}
	last := sealed[len(sealed)-1]
	if err := r.commit(&journal{Action: last.Action, ID: last.ID, By: last.By, Time: last.Time, Lines: lines}); err != nil {
		return nil, err
	}
	return sealed, nil
}
