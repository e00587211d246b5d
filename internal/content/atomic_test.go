package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// errCrash stands for the process dying: after it, nothing more reaches the
// disk.
var errCrash = errors.New("the process died here")

// faultDisk is the real disk with faults put in, as a full disk, a
// read-only folder or a crash would cause. fault is asked before every
// change; a non-nil error fails it (for Append, after partial bytes reached
// the file, as a full disk does). After errCrash every later change fails too.
type faultDisk struct {
	OSDisk
	mu      sync.Mutex
	fault   func(op, name string) error
	partial int
	crashed bool
}

func (d *faultDisk) check(op, name string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.crashed {
		return errCrash
	}
	if d.fault == nil {
		return nil
	}
	err := d.fault(op, name)
	if errors.Is(err, errCrash) {
		d.crashed = true
	}
	return err
}

func (d *faultDisk) WriteFile(name string, data []byte, perm fs.FileMode) error {
	if err := d.check("write", name); err != nil {
		return err
	}
	return d.OSDisk.WriteFile(name, data, perm)
}

func (d *faultDisk) Append(name string, data []byte, perm fs.FileMode) error {
	if err := d.check("append", name); err != nil {
		if d.partial > 0 && !errors.Is(err, errCrash) {
			_ = d.OSDisk.Append(name, data[:min(d.partial, len(data))], perm)
		}
		return err
	}
	return d.OSDisk.Append(name, data, perm)
}

func (d *faultDisk) Truncate(name string, size int64) error {
	if err := d.check("truncate", name); err != nil {
		return err
	}
	return d.OSDisk.Truncate(name, size)
}

func (d *faultDisk) Remove(name string) error {
	if err := d.check("remove", name); err != nil {
		return err
	}
	return d.OSDisk.Remove(name)
}

func (d *faultDisk) MkdirAll(dir string) error {
	if err := d.check("mkdir", dir); err != nil {
		return err
	}
	return d.OSDisk.MkdirAll(dir)
}

// tree reads every file under dir, by path relative to it.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	}))
	return out
}

