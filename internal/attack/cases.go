package attack

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/content/contenttest"
)

// The fixture's audit log has eleven lines: 1 to 3 enrol Bea, Cal and Ann;
// 4 and 5 submit and approve latch; 6 and 7 mastitis; 8 and 9 the prompts;
// 10 and 11 the red-flag rules.
const fixtureLines = 11

func (r *runner) atRestCases() []tamper {
	each := func(n int, f func(i int) func(*runner, string) error) []func(*runner, string) error {
		var out []func(*runner, string) error
		for i := 0; i < n; i++ {
			out = append(out, f(i))
		}
		return out
	}
	one := func(f func(*runner, string) error) []func(*runner, string) error {
		return []func(*runner, string) error{f}
	}
	stranger := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	return []tamper{
		{"an audit entry edited (each line)", each(fixtureLines, func(i int) func(*runner, string) error {
			return editLog(func(ls []string) ([]string, error) {
				l, err := setField(ls[i], "note", "edited by hand")
				ls[i] = l
				return ls, err
			})
		})},
		{"an audit entry edited, hash chain rebuilt (each line)", each(fixtureLines, func(i int) func(*runner, string) error {
			return editLog(func(ls []string) ([]string, error) {
				l, err := setField(ls[i], "note", "edited by hand")
				if err != nil {
					return nil, err
				}
				ls[i] = l
				return rechain(ls, i, nil, -1)
			})
		})},
		{"an approval forged, chain intact: by a stranger, in a clinician's name, by the editor, skipping review, by the submitter", []func(*runner, string) error{
			forge(contenttest.Cal.Name, stranger, "Mallory"),
			forge(contenttest.Cal.Name, stranger, ""),
			forge(contenttest.Ann.Name, contenttest.Ann.Key, ""),
			forge(contenttest.Cal.Name, contenttest.Cal.Key, "no review"),
			forge(contenttest.Cal.Name, contenttest.Cal.Key, "self"),
		}},
		{"an enrolment forged: by the editor, by a stranger", []func(*runner, string) error{
			forgeEnrol(contenttest.Ann.Name, contenttest.Ann.Key),
			forgeEnrol("Mallory", stranger),
		}},
		{"two adjacent entries swapped (each pair)", each(fixtureLines-1, func(i int) func(*runner, string) error {
			return editLog(func(ls []string) ([]string, error) {
				ls[i], ls[i+1] = ls[i+1], ls[i]
				return ls, nil
			})
		})},
		{"the log truncated (to each shorter length, empty included)", each(fixtureLines, func(i int) func(*runner, string) error {
			return editLog(func(ls []string) ([]string, error) { return ls[:i], nil })
		})},
		{"an entry removed (each line)", each(fixtureLines, func(i int) func(*runner, string) error {
			return editLog(func(ls []string) ([]string, error) { return append(ls[:i:i], ls[i+1:]...), nil })
		})},
		{"an entry copied in again (each line)", each(fixtureLines, func(i int) func(*runner, string) error {
			return editLog(func(ls []string) ([]string, error) {
				return append(ls[:i+1:i+1], append([]string{ls[i]}, ls[i+1:]...)...), nil
			})
		})},
		{"the log removed", one(func(r *runner, dir string) error { return os.Remove(filepath.Join(dir, content.AuditFile)) })},
		{"an approval record edited (by, role, registration, on, review_due, hash, note)", []func(*runner, string) error{
			replace("latch.yaml", "  by: Dr Cal Other", "  by: Dr Bea Lead"),
			replace("latch.yaml", "  role: General practitioner", "  role: Consultant"),
			replace("latch.yaml", "  registration: GMC 1234567", "  registration: GMC 7654321"),
			replaceFunc("latch.yaml", func(s string) string { return strings.Replace(s, "  on: 2026-11-25", "  on: 2026-11-26", 1) }),
			replaceFunc("latch.yaml", func(s string) string { return strings.Replace(s, "  review_due: 20", "  review_due: 21", 1) }),
			replaceFunc("latch.yaml", func(s string) string {
				i := strings.Index(s, "  hash: ")
				return s[:i+8] + strings.Repeat("0", 64) + s[i+8+64:]
			}),
			replaceFunc("latch.yaml", func(s string) string { return strings.TrimSuffix(s, "\n") + "\n  note: approved by the board\n" }),
		}},
		{"an approval record written by hand", one(handApproval)},
		{"status set back to approved after a later submit or retire", []func(*runner, string) error{
			after(func(r *content.Repo) error { _, err := r.Submit("latch", contenttest.Ann.As("")); return err }, "latch.yaml", "status: in-review"),
			after(func(r *content.Repo) error {
				_, err := r.Retire("mastitis", contenttest.Bea.As("withdrawn"))
				return err
			}, "mastitis.yaml", "status: retired"),
		}},
		{"a snapshot edited", []func(*runner, string) error{
			replace("approved/latch.json", "close", "near"),
			replace("approved/mastitis.json", "\"id\": \"mastitis\"", "\"id\": \"mastitis\" "),
		}},
		{"a snapshot removed", []func(*runner, string) error{
			remove("approved/latch.json"), remove("approved/mastitis.json"),
		}},
		{"an orphan snapshot (copied, made up)", []func(*runner, string) error{
			copyFile("approved/latch.json", "approved/thrush.json"),
			func(r *runner, dir string) error {
				return os.WriteFile(filepath.Join(dir, "approved", "nappies.json"), []byte("{\"id\": \"nappies\"}\n"), 0o644)
			},
		}},
		{"an interrupted step's journal left behind", one(func(r *runner, dir string) error {
			repo := r.repo(dir)
			if _, err := repo.Submit("thrush", contenttest.Ann.As("")); err != nil {
				return err
			}
			repo.Disk = &faultDisk{fault: func(_ int, o op) error {
				if o.kind == "append" {
					return errCrash
				}
				return nil
			}}
			_, _ = repo.Approve("thrush", contenttest.Cal.As(""))
			return nil
		})},
		{"a partial last audit line (1, 20 and 200 bytes)", []func(*runner, string) error{partial(1), partial(20), partial(200)}},
	}
}

