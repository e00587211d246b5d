package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contentDir copies the shipped answers to a temporary directory, so no test
// ever approves the repository's own content.
func contentDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	names, err := fs.Glob(contentfiles.FS, "*.yaml")
	require.NoError(t, err)
	for _, n := range names {
		data, err := fs.ReadFile(contentfiles.FS, n)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), data, 0o644))
	}
	return dir
}

// skillRun runs the command line and returns exit code, stdout and stderr.
func skillRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestContentCommandUsage(t *testing.T) {
	dir := contentDir(t)
	tests := []struct {
		name string
		args []string
		code int
		want string // in stdout or stderr
	}{
		{"help", []string{"content"}, 0, "approve   record a clinician's approval"},
		{"unknown", []string{"content", "publish"}, 2, `unknown command "publish"`},
		{"approve without id", []string{"content", "approve", "--by", "x", "--role", "y", "--dir", dir}, 2, "want one answer id"},
		{"approve without by", []string{"content", "approve", "latch", "--role", "y", "--dir", dir}, 2, "--by is required"},
		{"approve without role", []string{"content", "approve", "latch", "--by", "x", "--dir", dir}, 1, "role is required"},
		{"retire without note", []string{"content", "retire", "latch", "--by", "x", "--dir", dir}, 1, "say why"},
		{"no such answer", []string{"content", "approve", "unicorns", "--by", "x", "--role", "y", "--dir", dir}, 1, "unicorns"},
		{"no such dir", []string{"content", "status", "--dir", filepath.Join(dir, "nope")}, 1, "use --dir"},
		{"diff of a draft", []string{"content", "diff", "latch", "--dir", dir}, 1, "never been approved"},
		{"bad date", []string{"content", "check", "--date", "tomorrow", "--dir", dir}, 1, "want YYYY-MM-DD"},
		{"flag help", []string{"content", "approve", "--help"}, 0, "-review-months int"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := skillRun(t, tc.args...)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			assert.Contains(t, out+errOut, tc.want)
		})
	}
}

func TestContentCheckShippedDrafts(t *testing.T) {
	dir := contentDir(t)
	code, out, errOut := skillRun(t, "content", "check", "--dir", dir)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "\ncheck: 0 errors, ")

	code, out, _ = skillRun(t, "content", "check", "--json", "--dir", dir)
	assert.Equal(t, 0, code)
	var findings []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &findings))
	for _, f := range findings {
		assert.Equal(t, "warning", f["severity"])
		assert.NotEmpty(t, f["file"])
		assert.NotZero(t, f["line"])
	}

	code, out, errOut = skillRun(t, "content", "check", "--release", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "latch.yaml:4: error: status: status draft: a release serves only approved answers [release]")
	assert.Contains(t, errOut, "47 error(s)")
}

func TestContentWorkflow(t *testing.T) {
	dir := contentDir(t)
	today := time.Now().Format("2006-01-02")
	due := time.Now().AddDate(0, 6, 0).Format("2006-01-02")

	code, out, errOut := skillRun(t, "content", "submit", "latch", "--by", "Ann Editor", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "latch submitted for review by Ann Editor")

	code, out, errOut = skillRun(t, "content", "approve", "latch", "--by", "Dr Bea Lead", "--role", "CSO, GMC 1234567", "--note", "checked", "--review-months", "6", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "latch approved by Dr Bea Lead (CSO, GMC 1234567)")
	assert.Contains(t, out, "approved on "+today+", review due "+due)
	assert.Contains(t, out, "audit entry 2")
	assert.FileExists(t, filepath.Join(dir, "approved", "latch.json"))

	code, out, _ = skillRun(t, "content", "status", "--dir", dir)
	require.Equal(t, 0, code)
	assert.Regexp(t, `^content version [0-9a-f]{12}: 47 answers \(46 draft, 1 approved\); 1 servable as approved on `, out)
	assert.Regexp(t, `\nlatch +approved +Dr Bea Lead +CSO, GMC 1234567 +`+today+` +`+due+` +no +no\n`, out)

	code, out, _ = skillRun(t, "content", "status", "--json", "--date", time.Now().AddDate(1, 0, 0).Format("2006-01-02"), "--dir", dir)
	require.Equal(t, 0, code)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.Len(t, rows, 47)
	for _, r := range rows {
		assert.Len(t, r["content_version"], 12)
		if r["id"] == "latch" {
			assert.Equal(t, true, r["review_overdue"], "a year on, the 6-month review is overdue")
			assert.Equal(t, false, r["servable_as_approved"])
		}
	}

	code, out, _ = skillRun(t, "content", "diff", "latch", "--dir", dir)
	require.Equal(t, 0, code)
	assert.Equal(t, "latch: no change since approval on "+today+" by Dr Bea Lead\n", out)

	path := filepath.Join(dir, "latch.yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, bytes.Replace(data, []byte("Hold your baby close,"), []byte("Hold your baby near,"), 1), 0o644))

	code, out, _ = skillRun(t, "content", "diff", "latch", "--dir", dir)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "-  Hold your baby close, with")
	assert.Contains(t, out, "+  Hold your baby near, with")

	_, out, _ = skillRun(t, "content", "status", "--dir", dir)
	assert.Regexp(t, `\nlatch +approved .* YES +no\n`, out, "changed since approval")

	code, out, _ = skillRun(t, "content", "check", "--release", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "latch.yaml:33: error: approval: changed since approval on "+today+" by Dr Bea Lead")

	code, out, _ = skillRun(t, "content", "audit", "latch", "--dir", dir)
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "audit.jsonl: 2 entries, chain intact")
	assert.Contains(t, out, "history of latch: 2 entries")
	assert.Regexp(t, `\n2 +\S+ +approve +latch +Dr Bea Lead +CSO, GMC 1234567 +[0-9a-f]{12} +checked\n`, out)

	log := filepath.Join(dir, "audit.jsonl")
	data, err = os.ReadFile(log)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(log, bytes.Replace(data, []byte("Ann Editor"), []byte("Ann Other"), 1), 0o644))
	code, out, errOut = skillRun(t, "content", "audit", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "audit.jsonl:1: entry 1: hash does not match its contents")
	assert.Contains(t, errOut, "audit verification failed")

	code, out, _ = skillRun(t, "content", "check", "--release", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "audit.jsonl:1: error: entry 1: hash does not match its contents (the line was edited) [audit]")
}
