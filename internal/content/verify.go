package content

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// IntegrityError says the approval records cannot be trusted: nothing may be
// served as approved until people put them right.
type IntegrityError struct {
	Problems []Problem
}

// Error lists the problems, one "file:line: message" a line.
func (e *IntegrityError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return "content: the approvals do not verify (`skill content audit` shows the same):\n" + strings.Join(lines, "\n")
}

// Verify checks that the approvals of the content directory fsys can be
// trusted before anything is served as approved, and returns one Problem per
// thing that does not hold, with file and line:
//
//   - no step was interrupted (journal.json is absent);
//   - the audit log verifies: its chain, every signature by an enrolled key,
//     who may record what, and the review rules of every approval; a partial
//     last line is reported as an interrupted write;
//   - every approval record in an answer file matches, field for field, the
//     signed approve entry that made it, and no later submit or retire
//     entry stands after it;
//   - every approved answer's snapshot (approved/<id>.json) is there and its
//     sha256 is the hash the approve entry signed; every snapshot belongs to
//     an approve entry (no orphans).
//
// topics are the answers as written (placeholders unfilled). The Lambda,
// serve, the webhook and the studio refuse to start on any problem; `skill
// content audit` and `check --release` report them.
func Verify(fsys fs.FS, topics []*Topic) []Problem {
	var probs []Problem
	if data, err := fs.ReadFile(fsys, JournalFile); err == nil {
		what := "step"
		var j journal
		if json.Unmarshal(data, &j) == nil && j.Action != "" {
			what = j.what()
		}
		probs = append(probs, Problem{File: JournalFile, Line: 1, Msg: fmt.Sprintf("an interrupted %s left its journal: `skill content recover` (or any content command, or the studio) finishes or undoes it", what)})
	} else if !errors.Is(err, fs.ErrNotExist) {
		probs = append(probs, Problem{File: JournalFile, Msg: err.Error()})
	}
	a, aprobs, err := LoadAudit(fsys)
	if err != nil {
		return append(probs, Problem{File: AuditFile, Msg: err.Error()})
	}
	probs = append(probs, aprobs...)
	probs = append(probs, a.CrossCheck(topics)...)
	probs = append(probs, a.checkSnapshots(fsys, topics)...)
	return probs
}

// lastApprove returns the latest approve entry about id and its index.
func (a *Audit) lastApprove(id string) (*Entry, int, bool) {
	for i := len(a.Entries) - 1; i >= 0; i-- {
		if e := &a.Entries[i]; e.ID == id && e.Action == ActionApprove {
			return e, i, true
		}
	}
	return nil, -1, false
}

// checkSnapshots holds every snapshot to the approve entry that made it.
func (a *Audit) checkSnapshots(fsys fs.FS, topics []*Topic) []Problem {
	var probs []Problem
	names, _ := fs.Glob(fsys, ApprovedDir+"/*.json")
	sort.Strings(names)
	have := map[string]bool{}
	for _, name := range names {
		id := strings.TrimSuffix(path.Base(name), ".json")
		have[id] = true
		e, _, ok := a.lastApprove(id)
		if !ok {
			probs = append(probs, Problem{File: name, Msg: fmt.Sprintf("a snapshot with no approve entry in %s: made by hand, or left by an interrupted step", AuditFile)})
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs = append(probs, Problem{File: name, Msg: err.Error()})
			continue
		}
		if snapshotHash(data) != e.ContentHash {
			probs = append(probs, Problem{File: name, Msg: fmt.Sprintf("does not match the hash signed in %s entry %d: it was changed after approval", AuditFile, e.Seq)})
		}
	}
	for _, t := range topics {
		if t.Approval != nil && !have[t.ID] {
			probs = append(probs, Problem{File: path.Join(ApprovedDir, t.ID+".json"), Msg: fmt.Sprintf("missing: the text approved in %s is not kept", t.File)})
		}
	}
	return probs
}

// snapshotHash is the hash of a snapshot file: its canonical JSON without
// the final line end, as Hash takes it.
func snapshotHash(data []byte) string {
	sum := sha256.Sum256([]byte(strings.TrimSuffix(string(data), "\n")))
	return hex.EncodeToString(sum[:])
}
