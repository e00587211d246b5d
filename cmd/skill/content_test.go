package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

// The team of the workflow tests, with their passwords.
var team = []struct {
	name, password string
	args           []string
}{
	{"Dr Bea Lead", "bea's long password", []string{"--role", "clinician", "--title", "Midwife", "--registration", "NMC 12A3456B"}},
	{"Ann Editor", "ann's long password", []string{"--role", "editor", "--enrolled-by", "Dr Bea Lead"}},
	{"Dr Cal Other", "cal's long password", []string{"--role", "clinician", "--title", "General practitioner", "--registration", "GMC 1234567", "--enrolled-by", "Dr Bea Lead"}},
}

// teamRepo is a repository in a temporary directory with a copy of the
// shipped answers in content/ and the team enrolled with `studio adduser`.
// It returns the repository and its content directory. The team is enrolled
// once, in a template each call copies: enrolling hashes every password
// (bcrypt and PBKDF2), seconds a repository.
func teamRepo(t *testing.T) (string, string) {
	t.Helper()
	teamTemplate.once.Do(func() {
		teamTemplate.dir, teamTemplate.err = os.MkdirTemp("", "skill-team-")
		if teamTemplate.err != nil {
			return
		}
		dir := filepath.Join(teamTemplate.dir, "content")
		if teamTemplate.err = os.Rename(contentDir(t), dir); teamTemplate.err != nil {
			return
		}
		for _, m := range team {
			stdin := m.password + "\n"
			if strings.Contains(strings.Join(m.args, " "), "--enrolled-by") {
				stdin += team[0].password + "\n"
			}
			code, out, errOut := skillRunStdin(t, stdin, append([]string{"studio", "adduser", m.name, "--dir", teamTemplate.dir}, m.args...)...)
			if code != 0 {
				teamTemplate.err = fmt.Errorf("studio adduser %s: %s%s", m.name, out, errOut)
				return
			}
		}
	})
	require.NoError(t, teamTemplate.err)
	repo := t.TempDir()
	require.NoError(t, copyTree(teamTemplate.dir, repo))
	return repo, filepath.Join(repo, "content")
}

// teamTemplate is the repository teamRepo copies, made on first use and
// removed by TestMain.
var teamTemplate struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if teamTemplate.dir != "" {
		_ = os.RemoveAll(teamTemplate.dir)
	}
	os.Exit(code)
}

// copyTree copies the files under src to dst, keeping their permissions (the
// users file must stay private).
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(out, info.Mode().Perm())
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, data, info.Mode().Perm())
	})
}

// as runs a content command as the team member name, who types their password.
func as(t *testing.T, name string, args ...string) (int, string, string) {
	t.Helper()
	for _, m := range team {
		if m.name == name {
			return skillRunStdin(t, m.password+"\n", append(args, "--by", name)...)
		}
	}
	t.Fatalf("no team member %q", name)
	return 0, "", ""
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
		{"approve without id", []string{"content", "approve", "--by", "x", "--dir", dir}, 2, "want one answer id"},
		{"approve without by", []string{"content", "approve", "latch", "--dir", dir}, 2, "--by is required"},
		{"a role is not given: it is enrolled", []string{"content", "approve", "latch", "--by", "x", "--role", "Receptionist", "--dir", dir}, 2, "flag provided but not defined: -role"},
		{"approve without an account", []string{"content", "approve", "latch", "--by", "x", "--dir", dir}, 1, "no password on standard input"},
		{"retire without note", []string{"content", "retire", "latch", "--by", "x", "--dir", dir}, 1, "say why"},
		{"no such answer", []string{"content", "approve", "unicorns", "--by", "x", "--dir", dir}, 1, "unicorns"},
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
	assert.True(t, strings.HasPrefix(out, "NOT READY: none of the 47 answers is approved."), "said first: %q", out[:min(len(out), 200)])
	assert.Contains(t, out, "refuse to start")
	first, _, _ := strings.Cut(out, "\n")
	assert.Contains(t, first, "prompts.yaml is draft.")
	assert.Contains(t, first, "intents/red-flags.yaml is draft.")
	assert.Contains(t, out, "latch.yaml:4: error: status: status draft: a release serves only approved answers [release]")
	assert.Contains(t, out, "prompts.yaml:15: error: status: status draft: a release serves only approved words")
	assert.Contains(t, out, "intents/red-flags.yaml: error: status: status draft: a release serves only approved rules")
	assert.Contains(t, errOut, "49 error(s)", "47 answers, the prompts and the red-flag rules")
}

