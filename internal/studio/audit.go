package studio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/feedingfriend/skill/internal/content"
)

// verifyAudit checks the audit log in dir before anything is written, so a
// save never lands on a broken chain (content.Repo's steps refuse the same).
func verifyAudit(dir string) (*content.Audit, error) {
	data, err := os.ReadFile(filepath.Join(dir, content.AuditFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("studio: read audit log: %w", err)
	}
	a, probs := content.ReadAudit(content.AuditFile, bytes.NewReader(data))
	if len(probs) > 0 {
		return nil, &content.AuditError{Problems: probs}
	}
	return a, nil
}

// appendAudit seals e to the end of the audit log in dir, as content.Repo
// does for its own steps: the next sequence number, the previous entry's hash
// and its own hash (content.EntryHash). The log must verify first.
func appendAudit(dir string, e content.Entry) (content.Entry, error) {
	a, err := verifyAudit(dir)
	if err != nil {
		return content.Entry{}, err
	}
	e.Seq = len(a.Entries) + 1
	e.Prev = a.Head()
	e.Hash = content.EntryHash(e)
	line, err := json.Marshal(e)
	if err != nil {
		return content.Entry{}, fmt.Errorf("studio: audit entry: %w", err)
	}
	// The entry must read back as valid on top of the log.
	if _, probs := content.ReadAudit(content.AuditFile, bytes.NewReader(append(append(auditBytes(a), line...), '\n'))); len(probs) > 0 {
		return content.Entry{}, &content.AuditError{Problems: probs}
	}
	name := filepath.Join(dir, content.AuditFile)
	data, _ := os.ReadFile(name)
	if len(data) > 0 && data[len(data)-1] != '\n' {
		line = append([]byte{'\n'}, line...)
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return content.Entry{}, fmt.Errorf("studio: open audit log: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return content.Entry{}, fmt.Errorf("studio: append audit log: %w", err)
	}
	if err := f.Close(); err != nil {
		return content.Entry{}, fmt.Errorf("studio: append audit log: %w", err)
	}
	return e, nil
}

// auditBytes re-encodes the entries of a verified log, one JSON line each.
func auditBytes(a *content.Audit) []byte {
	var b bytes.Buffer
	for _, e := range a.Entries {
		line, _ := json.Marshal(e)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}
