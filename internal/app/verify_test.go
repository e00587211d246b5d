package app

import (
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/content/contenttest"
	"github.com/feedingfriend/skill/internal/skill"
)

// day is the fixed clock of these tests.
var day = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// approvedCopy is a copy of the shipped answers in a temporary directory
// with latch, mastitis and the prompts approved by the test team: audit log
// lines 1 to 3 enrol the team, 4 and 5 submit and approve latch, 6 and 7
// mastitis, 8 and 9 the prompts, 10 and 11 the red-flag rules.
func approvedCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	names, err := fs.Glob(contentfiles.FS, "*.yaml")
	require.NoError(t, err)
	for _, n := range names {
		data, err := fs.ReadFile(contentfiles.FS, n)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), data, 0o644))
	}
	r, err := contenttest.Repo(dir, day)
	require.NoError(t, err)
	for _, id := range []string{"latch", "mastitis", content.PromptsID, content.RedFlagsID} {
		_, err = contenttest.Approve(r, id)
		require.NoError(t, err)
	}
	return dir
}

// latchReply asks an approved-only skill over dir for the latch answer.
func latchReply(t *testing.T, dir string) (*skill.Response, error) {
	t.Helper()
	a, err := New(Config{Content: os.DirFS(dir), ApprovedOnly: true, Now: func() time.Time { return day }})
	if err != nil {
		return nil, err
	}
	for name, id := range a.Model.TopicIntents() {
		if id == "latch" {
			return a.Handler.Handle(context.Background(), &skill.Request{Type: skill.Intent, Intent: name, NewSession: true})
		}
	}
	t.Fatal("no latch intent")
	return nil, nil
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func writeLines(t *testing.T, path string, ls []string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(ls, "\n")+"\n"), 0o644))
}

// TestStartUpVerifiesApprovals is the "start-up trusts the files":
// whatever is done to the audit log, the snapshots or an approval record, the
// skill (as the Lambda, serve and the webhook build it) refuses to start and
// names the file and line, instead of serving latch as approved.
func TestStartUpVerifiesApprovals(t *testing.T) {
	replace := func(name, old, new string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			path := filepath.Join(dir, name)
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Contains(t, string(b), old)
			require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644))
		}
	}
	logPath := func(dir string) string { return filepath.Join(dir, content.AuditFile) }
	tests := []struct {
		name   string
		tamper func(t *testing.T, dir string)
		want   string // in the start-up error: file and line
	}{
		{"an entry edited", replace(content.AuditFile, `"note":"",`, `"note":"x",`), "audit.jsonl:"},
		{"entries reordered", func(t *testing.T, dir string) {
			ls := lines(t, logPath(dir))
			ls[4], ls[5] = ls[5], ls[4]
			writeLines(t, logPath(dir), ls)
		}, "audit.jsonl:5:"},
		{"the log truncated after latch's approval", func(t *testing.T, dir string) {
			writeLines(t, logPath(dir), lines(t, logPath(dir))[:5])
		}, "mastitis.yaml"},
		{"the log truncated before latch's approval", func(t *testing.T, dir string) {
			writeLines(t, logPath(dir), lines(t, logPath(dir))[:4])
		}, "latch.yaml"},
		{"latch's approve entry removed", func(t *testing.T, dir string) {
			ls := lines(t, logPath(dir))
			writeLines(t, logPath(dir), append(ls[:4], ls[5:]...))
		}, "audit.jsonl:5:"},
		{"the log removed", func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(logPath(dir)))
		}, "latch.yaml"},
		{"the log emptied", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(logPath(dir), nil, 0o644))
		}, "latch.yaml"},
		{"an approval's review date pushed back", replace("latch.yaml", "review_due: 2027-11-25", "review_due: 2030-11-25"), "latch.yaml"},
		{"an approval written by hand", func(t *testing.T, dir string) {
			tp := loadRaw(t, dir, "thrush")
			replace("thrush.yaml", "status: draft", "status: approved")(t, dir)
			b, _ := os.ReadFile(filepath.Join(dir, "thrush.yaml"))
			b = append(b, []byte("approval:\n  by: Dr Cal Other\n  role: General practitioner\n  registration: GMC 1234567\n  on: 2026-11-25\n  review_due: 2027-11-25\n  hash: "+tp.Hash+"\n")...)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "thrush.yaml"), b, 0o644))
		}, "thrush.yaml"},
		{"the approved snapshot edited", replace("approved/latch.json", "close", "near"), "approved/latch.json"},
		{"the approved snapshot removed", func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, content.ApprovedDir, "latch.json")))
		}, "approved/latch.json"},
		{"an orphan snapshot", func(t *testing.T, dir string) {
			b, err := os.ReadFile(filepath.Join(dir, content.ApprovedDir, "latch.json"))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, content.ApprovedDir, "thrush.json"), b, 0o644))
		}, "approved/thrush.json"},
		{"an interrupted step's journal", func(t *testing.T, dir string) {
			j, _ := json.Marshal(map[string]any{"action": "approve", "id": "thrush", "by": "Dr Cal Other", "time": day.Format(time.RFC3339)})
			require.NoError(t, os.WriteFile(filepath.Join(dir, content.JournalFile), j, 0o644))
		}, "journal.json:1:"},
		{"a partial last line", func(t *testing.T, dir string) {
			f, err := os.OpenFile(logPath(dir), os.O_APPEND|os.O_WRONLY, 0)
			require.NoError(t, err)
			_, err = f.WriteString(`{"seq":12,"time":"2026-`)
			require.NoError(t, err)
			require.NoError(t, f.Close())
		}, "audit.jsonl:12:"},
	}
	t.Run("control: untouched, latch is served as approved", func(t *testing.T) {
		r, err := latchReply(t, approvedCopy(t))
		require.NoError(t, err)
		assert.Equal(t, "latch", r.Topic)
		assert.True(t, r.Approved)
	})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := approvedCopy(t)
			tc.tamper(t, dir)
			r, err := latchReply(t, dir)
			if err == nil {
				t.Fatalf("started and answered latch (approved %v, outcome %s); want a refusal naming %s", r.Approved, r.Outcome, tc.want)
			}
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func loadRaw(t *testing.T, dir, id string) *content.Topic {
	t.Helper()
	sp, _ := content.NationSignposts("england")
	s, err := content.Load(os.DirFS(dir), sp)
	require.NoError(t, err)
	tp, ok := s.Raw(id)
	require.True(t, ok)
	return tp
}

