package content

import (
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

// day is the fixed clock of these tests.
var day = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// copyContent copies the shipped answers into a temporary directory: tests
// never approve anything in the repository's content/.
func copyContent(t *testing.T) string {
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

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(b)
}

func raw(t *testing.T, dir, id string) *Topic {
	t.Helper()
	sp, _ := NationSignposts("england")
	s, err := Load(os.DirFS(dir), sp)
	require.NoError(t, err)
	tp, ok := s.Raw(id)
	require.True(t, ok)
	return tp
}

func TestApproveRecordsSignoffAndKeepsTheRest(t *testing.T) {
	r, dir := teamRepo(t)
	before := readFile(t, dir, "latch.yaml")
	_, err := r.Submit("latch", ann.as(""))
	require.NoError(t, err)
	e, err := r.Approve("latch", cal.as("matches nhs.uk: positions"))
	require.NoError(t, err)

	after := readFile(t, dir, "latch.yaml")
	want := strings.Replace(before, "status: draft", "status: approved", 1)
	require.True(t, strings.HasPrefix(after, want), "everything but the status line is kept byte for byte")
	tp := raw(t, dir, "latch")
	assert.Equal(t, "approval:\n  by: Dr Cal Other\n  role: General practitioner\n  registration: GMC 1234567\n  on: 2026-11-25\n  review_due: 2027-11-25\n  hash: "+tp.Hash+"\n  note: 'matches nhs.uk: positions'\n", strings.TrimPrefix(after, want))

	assert.Equal(t, Approved, tp.Status)
	assert.Equal(t, &Approval{By: "Dr Cal Other", Role: "General practitioner", Registration: "GMC 1234567", On: "2026-11-25", ReviewDue: "2027-11-25", Hash: tp.Hash, Note: "matches nhs.uk: positions"}, tp.Approval)
	assert.True(t, tp.ServableAsApproved(day))
	assert.False(t, tp.ServableAsApproved(day.AddDate(1, 0, 1)), "overdue a year and a day later")

	assert.Equal(t, Entry{Seq: 5, Time: "2026-11-25T10:00:00Z", Action: ActionApprove, ID: "latch", By: "Dr Cal Other",
		Role: "General practitioner", Registration: "GMC 1234567", ReviewDue: "2027-11-25", Note: "matches nhs.uk: positions",
		ContentHash: tp.Hash, Prev: e.Prev, Hash: e.Hash, Sig: e.Sig}, e)
	assert.True(t, verifySig(e, cal.PublicKey), "signed by the approver's key")
	assert.Equal(t, string(Canonical(tp))+"\n", readFile(t, dir, "approved/latch.json"), "the approved text is kept for diff")

	a, probs, err := LoadAudit(os.DirFS(dir))
	require.NoError(t, err)
	assert.Empty(t, probs)
	assert.Empty(t, a.CrossCheck([]*Topic{tp}))
}

func TestApproveAgainReplacesTheApprovalBlock(t *testing.T) {
	r, dir := teamRepo(t)
	// A comment and a field after the approval must survive a re-approval.
	path := filepath.Join(dir, "latch.yaml")
	approveAs(t, r, "latch", cal, 0)
	data := readFile(t, dir, "latch.yaml") + "# reviewer: keep the positions link\nreview_notes:\n  - check the latch video link\n"
	require.NoError(t, os.WriteFile(path, []byte(data), 0o644))

	r.Now = func() time.Time { return day.AddDate(0, 6, 0) }
	approveAs(t, r, "latch", bea, 24)
	after := readFile(t, dir, "latch.yaml")
	assert.Equal(t, 1, strings.Count(after, "approval:"))
	assert.Contains(t, after, "approval:\n  by: Dr Bea Lead\n  role: Midwife\n  registration: NMC 12A3456B\n  on: 2027-05-25\n  review_due: 2029-05-25\n")
	assert.Contains(t, after, "# reviewer: keep the positions link\nreview_notes:\n  - check the latch video link\n")
	assert.Equal(t, []string{"  Hold your baby close, with their head and body in a straight line and their nose"},
		grepLines(after, "Hold your baby close"), "folded text keeps its line breaks")
}

// approveAs has Ann submit id and m approve it (review after months, the
// default when 0).
func approveAs(t *testing.T, r *Repo, id string, m member, months int) {
	t.Helper()
	_, err := r.Submit(id, ann.as(""))
	require.NoError(t, err)
	s := m.as("")
	s.ReviewMonths = months
	_, err = r.Approve(id, s)
	require.NoError(t, err)
}

func grepLines(s, sub string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return out
}

func TestLifecycle(t *testing.T) {
	type step struct {
		action string // submit, approve, retire
		s      Signoff
		want   string // error text, or "" for success
		status string // status after a successful step
	}
	approver := cal.as("")
	tests := []struct {
		name  string
		steps []step
	}{
		{"draft to review to approved to retired", []step{
			{ActionSubmit, ann.as(""), "", InReview},
			{ActionApprove, approver, "", Approved},
			{ActionRetire, bea.as("merged into positions"), "", Retired},
		}},
		{"approve a draft directly", []step{{ActionApprove, approver, "send it for review first", ""}}},
		{"submit twice", []step{
			{ActionSubmit, ann.as(""), "", InReview},
			{ActionSubmit, ann.as(""), "from status in-review", ""},
		}},
		{"approved goes back to review", []step{
			{ActionSubmit, ann.as(""), "", InReview},
			{ActionApprove, approver, "", Approved},
			{ActionSubmit, ann.as(""), "", InReview},
		}},
		{"retired cannot be approved", []step{
			{ActionRetire, bea.as("out of date"), "", Retired},
			{ActionApprove, approver, "it is retired", ""},
			{ActionSubmit, ann.as(""), "from status retired", ""},
			{ActionRetire, bea.as("again"), "already retired", ""},
		}},
		{"retire needs a reason", []step{{ActionRetire, bea.as(""), "say why", ""}}},
		{"an editor cannot retire", []step{{ActionRetire, ann.as("gone"), "only a clinician retires", ""}}},
		{"approve needs a name", []step{{ActionApprove, Signoff{Key: cal.key}, "say who you are", ""}}},
		{"one-line names", []step{{ActionApprove, Signoff{By: "Dr Cal\nOther", Key: cal.key}, "by must be one line", ""}}},
		{"review period", []step{{ActionApprove, Signoff{By: cal.Name, Key: cal.key, ReviewMonths: 60}, "want 1 to 36", ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, dir := teamRepo(t)
			entries := 3 // the team's enrolments
			for i, st := range tc.steps {
				var err error
				switch st.action {
				case ActionSubmit:
					_, err = r.Submit("latch", st.s)
				case ActionApprove:
					_, err = r.Approve("latch", st.s)
				case ActionRetire:
					_, err = r.Retire("latch", st.s)
				}
				if st.want != "" {
					require.Error(t, err, "step %d", i)
					assert.Contains(t, err.Error(), st.want, "step %d", i)
					continue
				}
				require.NoError(t, err, "step %d", i)
				entries++
				assert.Equal(t, st.status, raw(t, dir, "latch").Status, "step %d", i)
			}
			a, probs, err := LoadAudit(os.DirFS(dir))
			require.NoError(t, err)
			assert.Empty(t, probs)
			assert.Len(t, a.Entries, entries, "one audit entry per step taken, none for refusals")
		})
	}
}

func TestApproveRefusesInvalidFile(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown placeholder", "{{helpline_number}}.\ncard", "{{helpline_phone}}.\ncard", "unknown placeholder {{helpline_phone}}"},
		{"missing related topic", "related: [positions", "related: [unicorns, positions", `related topic "unicorns" does not exist`},
		{"yaml syntax", "title: Getting a good latch", "title: [Getting a good latch", "latch.yaml:"},
		{"over the platform limit", "    mouth to gently break the suction, then try again.", "    mouth to gently break the suction, then try again." + strings.Repeat(" Try again.", 800), "must stay under 8000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyContent(t)
			path := filepath.Join(dir, "latch.yaml")
			data := readFile(t, dir, "latch.yaml")
			require.Contains(t, data, tc.old)
			broken := strings.Replace(data, tc.old, tc.new, 1)
			require.NoError(t, os.WriteFile(path, []byte(broken), 0o644))
			r := &Repo{Dir: dir, Now: func() time.Time { return day }}
			enrolTeam(t, r)
			_, _ = r.Submit("latch", ann.as("")) // refused too when the file does not load
			broken = readFile(t, dir, "latch.yaml")
			log := readFile(t, dir, AuditFile)
			_, err := r.Approve("latch", cal.as(""))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "nothing was changed")
			assert.Contains(t, err.Error(), tc.want)
			assert.Equal(t, broken, readFile(t, dir, "latch.yaml"), "nothing was changed")
			assert.Equal(t, log, readFile(t, dir, AuditFile))
			assert.NoFileExists(t, filepath.Join(dir, ApprovedDir, "latch.json"))
		})
	}
}