// editLog changes the lines of the audit log.
func editLog(f func(ls []string) ([]string, error)) func(*runner, string) error {
	return func(r *runner, dir string) error {
		path := filepath.Join(dir, content.AuditFile)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		ls, err := f(strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"))
		if err != nil {
			return err
		}
		out := strings.Join(ls, "\n")
		if len(ls) > 0 {
			out += "\n"
		}
		return os.WriteFile(path, []byte(out), 0o644)
	}
}

// setField sets one field of an entry line.
func setField(line, key string, v any) (string, error) {
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		return "", err
	}
	m[key] = v
	b, err := json.Marshal(m)
	return string(b), err
}

// rechain recomputes seq, prev and hash from line from on, as a careful
// forger would, signing line signIdx with key (other signatures are kept).
func rechain(ls []string, from int, key ed25519.PrivateKey, signIdx int) ([]string, error) {
	prev := ""
	if from > 0 {
		var e content.Entry
		if err := json.Unmarshal([]byte(ls[from-1]), &e); err != nil {
			return nil, err
		}
		prev = e.Hash
	}
	for i := from; i < len(ls); i++ {
		var e content.Entry
		if err := json.Unmarshal([]byte(ls[i]), &e); err != nil {
			return nil, err
		}
		e.Seq, e.Prev = i+1, prev
		if i == signIdx {
			content.Sign(&e, key)
		} else {
			e.Hash = content.EntryHash(e)
		}
		b, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		ls[i], prev = string(b), e.Hash
	}
	return ls, nil
}

// forge appends a signed approval of thrush, with the answer file and the
// snapshot made to match it, so only the log's rules can tell. how is
// "Mallory" (a name nobody enrolled), "no review" (thrush was never
// submitted), "self" (the approver submitted it himself) or "" (submitted by
// Ann, as it should be).
func forge(by string, key ed25519.PrivateKey, how string) func(*runner, string) error {
	return func(r *runner, dir string) error {
		repo := r.repo(dir)
		switch how {
		case "no review":
		case "self":
			if _, err := repo.Submit("thrush", contenttest.Cal.As("")); err != nil {
				return err
			}
		default:
			if _, err := repo.Submit("thrush", contenttest.Ann.As("")); err != nil {
				return err
			}
		}
		if how == "Mallory" {
			by = "Mallory"
		}
		t, err := loadRaw(dir, "thrush")
		if err != nil {
			return err
		}
		due := r.now.AddDate(1, 0, 0).Format(content.DateLayout)
		e := content.Entry{Time: r.now.Format(time.RFC3339), Action: content.ActionApprove, ID: "thrush", By: by, Role: "General practitioner",
			Registration: "GMC 1234567", ReviewDue: due, ContentHash: t.Hash}
		if err := appendForged(dir, e, key); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "approved", "thrush.json"), append(content.Canonical(t), '\n'), 0o644); err != nil {
			return err
		}
		return approveFile(dir, "thrush", fmt.Sprintf("approval:\n  by: %s\n  role: General practitioner\n  registration: GMC 1234567\n  on: %s\n  review_due: %s\n  hash: %s\n",
			by, r.now.Format(content.DateLayout), due, t.Hash))
	}
}