// TestApprovedOnlyRefusesWithNothingApproved is the issue's "a fresh deploy
// says nothing useful": approved-only serving with no answer approved does
// not start, and says why and what to do.
func TestApprovedOnlyRefusesWithNothingApproved(t *testing.T) {
	_, err := New(Config{ApprovedOnly: true})
	require.Error(t, err, "the shipped answers are drafts")
	assert.Contains(t, err.Error(), "none of the 47 answers is approved")
	assert.Contains(t, err.Error(), "check --release")

	_, err = New(Config{ApprovedOnly: false})
	assert.NoError(t, err, "drafts may be served when approved-only is off (local trials)")
}

// TestSkillYAMLChangeUnapproves is the issue's "changing the helpline number
// in skill.yaml left every answer approved": the values that fill an
// answer's placeholders, for every nation, are part of its approval, so a
// new number un-approves every answer that speaks it, and only those.
func TestSkillYAMLChangeUnapproves(t *testing.T) {
	dir := approvedCopy(t)
	sk, err := config.Embedded()
	require.NoError(t, err)
	changed := *sk
	changed.Signposts.HelplineNumber = "0900 123 4567"

	ask := func(t *testing.T, sk *config.Skill, id string) *skill.Response {
		t.Helper()
		a, err := New(Config{Content: os.DirFS(dir), Skill: sk, ApprovedOnly: true, Now: func() time.Time { return day }, Logger: slog.New(slog.DiscardHandler)})
		require.NoError(t, err)
		for name, tid := range a.Model.TopicIntents() {
			if tid == id {
				r, err := a.Handler.Handle(context.Background(), &skill.Request{Type: skill.Intent, Intent: name, NewSession: true})
				require.NoError(t, err)
				return r
			}
		}
		t.Fatalf("no intent for %s", id)
		return nil
	}
	assert.True(t, ask(t, sk, "latch").Approved, "as approved, latch is served")
	// The prompts speak the helpline number too: approved-only serving does
	// not start (TestPromptsAreApproved); without it, latch is not approved.
	_, err = New(Config{Content: os.DirFS(dir), Skill: &changed, ApprovedOnly: true, Now: func() time.Time { return day }, Logger: slog.New(slog.DiscardHandler)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "prompts.yaml changed since approval")
	a, err := New(Config{Content: os.DirFS(dir), Skill: &changed, Now: func() time.Time { return day }, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	for name, tid := range a.Model.TopicIntents() {
		if tid == "latch" {
			r, err := a.Handler.Handle(context.Background(), &skill.Request{Type: skill.Intent, Intent: name, NewSession: true})
			require.NoError(t, err)
			assert.False(t, r.Approved, "latch speaks the helpline number: un-approved")
		}
	}

	sp, err := changed.SignpostsFor("england")
	require.NoError(t, err)
	s, err := content.Load(os.DirFS(dir), sp)
	require.NoError(t, err)
	latch, _ := s.Raw("latch")
	assert.True(t, latch.ChangedSinceApproval(), "status shows it")
	d, err := content.DiffApproved(os.DirFS(dir), latch)
	require.NoError(t, err)
	assert.Contains(t, d, "-  helpline_number: 0300 100 0212")
	assert.Contains(t, d, "+  helpline_number: 0900 123 4567")

	// Another nation's urgent service is part of the approval too.
	wales := *sk
	wales.Signposts.Urgent = "NHS Direct Wales"
	sp, err = wales.SignpostsFor("england")
	require.NoError(t, err)
	s, err = content.Load(os.DirFS(dir), sp)
	require.NoError(t, err)
	mastitis, _ := s.Raw("mastitis")
	assert.True(t, mastitis.ChangedSinceApproval(), "mastitis speaks {{urgent}}")
	latch, _ = s.Raw("latch")
	assert.False(t, latch.ChangedSinceApproval(), "latch does not speak {{urgent}}: still approved")
}

// TestPromptsAreApproved is the issue's "the welcome, help, fallback,
// blocked and urgent-fallback texts in the code are neither approved nor
// audited": they are content (prompts.yaml), approved like an answer, and
// approved-only serving starts only on approved, unchanged prompts.
func TestPromptsAreApproved(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, contenttest.ApprovedCopy(dir, day, "latch"))
	start := func(t *testing.T, sk *config.Skill) (*App, error) {
		return New(Config{Content: os.DirFS(dir), Skill: sk, ApprovedOnly: true, Now: func() time.Time { return day }, Logger: slog.New(slog.DiscardHandler)})
	}
	a, err := start(t, nil)
	require.NoError(t, err)
	r, err := a.Handler.Handle(context.Background(), &skill.Request{Type: skill.Launch, NewSession: true})
	require.NoError(t, err)
	assert.True(t, r.Approved, "the welcome is approved text")
	assert.Contains(t, r.Speech.Text(), "Welcome to Feeding Friend")

	t.Run("a prompt edited", func(t *testing.T) {
		path := filepath.Join(dir, content.PromptsFile)
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		defer os.WriteFile(path, b, 0o644)
		require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(b), "What would you like to know?", "What do you want?", 1)), 0o644))
		_, err = start(t, nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "prompts.yaml")
		assert.Contains(t, err.Error(), "changed since approval")
	})
	t.Run("a number the prompts speak changed in skill.yaml", func(t *testing.T) {
		sk, err := config.Embedded()
		require.NoError(t, err)
		changed := *sk
		changed.Signposts.HelplineNumber = "0900 123 4567"
		_, err = start(t, &changed)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "prompts.yaml")
	})
	t.Run("draft prompts", func(t *testing.T) {
		d := t.TempDir()
		require.NoError(t, contenttest.ApprovedCopy(d, day, "latch"))
		r := &content.Repo{Dir: d, Now: func() time.Time { return day }}
		_, err := r.Submit(content.PromptsID, contenttest.Ann.As("revised"))
		require.NoError(t, err)
		_, err = New(Config{Content: os.DirFS(d), ApprovedOnly: true, Now: func() time.Time { return day }, Logger: slog.New(slog.DiscardHandler)})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "prompts.yaml")
	})
}

