package content

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// member is a test person with their private key.
type member struct {
	Person
	key ed25519.PrivateKey
}

// as is a signoff by m.
func (m member) as(note string) Signoff { return Signoff{By: m.Name, Key: m.key, Note: note} }

// testKey is a fixed key per seed, so tests are repeatable.
func testKey(seed string) ed25519.PrivateKey {
	s := sha256.Sum256([]byte(seed))
	return ed25519.NewKeyFromSeed(s[:])
}

func newMember(name, role, title, reg string) member {
	k := testKey(name)
	return member{Person{Name: name, Role: role, Title: title, Registration: reg, PublicKey: k.Public().(ed25519.PublicKey)}, k}
}

var (
	bea = newMember("Dr Bea Lead", RoleClinician, "Midwife", "NMC 12A3456B")
	cal = newMember("Dr Cal Other", RoleClinician, "General practitioner", "GMC 1234567")
	ann = newMember("Ann Editor", RoleEditor, "Content editor", "")
)

// enrolTeam enrols, in the log of r, Bea (the first clinician, by herself),
// then Cal and Ann (by Bea).
func enrolTeam(t *testing.T, r *Repo) {
	t.Helper()
	for _, m := range []member{bea, cal, ann} {
		_, err := r.Enrol(m.Person, bea.as("enrolled by the CSO"))
		require.NoError(t, err, m.Name)
	}
}

// teamRepo is a copy of the shipped answers with the team enrolled.
func teamRepo(t *testing.T) (*Repo, string) {
	t.Helper()
	dir := copyContent(t)
	r := &Repo{Dir: dir, Now: func() time.Time { return day }}
	enrolTeam(t, r)
	return r, dir
}

// TestApprovalNeedsARegisteredClinician is the issue's "anyone can approve
// anything": only an enrolled clinician with a professional registration,
// signing with the key enrolled for them, approves.
func TestApprovalNeedsARegisteredClinician(t *testing.T) {
	stranger := testKey("stranger")
	tests := []struct {
		name string
		s    Signoff
		want string
	}{
		{"a receptionist nobody enrolled", Signoff{By: "Receptionist", Key: stranger}, "not enrolled"},
		{"an enrolled editor", ann.as(""), "not a registered clinician"},
		{"a clinician's name with another key", Signoff{By: bea.Name, Key: stranger}, "not the key enrolled"},
		{"no key at all", Signoff{By: cal.Name}, "key"},
		{"a registered clinician", cal.as("checked against nhs.uk"), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, dir := teamRepo(t)
			_, err := r.Submit("latch", ann.as(""))
			require.NoError(t, err)
			before := tree(t, dir)
			_, err = r.Approve("latch", tc.s)
			if tc.want == "" {
				require.NoError(t, err)
				tp := raw(t, dir, "latch")
				assert.Equal(t, Approved, tp.Status)
				assert.Equal(t, "General practitioner", tp.Approval.Role)
				assert.Equal(t, "GMC 1234567", tp.Approval.Registration)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Empty(t, changed(before, tree(t, dir)), "a refused approval changes nothing")
		})
	}
}