// forgeEnrol appends an enrolment of a new clinician signed by key in by's
// name.
func forgeEnrol(by string, key ed25519.PrivateKey) func(*runner, string) error {
	return func(r *runner, dir string) error {
		pub := ed25519.NewKeyFromSeed(sha256Of("mallory")).Public().(ed25519.PublicKey)
		e := content.Entry{Time: r.now.Format(time.RFC3339), Action: content.ActionEnrol, By: by, Person: "Mallory", Role: content.RoleClinician,
			Title: "Midwife", Registration: "NMC 11A1111A", PublicKey: content.EncodeKey(pub)}
		return appendForged(dir, e, key)
	}
}

func sha256Of(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// appendForged seals e to the end of the log in dir and signs it with key.
func appendForged(dir string, e content.Entry, key ed25519.PrivateKey) error {
	a, _, err := content.LoadAudit(os.DirFS(dir))
	if err != nil {
		return err
	}
	e.Seq, e.Prev = len(a.Entries)+1, a.Head()
	content.Sign(&e, key)
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, content.AuditFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, werr := f.Write(append(b, '\n'))
	return joinErr(werr, f.Close())
}

func joinErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// approveFile marks id approved with block in its answer file.
func approveFile(dir, id, block string) error {
	path := filepath.Join(dir, id+".yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	for _, st := range []string{"status: draft", "status: in-review"} {
		s = strings.Replace(s, st, "status: approved", 1)
	}
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return os.WriteFile(path, []byte(s+block), 0o644)
}

// handApproval writes an approval of thrush by hand, with a snapshot that
// matches, and no entry.
func handApproval(r *runner, dir string) error {
	t, err := loadRaw(dir, "thrush")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "approved", "thrush.json"), append(content.Canonical(t), '\n'), 0o644); err != nil {
		return err
	}
	return approveFile(dir, "thrush", fmt.Sprintf("approval:\n  by: Dr Cal Other\n  role: General practitioner\n  registration: GMC 1234567\n  on: %s\n  review_due: %s\n  hash: %s\n",
		r.now.Format(content.DateLayout), r.now.AddDate(1, 0, 0).Format(content.DateLayout), t.Hash))
}

// after takes a real step, then sets the file's status back to approved.
func after(stepf func(r *content.Repo) error, name, status string) func(*runner, string) error {
	return func(r *runner, dir string) error {
		if err := stepf(r.repo(dir)); err != nil {
			return err
		}
		return replace(name, status, "status: approved")(r, dir)
	}
}

func replace(name, old, new string) func(*runner, string) error {
	return replaceFunc(name, func(s string) string { return strings.Replace(s, old, new, 1) })
}

func replaceFunc(name string, f func(string) string) func(*runner, string) error {
	return func(r *runner, dir string) error {
		path := filepath.Join(dir, filepath.FromSlash(name))
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out := f(string(b))
		if out == string(b) {
			return fmt.Errorf("%s: the change changed nothing", name)
		}
		return os.WriteFile(path, []byte(out), 0o644)
	}
}

func remove(name string) func(*runner, string) error {
	return func(r *runner, dir string) error { return os.Remove(filepath.Join(dir, filepath.FromSlash(name))) }
}

func copyFile(from, to string) func(*runner, string) error {
	return func(r *runner, dir string) error {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(from)))
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, filepath.FromSlash(to)), b, 0o644)
	}
}

// partial appends the first n bytes of a real next entry, as a full disk
// leaves them.
func partial(n int) func(*runner, string) error {
	return func(r *runner, dir string) error {
		e := content.Entry{Seq: fixtureLines + 1, Time: r.now.Format(time.RFC3339), Action: content.ActionSubmit, ID: "thrush",
			By: contenttest.Ann.Name, Role: contenttest.Ann.Title}
		content.Sign(&e, contenttest.Ann.Key)
		b, _ := json.Marshal(e)
		f, err := os.OpenFile(filepath.Join(dir, content.AuditFile), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, werr := f.Write(b[:min(n, len(b)-1)])
		return joinErr(werr, f.Close())
	}
}

func loadRaw(dir, id string) (*content.Topic, error) {
	s, err := content.Load(os.DirFS(dir), contenttest.Signposts())
	if err != nil {
		return nil, err
	}
	t, ok := s.Raw(id)
	if !ok {
		return nil, fmt.Errorf("no answer %s", id)
	}
	return t, nil
}
