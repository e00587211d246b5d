package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// JournalFile is the file, inside the content directory, in which a step
// writes down everything it is about to change before it changes anything:
// each file's bytes before and after, and the audit lines it appends. Its
// audit lines are the commit point: once they are in the log the step has
// happened and is finished; until then it has not and is undone. A step
// removes the journal when it is done, so one found later is an interrupted
// step, which Recover puts right.
const JournalFile = "journal.json"

// TornSuffix names the file beside the audit log that keeps the partial last
// line Recover cuts off (audit.jsonl.torn).
const TornSuffix = ".torn"

// journal is one step's intended changes.
type journal struct {
	Action string        `json:"action"`
	ID     string        `json:"id"`
	By     string        `json:"by"`
	Time   string        `json:"time"`
	Files  []journalFile `json:"files"`
	// AuditSize and AuditExisted are the log as it was; Lines are appended.
	AuditSize    int64  `json:"audit_size"`
	AuditExisted bool   `json:"audit_existed"`
	Lines        string `json:"lines"`
}

// journalFile is one file a step rewrites (Name relative to the content
// directory, slash-separated).
type journalFile struct {
	Name    string `json:"name"`
	Existed bool   `json:"existed"`
	Old     []byte `json:"old,omitempty"`
	New     []byte `json:"new"`
}

func (j *journal) what() string {
	return fmt.Sprintf("%s of %s by %s (started %s)", j.Action, j.ID, j.By, j.Time)
}

func (j *journal) names() string {
	var ns []string
	for _, f := range j.Files {
		ns = append(ns, f.Name)
	}
	return strings.Join(ns, ", ")
}

func (r *Repo) path(name string) string { return filepath.Join(r.Dir, filepath.FromSlash(name)) }