func TestContentWorkflow(t *testing.T) {
	_, dir := teamRepo(t)
	today := time.Now().Format("2006-01-02")
	due := time.Now().AddDate(0, 6, 0).Format("2006-01-02")

	code, out, errOut := as(t, "Ann Editor", "content", "submit", "latch", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "latch submitted for review by Ann Editor")

	code, _, errOut = as(t, "Ann Editor", "content", "approve", "mastitis", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "Ann Editor is not a registered clinician")

	code, out, errOut = as(t, "Dr Cal Other", "content", "approve", "latch", "--note", "checked", "--review-months", "6", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "latch approved by Dr Cal Other (General practitioner, GMC 1234567)")
	assert.Contains(t, out, "approved on "+today+", review due "+due)
	assert.Contains(t, out, "audit entry 5")
	assert.FileExists(t, filepath.Join(dir, "approved", "latch.json"))

	code, out, _ = skillRun(t, "content", "status", "--dir", dir)
	require.Equal(t, 0, code)
	assert.Regexp(t, `^content version [0-9a-f]{12}: 47 answers \(46 draft, 1 approved\); 1 servable as approved on `, out)
	assert.Regexp(t, `\nlatch +approved +Dr Cal Other +General practitioner +`+today+` +`+due+` +no +no\n`, out)

	code, out, _ = skillRun(t, "content", "status", "--json", "--date", time.Now().AddDate(1, 0, 0).Format("2006-01-02"), "--dir", dir)
	require.Equal(t, 0, code)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.Len(t, rows, 49, "47 answers, the prompts and the red-flag rules")
	for _, r := range rows {
		assert.Len(t, r["content_version"], 12)
		if r["id"] == "latch" {
			assert.Equal(t, true, r["review_overdue"], "a year on, the 6-month review is overdue")
			assert.Equal(t, false, r["servable_as_approved"])
		}
	}

	code, out, _ = skillRun(t, "content", "diff", "latch", "--dir", dir)
	require.Equal(t, 0, code)
	assert.Equal(t, "latch: no change since approval on "+today+" by Dr Cal Other\n", out)

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
	assert.Contains(t, out, "latch.yaml:33: error: approval: changed since approval on "+today+" by Dr Cal Other")

	code, out, _ = skillRun(t, "content", "audit", "latch", "--dir", dir)
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "audit.jsonl: 5 entries, chain and signatures intact")
	assert.Contains(t, out, "history of latch: 2 entries")
	assert.Regexp(t, `\n5 +\S+ +approve +latch +Dr Cal Other +General practitioner +[0-9a-f]{12} +checked\n`, out)

	log := filepath.Join(dir, "audit.jsonl")
	data, err = os.ReadFile(log)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(log, bytes.Replace(data, []byte(`"by":"Ann Editor","role":"Content editor","note":""`), []byte(`"by":"Ann Other","role":"Content editor","note":""`), 1), 0o644))
	code, out, errOut = skillRun(t, "content", "audit", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "audit.jsonl:4: entry 4: hash does not match its contents")
	assert.Contains(t, errOut, "audit verification failed")

	code, out, _ = skillRun(t, "content", "check", "--release", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "audit.jsonl:4: error: entry 4: hash does not match its contents (the line was edited) [audit]")
}

// TestAuditAndReleaseCheckSnapshots is the issue's "an edited or orphan
// snapshot passes content audit and check --release": both now name the
// snapshot and fail.
func TestAuditAndReleaseCheckSnapshots(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, dir string)
		want   string
	}{
		{"an edited snapshot", func(t *testing.T, dir string) {
			path := filepath.Join(dir, "approved", "latch.json")
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(path, bytes.Replace(data, []byte("close"), []byte("near"), 1), 0o644))
		}, "approved/latch.json: does not match the hash signed in audit.jsonl entry 5"},
		{"an orphan snapshot", func(t *testing.T, dir string) {
			data, err := os.ReadFile(filepath.Join(dir, "approved", "latch.json"))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "approved", "mastitis.json"), data, 0o644))
		}, "approved/mastitis.json: a snapshot with no approve entry"},
		{"a missing snapshot", func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, "approved", "latch.json")))
		}, "approved/latch.json: missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, dir := teamRepo(t)
			code, _, errOut := as(t, "Ann Editor", "content", "submit", "latch", "--dir", dir)
			require.Equal(t, 0, code, errOut)
			code, _, errOut = as(t, "Dr Cal Other", "content", "approve", "latch", "--dir", dir)
			require.Equal(t, 0, code, errOut)
			tc.tamper(t, dir)

			code, out, _ := skillRun(t, "content", "audit", "--dir", dir)
			assert.Equal(t, 1, code, out)
			assert.Contains(t, out, tc.want)
			code, out, _ = skillRun(t, "content", "check", "--release", "--dir", dir)
			assert.Equal(t, 1, code, out)
			file, msg, _ := strings.Cut(tc.want, ": ")
			assert.Contains(t, out, file+": error: "+msg)
		})
	}
}

