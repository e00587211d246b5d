package content

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// auditLines builds a valid log of seven entries and returns its lines: the
// team's three enrolments (lines 1 to 3), then submit latch, approve latch,
// submit mastitis, retire latch (lines 4 to 7).
func auditLines(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	enrolTeam(t, &Repo{Dir: dir, Now: func() time.Time { return day }})
	at := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	for i, step := range []struct {
		by member
		e  Entry
	}{
		{ann, Entry{Action: ActionSubmit, ID: "latch", By: ann.Name, Role: ann.Title, ContentHash: "aa"}},
		{bea, Entry{Action: ActionApprove, ID: "latch", By: bea.Name, Role: bea.Title, Registration: bea.Registration, ReviewDue: "2027-11-25", Note: "checked against nhs.uk", ContentHash: "aa"}},
		{ann, Entry{Action: ActionSubmit, ID: "mastitis", By: ann.Name, Role: ann.Title, ContentHash: "bb"}},
		{bea, Entry{Action: ActionRetire, ID: "latch", By: bea.Name, Role: bea.Title, Note: "merged into positions", ContentHash: "aa"}},
	} {
		e := step.e
		e.Time = at.Add(time.Duration(i) * time.Hour).Format(time.RFC3339)
		_, err := appendOne(dir, step.by.key, e)
		require.NoError(t, err)
	}
	data, err := os.ReadFile(filepath.Join(dir, AuditFile))
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// rehash recomputes a line's own hash after an edit, as a careful forger would.
func rehash(t *testing.T, line string, edit func(*Entry)) string {
	t.Helper()
	var e Entry
	require.NoError(t, json.Unmarshal([]byte(line), &e))
	edit(&e)
	e.Hash = EntryHash(e)
	b, err := json.Marshal(e)
	require.NoError(t, err)
	return string(b)
}

func TestAuditChainDetectsTampering(t *testing.T) {
	tests := []struct {
		name     string
		tamper   func(t *testing.T, ls []string) []string
		wantLine int    // 0: the chain is intact
		want     string // part of the first problem
	}{
		{"intact", func(t *testing.T, ls []string) []string { return ls }, 0, ""},
		{"field edited", func(t *testing.T, ls []string) []string {
			ls[4] = strings.Replace(ls[4], "Dr Bea Lead", "Dr Bee Lead", 1)
			return ls
		}, 5, "hash does not match its contents"},
		{"field edited and line rehashed", func(t *testing.T, ls []string) []string {
			ls[4] = rehash(t, ls[4], func(e *Entry) { e.Role = "Consultant" })
			return ls
		}, 5, "signature does not verify"},
		{"line removed", func(t *testing.T, ls []string) []string {
			return append(ls[:4], ls[5:]...)
		}, 5, "entry seq 6, want 5"},
		{"lines reordered", func(t *testing.T, ls []string) []string {
			ls[4], ls[5] = ls[5], ls[4]
			return ls
		}, 5, "entry seq 6, want 5"},
		{"line inserted", func(t *testing.T, ls []string) []string {
			forged := rehash(t, ls[4], func(e *Entry) { e.Seq = 6; e.ID = "mastitis"; e.Prev = "" })
			return append(ls[:5], append([]string{forged}, ls[5:]...)...)
		}, 6, "prev does not match"},
		{"blank line", func(t *testing.T, ls []string) []string {
			return append(ls[:5], append([]string{""}, ls[5:]...)...)
		}, 6, "blank line"},
		{"not json", func(t *testing.T, ls []string) []string {
			ls[0] = "{seq: 1"
			return ls
		}, 1, "not a valid entry"},
		{"unknown field", func(t *testing.T, ls []string) []string {
			ls[6] = strings.Replace(ls[6], `{"seq"`, `{"extra":1,"seq"`, 1)
			return ls
		}, 7, "not a valid entry"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ls := tc.tamper(t, auditLines(t))
			a, probs := ReadAudit(AuditFile, strings.NewReader(strings.Join(ls, "\n")+"\n"))
			if tc.wantLine == 0 {
				assert.Empty(t, probs)
				assert.Len(t, a.Entries, 7)
				assert.Equal(t, a.Entries[6].Hash, a.Head())
				return
			}
			require.NotEmpty(t, probs, "tampering must be detected")
			assert.Equal(t, tc.wantLine, probs[0].Line, "%v", probs)
			assert.Contains(t, probs[0].Msg, tc.want)
			assert.Equal(t, AuditFile, probs[0].File)
		})
	}
}