// changed lists the files that differ between two trees.
func changed(before, after map[string]string) []string {
	var out []string
	for k, v := range after {
		if b, ok := before[k]; !ok || b != v {
			out = append(out, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			out = append(out, k+" (removed)")
		}
	}
	return out
}

// in reports whether name is directly inside dir.
func in(dir, name string) bool { return filepath.Dir(name) == filepath.Clean(dir) }

// TestStepIsAllOrNothing is the half-applied approval: whatever
// fails under an approval (the audit log not writable, a full disk part-way
// through the audit line, a read-only content or approved folder), the step
// reports failure and leaves every file as it was, and the next step on a
// healthy disk succeeds.
func TestStepIsAllOrNothing(t *testing.T) {
	enospc := &fs.PathError{Op: "write", Err: syscall.ENOSPC}
	eacces := &fs.PathError{Op: "open", Err: syscall.EACCES}
	tests := []struct {
		name    string
		partial int
		fault   func(dir string) func(op, name string) error
	}{
		{"audit log not writable", 0, func(dir string) func(op, name string) error {
			return func(op, name string) error {
				if op == "append" && filepath.Base(name) == AuditFile {
					return eacces
				}
				return nil
			}
		}},
		{"disk full part-way through the audit line", 25, func(dir string) func(op, name string) error {
			return func(op, name string) error {
				if op == "append" && filepath.Base(name) == AuditFile {
					return enospc
				}
				return nil
			}
		}},
		{"content folder read-only", 0, func(dir string) func(op, name string) error {
			return func(op, name string) error {
				if op != "mkdir" && in(dir, name) {
					return eacces
				}
				return nil
			}
		}},
		{"approved folder read-only", 0, func(dir string) func(op, name string) error {
			return func(op, name string) error {
				if in(filepath.Join(dir, ApprovedDir), name) {
					return eacces
				}
				return nil
			}
		}},
		{"disk full writing the answer file", 0, func(dir string) func(op, name string) error {
			return func(op, name string) error {
				if op == "write" && filepath.Base(name) == "latch.yaml" {
					return enospc
				}
				return nil
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, dir := teamRepo(t)
			_, err := r.Submit("latch", ann.as(""))
			require.NoError(t, err)
			before := tree(t, dir)

			r.Disk = &faultDisk{fault: tc.fault(dir), partial: tc.partial}
			_, err = r.Approve("latch", cal.as(""))
			require.Error(t, err)
			assert.Empty(t, changed(before, tree(t, dir)), "a failed approval leaves no trace")

			r.Disk = nil
			_, err = r.Approve("latch", cal.as(""))
			require.NoError(t, err, "the next approval on a healthy disk is not blocked")
			assert.Equal(t, Approved, raw(t, dir, "latch").Status)
			_, probs, err := LoadAudit(os.DirFS(dir))
			require.NoError(t, err)
			assert.Empty(t, probs)
		})
	}
}

// TestInterruptedStepIsRecovered: the process dies part-way through a step
// (nothing more reaches the disk). The next start (Recover) finishes a step
// whose audit entry was written and undoes one whose entry was not, saying
// which file it put right, and the directory verifies.
func TestInterruptedStepIsRecovered(t *testing.T) {
	tests := []struct {
		name     string
		crashAt  func(op, name string) bool
		approved bool // the step had committed: it is finished, not undone
	}{
		{"after the snapshot", func(op, name string) bool { return op == "write" && filepath.Base(name) == "latch.yaml" }, false},
		{"after the answer file", func(op, name string) bool { return op == "append" }, false},
		{"after the audit entry", func(op, name string) bool { return op == "remove" }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, dir := teamRepo(t)
			_, err := r.Submit("latch", ann.as(""))
			require.NoError(t, err)
			before := tree(t, dir)

			r.Disk = &faultDisk{fault: func(op, name string) error {
				if tc.crashAt(op, name) {
					return errCrash
				}
				return nil
			}}
			_, err = r.Approve("latch", cal.as(""))
			if !tc.approved {
				require.Error(t, err)
			}

			next := &Repo{Dir: dir, Now: func() time.Time { return day }}
			report, err := next.Recover()
			require.NoError(t, err)
			require.NotEmpty(t, report, "the next start says what it put right")
			assert.Contains(t, report[0].String(), "latch")
			after := tree(t, dir)
			if tc.approved {
				assert.Equal(t, Approved, raw(t, dir, "latch").Status)
				assert.Contains(t, after, filepath.Join(ApprovedDir, "latch.json"))
			} else {
				assert.Empty(t, changed(before, after), "an uncommitted step is undone")
			}
			for name := range after {
				assert.False(t, strings.HasPrefix(name, ".") || strings.Contains(name, "journal"), "no journal is left: %s", name)
			}
			_, probs, err := LoadAudit(os.DirFS(dir))
			require.NoError(t, err)
			assert.Empty(t, probs)
		})
	}
}

// TestTornAuditTailIsRepaired: a partial last line (a full disk under an
// older writer, or a crash) does not block the next writer forever: the next
// step cuts it off, keeps it beside the log, reports it with file:line, and
// records its own entry on the intact chain.
func TestTornAuditTailIsRepaired(t *testing.T) {
	r, dir := teamRepo(t)
	_, err := r.Submit("latch", ann.as(""))
	require.NoError(t, err)
	logPath := filepath.Join(dir, AuditFile)
	f, err := os.OpenFile(logPath, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"seq":5,"time":"2026-11-25T10:00:00Z","act`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	var report []Problem
	r.Notify = func(p Problem) { report = append(report, p) }
	_, err = r.Submit("mastitis", ann.as(""))
	require.NoError(t, err, "a torn tail does not block the next writer")
	require.Len(t, report, 1)
	assert.Equal(t, AuditFile, report[0].File)
	assert.Equal(t, 5, report[0].Line)
	assert.Contains(t, report[0].Msg, "partial entry")
	assert.Contains(t, report[0].Msg, AuditFile+".torn")
	torn, err := os.ReadFile(logPath + ".torn")
	require.NoError(t, err)
	assert.Contains(t, string(torn), `{"seq":5,"time":"2026-11-25T10:00:00Z","act`)
	a, probs, err := LoadAudit(os.DirFS(dir))
	require.NoError(t, err)
	assert.Empty(t, probs)
	assert.Len(t, a.Entries, 5)
}