// TestApprovalNeedsReviewAndASecondPerson: an answer is approved only from
// in-review, with the text that was submitted, by someone who is neither the
// person who submitted it nor its last editor.
func TestApprovalNeedsReviewAndASecondPerson(t *testing.T) {
	edit := func(t *testing.T, r *Repo, by member) {
		t.Helper()
		old := readFile(t, r.Dir, "latch.yaml")
		_, err := r.Edit("latch", []byte(old), []byte(strings.Replace(old, "Hold your baby close", "Hold your baby very close", 1)), by.as("closer"))
		require.NoError(t, err)
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, r *Repo)
		want  string
	}{
		{"straight from draft", func(t *testing.T, r *Repo) {}, "send it for review first"},
		{"the approver submitted it", func(t *testing.T, r *Repo) {
			_, err := r.Submit("latch", cal.as(""))
			require.NoError(t, err)
		}, "second person"},
		{"the approver was the last editor", func(t *testing.T, r *Repo) {
			edit(t, r, cal)
			_, err := r.Submit("latch", ann.as(""))
			require.NoError(t, err)
		}, "second person"},
		{"changed after it was submitted", func(t *testing.T, r *Repo) {
			_, err := r.Submit("latch", ann.as(""))
			require.NoError(t, err)
			path := filepath.Join(r.Dir, "latch.yaml")
			require.NoError(t, os.WriteFile(path, []byte(strings.Replace(readFile(t, r.Dir, "latch.yaml"), "Hold your baby close", "Hold your baby near", 1)), 0o644))
		}, "changed since it was submitted"},
		{"edited by one, submitted by another, approved by a third", func(t *testing.T, r *Repo) {
			edit(t, r, bea)
			_, err := r.Submit("latch", ann.as(""))
			require.NoError(t, err)
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, dir := teamRepo(t)
			tc.setup(t, r)
			before := tree(t, dir)
			_, err := r.Approve("latch", cal.as(""))
			if tc.want == "" {
				require.NoError(t, err)
				assert.Equal(t, Approved, raw(t, dir, "latch").Status)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Empty(t, changed(before, tree(t, dir)))
		})
	}
}