func TestApproveRefusesUnknownID(t *testing.T) {
	r, _ := teamRepo(t)
	for _, id := range []string{"unicorns", "../latch", ""} {
		_, err := r.Approve(id, cal.as(""))
		assert.Error(t, err, id)
	}
}

func TestApproveRefusesBrokenAuditLog(t *testing.T) {
	dir := copyContent(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, AuditFile), []byte(`{"seq":1}`+"\n"), 0o644))
	r := &Repo{Dir: dir, Now: func() time.Time { return day }}
	before := readFile(t, dir, "latch.yaml")
	_, err := r.Approve("latch", cal.as(""))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "audit log is broken")
	assert.Equal(t, before, readFile(t, dir, "latch.yaml"))
	assert.NoFileExists(t, filepath.Join(dir, ApprovedDir, "latch.json"))
}

func TestEditBetweenStepsIsRecorded(t *testing.T) {
	r, dir := teamRepo(t)
	approveAs(t, r, "latch", cal, 0)
	path := filepath.Join(dir, "latch.yaml")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(readFile(t, dir, "latch.yaml"), "Hold your baby close", "Hold your baby very close", 1)), 0o644))
	_, err := r.Submit("latch", ann.as(""))
	require.NoError(t, err)
	a, probs, err := LoadAudit(os.DirFS(dir))
	require.NoError(t, err)
	require.Empty(t, probs)
	var actions []string
	for _, e := range a.History("latch") {
		actions = append(actions, e.Action)
	}
	assert.Equal(t, []string{ActionSubmit, ActionApprove, ActionEdit, ActionSubmit}, actions)
	h := a.History("latch")
	assert.NotEqual(t, h[1].ContentHash, h[2].ContentHash)
	assert.Contains(t, h[2].Note, "changed since entry 5")
}