// TestRedFlagRulesAreApproved is the issue's "intents/red-flags.yaml ... is
// neither approved nor audited": the red-flag rules decide when 999 and 111
// are said, so they are under the same approval: approved-only serving starts
// only with them approved and unchanged.
func TestRedFlagRulesAreApproved(t *testing.T) {
	dir := approvedCopy(t)
	withRules := func(t *testing.T, edit func(string) string) fs.FS {
		t.Helper()
		m := fstest.MapFS{}
		require.NoError(t, fs.WalkDir(intents.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(intents.FS, p)
			if p == "red-flags.yaml" {
				b = []byte(edit(string(b)))
			}
			m[p] = &fstest.MapFile{Data: b}
			return err
		}))
		return m
	}
	start := func(mfs fs.FS) error {
		_, err := New(Config{Content: os.DirFS(dir), Model: mfs, ApprovedOnly: true, Now: func() time.Time { return day }, Logger: slog.New(slog.DiscardHandler)})
		return err
	}
	require.NoError(t, start(nil), "the rules as approved")
	require.NoError(t, start(withRules(t, func(s string) string { return s + "\n# a comment changes nothing a parent hears\n" })))
	err := start(withRules(t, func(s string) string {
		return strings.Replace(s, "clot in the lung) [M1][M4]", "clot in the lung) [M1]", 1)
	}))
	require.Error(t, err, "a changed rule is not approved")
	assert.Contains(t, err.Error(), "red-flags.yaml")
	assert.Contains(t, err.Error(), "changed since approval")
}