// commit makes the step's changes whole or not at all: it writes the journal,
// the files, then the audit lines; on any failure it undoes what it did. An
// error that says "nothing was changed" means exactly that.
func (r *Repo) commit(j *journal) error {
	d := r.disk()
	for i := range j.Files {
		f := &j.Files[i]
		old, err := d.ReadFile(r.path(f.Name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return fmt.Errorf("content: %s: nothing was changed: %w", j.what(), err)
		default:
			f.Existed, f.Old = true, old
		}
	}
	log, err := d.ReadFile(r.path(AuditFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("content: %s: nothing was changed: %w", j.what(), err)
	default:
		j.AuditSize, j.AuditExisted = int64(len(log)), true
	}
	jb, err := json.Marshal(j)
	if err != nil {
		return fmt.Errorf("content: %s: %w", j.what(), err)
	}
	if err := d.WriteFile(r.path(JournalFile), jb, 0o644); err != nil {
		return fmt.Errorf("content: %s: nothing was changed: the journal could not be written: %w", j.what(), err)
	}
	fail := func(err error) error {
		if uerr := r.undo(j); uerr != nil {
			return fmt.Errorf("content: %s failed (%v) and could not be undone (%v): %s keeps what to put right, and the next content command or studio start does it", j.what(), err, uerr, JournalFile)
		}
		return fmt.Errorf("content: %s: nothing was changed: %w", j.what(), err)
	}
	for _, f := range j.Files {
		if dir := filepath.Dir(r.path(f.Name)); dir != filepath.Clean(r.Dir) {
			if err := d.MkdirAll(dir); err != nil {
				return fail(err)
			}
		}
		if err := d.WriteFile(r.path(f.Name), f.New, 0o644); err != nil {
			return fail(err)
		}
	}
	if err := d.Append(r.path(AuditFile), []byte(j.Lines), 0o644); err != nil {
		return fail(err)
	}
	// The step has happened. A journal that cannot be removed is finished
	// (a no-op) by the next Recover.
	_ = d.Remove(r.path(JournalFile))
	return nil
}

// undo puts every file of j back as it was, cuts the audit log back to its
// size before, and removes the journal.
func (r *Repo) undo(j *journal) error {
	d := r.disk()
	var errs []error
	for i := len(j.Files) - 1; i >= 0; i-- {
		f := j.Files[i]
		cur, err := d.ReadFile(r.path(f.Name))
		exists := err == nil
		switch {
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			errs = append(errs, err)
		case f.Existed && (!exists || !bytes.Equal(cur, f.Old)):
			errs = append(errs, d.WriteFile(r.path(f.Name), f.Old, 0o644))
		case !f.Existed && exists:
			errs = append(errs, d.Remove(r.path(f.Name)))
		}
	}
	log, err := d.ReadFile(r.path(AuditFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		errs = append(errs, err)
	case !j.AuditExisted && int64(len(log)) > 0 && bytes.HasPrefix([]byte(j.Lines), log):
		errs = append(errs, d.Remove(r.path(AuditFile)))
	case int64(len(log)) > j.AuditSize:
		errs = append(errs, d.Truncate(r.path(AuditFile), j.AuditSize))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return d.Remove(r.path(JournalFile))
}

// committed reports whether j's audit lines are in the log: the step happened.
func (r *Repo) committed(j *journal) (bool, error) {
	log, err := r.disk().ReadFile(r.path(AuditFile))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return int64(len(log)) >= j.AuditSize && bytes.HasPrefix(log[j.AuditSize:], []byte(j.Lines)), nil
}

// Recover puts right what an interrupted step left: it finishes a step whose
// audit entry was written and undoes one whose entry was not (the journal
// says which files), and it cuts a partial last line off the audit log,
// keeping it in audit.jsonl.torn. It returns one Problem per thing it put
// right, with file and line. Every step runs it first; the studio and the
// content commands run it at start. It leaves alone a log that is broken
// anywhere else: that is for people to look at.
func (r *Repo) Recover() ([]Problem, error) {
	var report []Problem
	d := r.disk()
	jb, err := d.ReadFile(r.path(JournalFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("content: %s: %w", JournalFile, err)
	default:
		var j journal
		if err := json.Unmarshal(jb, &j); err != nil {
			return nil, fmt.Errorf("content: %s:1: an interrupted step left a journal that does not read (%v): compare the files with version control, then remove it", JournalFile, err)
		}
		done, err := r.committed(&j)
		if err != nil {
			return nil, fmt.Errorf("content: %s: %w", JournalFile, err)
		}
		if done {
			for _, f := range j.Files {
				if cur, err := d.ReadFile(r.path(f.Name)); err != nil || !bytes.Equal(cur, f.New) {
					if err := d.WriteFile(r.path(f.Name), f.New, 0o644); err != nil {
						return nil, fmt.Errorf("content: %s: finishing the interrupted %s: %w", JournalFile, j.what(), err)
					}
				}
			}
			if err := d.Remove(r.path(JournalFile)); err != nil {
				return nil, fmt.Errorf("content: %s: %w", JournalFile, err)
			}
			line := bytes.Count(mustRead(d, r.path(AuditFile))[:j.AuditSize], []byte("\n")) + 1
			report = append(report, Problem{File: AuditFile, Line: line, Msg: fmt.Sprintf("the %s was interrupted after this audit entry was written: finished (%s written in full)", j.what(), j.names())})
		} else {
			if err := r.undo(&j); err != nil {
				return nil, fmt.Errorf("content: %s:1: undoing the interrupted %s: %w", JournalFile, j.what(), err)
			}
			report = append(report, Problem{File: JournalFile, Line: 1, Msg: fmt.Sprintf("the %s was interrupted before its audit entry was written: undone (%s as they were)", j.what(), j.names())})
		}
	}
	p, err := r.repairTail()
	if err != nil {
		return nil, err
	}
	if p != nil {
		report = append(report, *p)
	}
	for _, p := range report {
		if r.Notify != nil {
			r.Notify(p)
		}
	}
	return report, nil
}

func mustRead(d Disk, name string) []byte {
	b, _ := d.ReadFile(name)
	return b
}

// repairTail cuts a partial last line off the audit log when everything
// before it verifies: a line with no line end that is not a whole entry is
// an interrupted write (a full disk, a crash), not an edit. The cut bytes
// are appended to audit.jsonl.torn with a note of where they came from.
func (r *Repo) repairTail() (*Problem, error) {
	d := r.disk()
	log, err := d.ReadFile(r.path(AuditFile))
	if errors.Is(err, fs.ErrNotExist) || len(log) == 0 || log[len(log)-1] == '\n' {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("content: read audit log: %w", err)
	}
	cut := bytes.LastIndexByte(log, '\n') + 1
	head, tail := log[:cut], log[cut:]
	if _, probs := ReadAudit(AuditFile, bytes.NewReader(log)); len(probs) == 0 {
		return nil, nil // a whole entry without its line end: the next append adds it
	}
	if _, probs := ReadAudit(AuditFile, bytes.NewReader(head)); len(probs) > 0 {
		return nil, nil // broken before the tail: leave it for people to see
	}
	line := bytes.Count(head, []byte("\n")) + 1
	note := fmt.Sprintf("# cut from %s line %d at %s: a partial entry (an interrupted write)\n", AuditFile, line, r.now().Format("2006-01-02T15:04:05Z07:00"))
	if err := d.Append(r.path(AuditFile+TornSuffix), append(append([]byte(note), tail...), '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("content: %s:%d: a partial entry could not be kept aside: %w", AuditFile, line, err)
	}
	if err := d.Truncate(r.path(AuditFile), int64(cut)); err != nil {
		return nil, fmt.Errorf("content: %s:%d: a partial entry could not be cut off: %w", AuditFile, line, err)
	}
	return &Problem{File: AuditFile, Line: line, Msg: fmt.Sprintf("a partial entry (%d bytes with no line end: an interrupted write) was cut off and kept in %s%s", len(tail), AuditFile, TornSuffix)}, nil
}
