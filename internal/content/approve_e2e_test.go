package content_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/content/contenttest"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestApprovedOnlyServingEndToEnd proves the governance chain on a temporary
// copy of the shipped answers: an approval with the library makes an answer
// servable by an approved-only skill; one word edited afterwards blocks it and
// shows in status, check --release and diff; tampering with the audit log is
// detected.
func TestApprovedOnlyServingEndToEnd(t *testing.T) {
	day := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return day }
	dir := t.TempDir()
	names, err := fs.Glob(contentfiles.FS, "*.yaml")
	require.NoError(t, err)
	for _, n := range names {
		data, err := fs.ReadFile(contentfiles.FS, n)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), data, 0o644))
	}
	ask := func(t *testing.T, utterance string) *skill.Response {
		t.Helper()
		a, err := app.New(app.Config{Content: os.DirFS(dir), ApprovedOnly: true, NLU: true, Now: clock})
		require.NoError(t, err)
		resp, err := a.Handler.Handle(context.Background(), a.NLU.Parse(utterance).Request(utterance, nil, true))
		require.NoError(t, err)
		return resp
	}
	const latchQ = "how do I get a good latch"

	// Before any approval, approved-only serving does not start: it would
	// only refuse questions.
	_, err = app.New(app.Config{Content: os.DirFS(dir), ApprovedOnly: true, Now: clock})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "none of the 47 answers is approved")

	// Approve latch with the library.
	repo, err := contenttest.Repo(dir, day)
	require.NoError(t, err)
	_, err = contenttest.Approve(repo, "latch")
	require.NoError(t, err)
	_, err = contenttest.Approve(repo, content.PromptsID)
	require.NoError(t, err)
	_, err = contenttest.Approve(repo, content.RedFlagsID)
	require.NoError(t, err)

	r := ask(t, latchQ)
	assert.Equal(t, skill.OutcomeTopic, r.Outcome)
	assert.Equal(t, "latch", r.Topic)
	assert.True(t, r.Approved, "served as approved")
	blocked := ask(t, "I think I have mastitis")
	assert.Equal(t, skill.OutcomeBlocked, blocked.Outcome, "other drafts stay blocked")
	assert.False(t, blocked.Approved)
	assert.Equal(t, skill.OutcomeUrgent, ask(t, "my baby is floppy and won't wake up").Outcome, "urgent help is never blocked")

	sp, _ := content.NationSignposts("england")
	status := func(t *testing.T) content.StatusRow {
		s, err := content.Load(os.DirFS(dir), sp)
		require.NoError(t, err)
		for _, row := range content.Status(s, day) {
			if row.ID == "latch" {
				return row
			}
		}
		t.Fatal("latch missing from status")
		return content.StatusRow{}
	}
	assert.True(t, status(t).Servable)
	assert.False(t, status(t).ChangedSinceApproval)
	releaseErrors := func(t *testing.T) []content.Finding {
		fs, err := content.CheckAll(os.DirFS(dir), content.CheckOptions{Now: day, Release: true})
		require.NoError(t, err)
		var out []content.Finding
		for _, f := range fs {
			if f.File == "latch.yaml" && f.Severity == content.SeverityError {
				out = append(out, f)
			}
		}
		return out
	}
	assert.Empty(t, releaseErrors(t), "an approved, unchanged answer passes check --release")

	// Edit one word of the answer.
	path := filepath.Join(dir, "latch.yaml")
	require.NoError(t, contenttest.Edit(path, "Hold your baby close,", "Hold your baby near,"))

	r = ask(t, latchQ)
	assert.Equal(t, skill.OutcomeBlocked, r.Outcome, "changed since approval: blocked")
	assert.False(t, r.Approved)
	assert.Equal(t, "", r.Topic)
	assert.True(t, status(t).ChangedSinceApproval, "status flags it")
	assert.False(t, status(t).Servable)
	errs := releaseErrors(t)
	require.Len(t, errs, 1, "check --release flags it")
	assert.Equal(t, content.KindRelease, errs[0].Kind)
	assert.Contains(t, errs[0].Msg, "changed since approval")

	s, err := content.Load(os.DirFS(dir), sp)
	require.NoError(t, err)
	tp, _ := s.Raw("latch")
	d, err := content.DiffApproved(os.DirFS(dir), tp)
	require.NoError(t, err)
	assert.Contains(t, d, "-  Hold your baby close, with")
	assert.Contains(t, d, "+  Hold your baby near, with")

	// Tamper with the audit log: the approver's title is changed.
	logPath := filepath.Join(dir, content.AuditFile)
	logData, err := os.ReadFile(logPath)
	require.NoError(t, err)
	_, probs, err := content.LoadAudit(os.DirFS(dir))
	require.NoError(t, err)
	require.Empty(t, probs)
	require.NoError(t, os.WriteFile(logPath, []byte(strings.Replace(string(logData), `"role":"General practitioner"`, `"role":"Consultant"`, 1)), 0o644))
	_, probs, err = content.LoadAudit(os.DirFS(dir))
	require.NoError(t, err)
	require.NotEmpty(t, probs, "tampering is detected")
	assert.Equal(t, "audit.jsonl:5: entry 5: hash does not match its contents (the line was edited)", probs[0].String(), "latch's approval")
	_, err = repo.Submit("latch", contenttest.Ann.As(""))
	assert.ErrorContains(t, err, "audit log is broken", "no step is recorded on a broken chain")
}