// TestSkillYAMLNumberUnapprovesInStatus: the content commands read the
// skill.yaml beside the content directory, so a new helpline number there
// shows latch "changed since approval" in status, diff and check --release.
func TestSkillYAMLNumberUnapprovesInStatus(t *testing.T) {
	repo, dir := teamRepo(t)
	shipped, err := os.ReadFile(filepath.Join("..", "..", "skill.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(repo, "skill.yaml"), shipped, 0o644))
	code, _, errOut := as(t, "Ann Editor", "content", "submit", "latch", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	code, _, errOut = as(t, "Dr Cal Other", "content", "approve", "latch", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	_, out, _ := skillRun(t, "content", "status", "--dir", dir)
	assert.Regexp(t, `\nlatch +approved .* no +no\n`, out)

	require.NoError(t, os.WriteFile(filepath.Join(repo, "skill.yaml"), bytes.Replace(shipped, []byte("helpline_number: 0300 100 0212"), []byte("helpline_number: 0900 123 4567"), 1), 0o644))
	_, out, _ = skillRun(t, "content", "status", "--dir", dir)
	assert.Regexp(t, `\nlatch +approved .* YES +no\n`, out, "changed since approval")
	_, out, _ = skillRun(t, "content", "diff", "latch", "--dir", dir)
	assert.Contains(t, out, "+  helpline_number: 0900 123 4567")
	code, out, _ = skillRun(t, "content", "check", "--release", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "latch.yaml:33: error: approval: changed since approval")
}

// TestPromptsLifecycle: the skill's own words go through the same commands
// as an answer: submit, approve, status, diff, check --release.
func TestPromptsLifecycle(t *testing.T) {
	_, dir := teamRepo(t)
	code, _, errOut := as(t, "Ann Editor", "content", "submit", "prompts", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	code, out, errOut := as(t, "Dr Cal Other", "content", "approve", "prompts", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "prompts approved by Dr Cal Other")
	assert.FileExists(t, filepath.Join(dir, "approved", "prompts.json"))
	_, out, _ = skillRun(t, "content", "status", "--dir", dir)
	assert.Contains(t, out, "the skill's own words (prompts) approved")
	assert.Regexp(t, `\nprompts +approved +Dr Cal Other +General practitioner .* no +no\n`, out)

	path := filepath.Join(dir, "prompts.yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, bytes.Replace(data, []byte("offer-more: Would you like to hear more?"), []byte("offer-more: Want more?"), 1), 0o644))
	_, out, _ = skillRun(t, "content", "status", "--dir", dir)
	assert.Contains(t, out, "the skill's own words (prompts) approved, changed since approval")
	_, out, _ = skillRun(t, "content", "diff", "prompts", "--dir", dir)
	assert.Contains(t, out, "-  Would you like to hear more?")
	assert.Contains(t, out, "+  Want more?")
	code, out, _ = skillRun(t, "content", "check", "--release", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "prompts.yaml:")
	assert.Contains(t, out, "changed since approval")
	code, _, errOut = as(t, "Dr Bea Lead", "content", "retire", "prompts", "--note", "no", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "never retired")
}

// TestRedFlagRulesLifecycle: the red-flag rules (intents/red-flags.yaml)
// go through submit and approve, show in status, diff and check --release,
// and a change to what they say (not a comment) un-approves them.
func TestRedFlagRulesLifecycle(t *testing.T) {
	repo, dir := teamRepo(t)
	rules, err := os.ReadFile(filepath.Join("..", "..", "intents", "red-flags.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(repo, "intents"), 0o755))
	path := filepath.Join(repo, "intents", "red-flags.yaml")
	require.NoError(t, os.WriteFile(path, rules, 0o644))
	_, out, _ := skillRun(t, "content", "status", "--dir", dir)
	assert.Contains(t, out, "the red-flag rules (red-flags) draft")

	code, _, errOut := as(t, "Ann Editor", "content", "submit", "red-flags", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	code, out, errOut = as(t, "Dr Cal Other", "content", "approve", "red-flags", "--dir", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "red-flags approved by Dr Cal Other")
	assert.FileExists(t, filepath.Join(dir, "approved", "red-flags.json"))
	_, out, _ = skillRun(t, "content", "status", "--dir", dir)
	assert.Contains(t, out, "the red-flag rules (red-flags) approved\n")
	code, out, _ = skillRun(t, "content", "audit", "--dir", dir)
	assert.Equal(t, 0, code, out)

	require.NoError(t, os.WriteFile(path, append(append([]byte(nil), rules...), "\n# a comment\n"...), 0o644))
	_, out, _ = skillRun(t, "content", "status", "--dir", dir)
	assert.Contains(t, out, "the red-flag rules (red-flags) approved\n", "a comment changes nothing a parent hears")

	require.NoError(t, os.WriteFile(path, bytes.Replace(rules, []byte("clot in the lung) [M1][M4]"), []byte("clot in the lung) [M1]"), 1), 0o644))
	_, out, _ = skillRun(t, "content", "status", "--dir", dir)
	assert.Contains(t, out, "the red-flag rules (red-flags) approved, changed since approval")
	_, out, _ = skillRun(t, "content", "diff", "red-flags", "--dir", dir)
	assert.Contains(t, out, "[M1][M4]")
	code, out, _ = skillRun(t, "content", "check", "--release", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "intents/red-flags.yaml: error: approval: changed since approval")
}