func TestAuditHistory(t *testing.T) {
	a, probs := ReadAudit(AuditFile, strings.NewReader(strings.Join(auditLines(t), "\n")))
	require.Empty(t, probs)
	var actions []string
	for _, e := range a.History("latch") {
		actions = append(actions, e.Action)
	}
	assert.Equal(t, []string{ActionSubmit, ActionApprove, ActionRetire}, actions)
	last, ok := a.Last("mastitis")
	require.True(t, ok)
	assert.Equal(t, 6, last.Seq)
	_, ok = a.Last("thrush")
	assert.False(t, ok)
}

func TestEmptyAuditIsValid(t *testing.T) {
	a, probs, err := LoadAudit(os.DirFS(t.TempDir()))
	require.NoError(t, err)
	assert.Empty(t, probs)
	assert.Empty(t, a.Entries)
	assert.Equal(t, "", a.Head())
}

func TestAppendRefusesBrokenChain(t *testing.T) {
	dir := t.TempDir()
	ls := auditLines(t)
	ls[3] = strings.Replace(ls[3], "Ann Editor", "Someone Else", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, AuditFile), []byte(strings.Join(ls, "\n")+"\n"), 0o644))
	_, err := appendOne(dir, ann.key, Entry{Time: time.Now().Format(time.RFC3339), Action: ActionSubmit, ID: "latch", By: ann.Name, Role: ann.Title})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "audit.jsonl:4:")
}

func TestAppendAddsMissingNewline(t *testing.T) {
	dir := t.TempDir()
	ls := auditLines(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, AuditFile), []byte(strings.Join(ls, "\n")), 0o644))
	e, err := appendOne(dir, ann.key, Entry{Time: time.Now().Format(time.RFC3339), Action: ActionSubmit, ID: "latch", By: ann.Name, Role: ann.Title})
	require.NoError(t, err)
	assert.Equal(t, 8, e.Seq)
	data, _ := os.ReadFile(filepath.Join(dir, AuditFile))
	_, probs := ReadAudit(AuditFile, bytes.NewReader(data))
	assert.Empty(t, probs)
}

func TestEntryValidation(t *testing.T) {
	now := time.Now().Format(time.RFC3339)
	tests := []struct {
		name string
		e    Entry
		want string
	}{
		{"ok", Entry{Time: now, Action: ActionSubmit, ID: "latch", By: "x"}, ""},
		{"bad action", Entry{Time: now, Action: "delete", ID: "latch", By: "x"}, "action \"delete\""},
		{"no by", Entry{Time: now, Action: ActionSubmit, ID: "latch"}, "id and by are required"},
		{"approve without role", Entry{Time: now, Action: ActionApprove, ID: "latch", By: "x", Registration: "GMC 1234567"}, "role and registration"},
		{"approve without registration", Entry{Time: now, Action: ActionApprove, ID: "latch", By: "x", Role: "GP"}, "role and registration"},
		{"enrol without a key", Entry{Time: now, Action: ActionEnrol, Person: "y", By: "x"}, "public key"},
		{"enrol without the person", Entry{Time: now, Action: ActionEnrol, By: "x", PublicKey: encodeKey(bea.PublicKey)}, "needs the person"},
		{"bad time", Entry{Time: "yesterday", Action: ActionSubmit, ID: "latch", By: "x"}, "RFC 3339"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.e.validate()
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// appendOne appends one entry to the log in dir, signed with key.
func appendOne(dir string, key ed25519.PrivateKey, e Entry) (Entry, error) {
	es, err := (&Repo{Dir: dir}).appendAudit(key, e)
	if err != nil {
		return Entry{}, err
	}
	return es[0], nil
}