func TestCrossCheckCatchesHandWrittenApproval(t *testing.T) {
	dir := copyContent(t)
	tp := raw(t, dir, "latch")
	forged := readFile(t, dir, "latch.yaml") + "approval:\n  by: Nobody\n  role: CSO\n  on: 2026-11-25\n  review_due: 2027-11-25\n  hash: " + tp.Hash + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "latch.yaml"), []byte(strings.Replace(forged, "status: draft", "status: approved", 1)), 0o644))
	tp = raw(t, dir, "latch")
	a, _, err := LoadAudit(os.DirFS(dir))
	require.NoError(t, err)
	probs := a.CrossCheck([]*Topic{tp})
	require.Len(t, probs, 1)
	assert.Contains(t, probs[0].String(), "latch.yaml:33: approval record has no approve entry")

	// A real approval, then the record edited to another approver.
	r, dir := teamRepo(t)
	approveAs(t, r, "latch", cal, 0)
	data := strings.Replace(readFile(t, dir, "latch.yaml"), "by: Dr Cal Other", "by: Dr Someone Senior", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "latch.yaml"), []byte(data), 0o644))
	a, _, err = LoadAudit(os.DirFS(dir))
	require.NoError(t, err)
	probs = a.CrossCheck([]*Topic{raw(t, dir, "latch")})
	require.Len(t, probs, 1)
	assert.Contains(t, probs[0].Msg, "does not match the signed audit.jsonl entry 5")
}

func TestStatusRows(t *testing.T) {
	r, dir := teamRepo(t)
	approveAs(t, r, "latch", bea, 0)
	approveAs(t, r, "mastitis", bea, 1)
	path := filepath.Join(dir, "thrush.yaml")
	approveAs(t, r, "thrush", bea, 0)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(readFile(t, dir, "thrush.yaml"), "answer: >-\n  ", "answer: >-\n  Now, ", 1)), 0o644))

	sp, _ := NationSignposts("england")
	s, err := Load(os.DirFS(dir), sp)
	require.NoError(t, err)
	rows := map[string]StatusRow{}
	for _, row := range Status(s, day.AddDate(0, 2, 0)) {
		rows[row.ID] = row
	}
	assert.Len(t, rows, len(s.IDs())+1, "every answer and the prompts")
	tests := []struct {
		id                        string
		status                    string
		changed, overdue, serving bool
	}{
		{"latch", Approved, false, false, true},
		{"mastitis", Approved, false, true, false},
		{"thrush", Approved, true, false, false},
		{"nappies", Draft, false, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			row := rows[tc.id]
			assert.Equal(t, tc.status, row.Status)
			assert.Equal(t, tc.changed, row.ChangedSinceApproval, "changed")
			assert.Equal(t, tc.overdue, row.ReviewOverdue, "overdue")
			assert.Equal(t, tc.serving, row.Servable, "servable")
		})
	}
	assert.Equal(t, "Dr Bea Lead", rows["latch"].ApprovedBy)
	assert.Equal(t, "2026-12-25", rows["mastitis"].ReviewDue)
}

func TestSetLifecycleKeepsComments(t *testing.T) {
	in := "# header comment\nid: x\nstatus: draft # was in-review\napproval:\n  by: A\n  role: B\n  on: 2026-01-01\n  review_due: 2027-01-01\n  hash: h\n\n# notes follow\nreview_notes: [a]\n"
	out, err := setLifecycle([]byte(in), Approved, &Approval{By: "C", Role: "D", On: "2026-02-02", ReviewDue: "2027-02-02", Hash: "h2"})
	require.NoError(t, err)
	assert.Equal(t, "# header comment\nid: x\nstatus: approved # was in-review\napproval:\n  by: C\n  role: D\n  on: 2026-02-02\n  review_due: 2027-02-02\n  hash: h2\n\n# notes follow\nreview_notes: [a]\n", string(out))

	out, err = setLifecycle([]byte("id: x\nstatus: draft"), InReview, nil)
	require.NoError(t, err)
	assert.Equal(t, "id: x\nstatus: in-review", string(out))

	_, err = setLifecycle([]byte("id: x\n"), InReview, nil)
	assert.Error(t, err)
}