// TestEnrolment: the first entry enrols the first clinician by themself;
// after that only an enrolled clinician enrols anyone, and a clinician needs
// a professional registration.
func TestEnrolment(t *testing.T) {
	zed := newMember("Zed Nobody", RoleClinician, "Midwife", "NMC 99Z9999Z")
	tests := []struct {
		name string
		p    Person
		s    Signoff
		want string
	}{
		{"an editor enrols someone", zed.Person, ann.as(""), "only an enrolled clinician"},
		{"someone enrols themself in a log that has people", zed.Person, zed.as(""), "not enrolled"},
		{"a clinician with no registration", newMember("Dr No Reg", RoleClinician, "Doctor", "").Person, bea.as(""), "professional registration"},
		{"a receptionist's registration", newMember("Rita", RoleClinician, "Receptionist", "Receptionist").Person, bea.as(""), "registration"},
		{"a clinician enrols a clinician", zed.Person, cal.as(""), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := teamRepo(t)
			_, err := r.Enrol(tc.p, tc.s)
			if tc.want == "" {
				require.NoError(t, err)
				a, err := r.audit()
				require.NoError(t, err)
				assert.True(t, a.People[zed.Name].CanApprove())
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	t.Run("the first entry must be a clinician enrolling themself", func(t *testing.T) {
		r := &Repo{Dir: copyContent(t), Now: func() time.Time { return day }}
		_, err := r.Enrol(ann.Person, ann.as(""))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "first")
	})
}

// rechain recomputes prev and hash of every line from i on, as a careful
// forger would after editing line i; signatures are kept as they are unless
// resign names a key for that line.
func rechain(t *testing.T, lines []string, from int, resign map[int]ed25519.PrivateKey) []string {
	t.Helper()
	out := append([]string(nil), lines...)
	prev := ""
	if from > 0 {
		var e Entry
		require.NoError(t, json.Unmarshal([]byte(out[from-1]), &e))
		prev = e.Hash
	}
	for i := from; i < len(out); i++ {
		var e Entry
		require.NoError(t, json.Unmarshal([]byte(out[i]), &e))
		e.Seq, e.Prev = i+1, prev
		e.Hash = EntryHash(e)
		if k, ok := resign[i]; ok {
			sign(&e, k)
		}
		b, err := json.Marshal(e)
		require.NoError(t, err)
		out[i], prev = string(b), e.Hash
	}
	return out
}

// TestSignaturesCatchForgery: an edited approval or a forged entry fails
// verification even when the forger rebuilds the hash chain.
func TestSignaturesCatchForgery(t *testing.T) {
	stranger := testKey("stranger")
	forged := func(by string, key ed25519.PrivateKey) func(t *testing.T, ls []string) []string {
		return func(t *testing.T, ls []string) []string {
			e := Entry{Time: day.Format(time.RFC3339), Action: ActionApprove, ID: "mastitis", By: by, Role: "Midwife", Registration: "NMC 12A3456B",
				ReviewDue: "2027-11-25", ContentHash: strings.Repeat("a", 64)}
			b, _ := json.Marshal(e)
			return rechain(t, append(ls, string(b)), len(ls), map[int]ed25519.PrivateKey{len(ls): key})
		}
	}
	tests := []struct {
		name   string
		tamper func(t *testing.T, ls []string) []string
		want   string
	}{
		{"the approval's registration edited, chain rebuilt", func(t *testing.T, ls []string) []string {
			i := len(ls) - 1
			ls[i] = strings.Replace(ls[i], "GMC 1234567", "GMC 7654321", 1)
			return rechain(t, ls, i, nil)
		}, "signature"},
		{"an approval forged by someone not enrolled", forged("Mallory", stranger), "not enrolled"},
		{"an approval forged in a clinician's name", forged(cal.Name, stranger), "signature"},
		{"an approval signed by an editor's own key", forged(ann.Name, ann.key), "not a registered clinician"},
		{"an enrolment forged by an editor", func(t *testing.T, ls []string) []string {
			e := Entry{Time: day.Format(time.RFC3339), Action: ActionEnrol, By: ann.Name, Person: "Mallory", Role: RoleClinician, Title: "Midwife",
				Registration: "NMC 11A1111A", PublicKey: encodeKey(stranger.Public().(ed25519.PublicKey))}
			b, _ := json.Marshal(e)
			return rechain(t, append(ls, string(b)), len(ls), map[int]ed25519.PrivateKey{len(ls): ann.key})
		}, "only an enrolled clinician"},
		{"a signature removed", func(t *testing.T, ls []string) []string {
			var e Entry
			require.NoError(t, json.Unmarshal([]byte(ls[len(ls)-1]), &e))
			e.Sig = ""
			b, _ := json.Marshal(e)
			ls[len(ls)-1] = string(b)
			return ls
		}, "signature"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, dir := teamRepo(t)
			_, err := r.Submit("latch", ann.as(""))
			require.NoError(t, err)
			_, err = r.Approve("latch", cal.as(""))
			require.NoError(t, err)
			logPath := filepath.Join(dir, AuditFile)
			ls := strings.Split(strings.TrimSuffix(readFile(t, dir, AuditFile), "\n"), "\n")
			require.NoError(t, os.WriteFile(logPath, []byte(strings.Join(tc.tamper(t, ls), "\n")+"\n"), 0o644))
			_, probs, err := LoadAudit(os.DirFS(dir))
			require.NoError(t, err)
			require.NotEmpty(t, probs, "the forgery is caught")
			var msgs []string
			for _, p := range probs {
				msgs = append(msgs, p.String())
			}
			assert.Contains(t, strings.Join(msgs, "\n"), tc.want)
			assert.Contains(t, msgs[0], "audit.jsonl:")
		})
	}
	t.Run("the approval in the answer file edited", func(t *testing.T) {
		r, dir := teamRepo(t)
		_, err := r.Submit("latch", ann.as(""))
		require.NoError(t, err)
		_, err = r.Approve("latch", cal.as(""))
		require.NoError(t, err)
		path := filepath.Join(dir, "latch.yaml")
		require.NoError(t, os.WriteFile(path, []byte(strings.Replace(readFile(t, dir, "latch.yaml"), "review_due: 2027-11-25", "review_due: 2029-11-25", 1)), 0o644))
		a, probs, err := LoadAudit(os.DirFS(dir))
		require.NoError(t, err)
		require.Empty(t, probs)
		cross := a.CrossCheck([]*Topic{raw(t, dir, "latch")})
		require.Len(t, cross, 1)
		assert.Contains(t, cross[0].String(), "latch.yaml")
		assert.Contains(t, cross[0].String(), "does not match")
	})
}