// TestEdgeTextsAreThePrompts: what the Alexa adapter says itself (a failure,
// an unsupported locale or request) is the approved prompts too, so a renamed
// skill says its own name there.
func TestEdgeTextsAreThePrompts(t *testing.T) {
	sk, err := config.Embedded()
	require.NoError(t, err)
	renamed := *sk
	renamed.Name = "Milk Matters"
	a, err := New(Config{Skill: &renamed, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	p := a.Store.Prompts()
	assert.Equal(t, p.Text(content.PromptPlatformError), a.Edge.Failure)
	assert.Contains(t, a.Edge.Failure, "In an emergency, call 999.")
	assert.Contains(t, a.Edge.WrongLocale, "Sorry, Milk Matters is only available in English")
	assert.Equal(t, p.Text(content.PromptUnsupportedReprompt), a.Edge.Reprompt)
}

// TestContentVersionCoversTheSpokenSurface: the content version (in every
// log line and /healthz) changes with anything a parent can hear: an answer
// or prompt, a number or name in skill.yaml, a red-flag rule; not with a
// comment in the rules.
func TestContentVersionCoversTheSpokenSurface(t *testing.T) {
	version := func(t *testing.T, sk *config.Skill, mfs fs.FS) string {
		t.Helper()
		a, err := New(Config{Skill: sk, Model: mfs, Logger: slog.New(slog.DiscardHandler)})
		require.NoError(t, err)
		return a.Store.Version()
	}
	rules := func(edit func(string) string) fs.FS {
		m := fstest.MapFS{}
		require.NoError(t, fs.WalkDir(intents.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(intents.FS, p)
			if p == "red-flags.yaml" {
				b = []byte(edit(string(b)))
			}
			m[p] = &fstest.MapFile{Data: b}
			return err
		}))
		return m
	}
	sk, err := config.Embedded()
	require.NoError(t, err)
	base := version(t, sk, nil)
	number := *sk
	number.Signposts.HelplineNumber = "0900 123 4567"
	assert.NotEqual(t, base, version(t, &number, nil), "a number in skill.yaml")
	assert.NotEqual(t, base, version(t, sk, rules(func(s string) string {
		return strings.Replace(s, "clot in the lung) [M1][M4]", "clot in the lung) [M1]", 1)
	})), "a red-flag rule")
	assert.Equal(t, base, version(t, sk, rules(func(s string) string { return s + "\n# a comment\n" })), "a comment in the rules")
}
