package attack

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/content/contenttest"
)

// Result is one row of the table: a case, how it was tried, and what held.
type Result struct {
	Group   string `json:"group"`
	Case    string `json:"case"`
	Tried   int    `json:"tried"`
	Refused int    `json:"refused_cleanly"`
	Lost    int    `json:"data_lost"`
	// Example is the first refusal, as people read it.
	Example string `json:"example"`
	// Failures names the variants not refused cleanly, or that lost data.
	Failures []string `json:"failures,omitempty"`
}

// Groups of cases.
const (
	AtRest = "tampered at rest: the skill refuses to start"
	Faults = "a step under a fault: all or nothing"
	Crash  = "a step cut off by a crash: put right at the next start"
)

// runner holds the fixture every variant starts from.
type runner struct {
	tmp     string
	now     time.Time
	fixture string // latch, mastitis, the prompts and the red-flag rules approved: log lines 1-3 enrol, 4-5 latch, 6-7 mastitis, 8-9 prompts, 10-11 red-flags
	n       int
}

// Run tries every case under tmp (a temporary directory it fills) at the
// clock now, and returns the table. At a fixed clock the table is the same
// every run.
func Run(tmp string, now time.Time) ([]Result, error) {
	r := &runner{tmp: tmp, now: now, fixture: filepath.Join(tmp, "fixture")}
	if err := os.MkdirAll(r.fixture, 0o755); err != nil {
		return nil, err
	}
	if err := contenttest.ApprovedCopy(r.fixture, now, "latch", "mastitis"); err != nil {
		return nil, err
	}
	var out []Result
	for _, c := range r.atRestCases() {
		res, err := r.atRest(c)
		if err != nil {
			return nil, fmt.Errorf("attack: %s: %w", c.name, err)
		}
		out = append(out, res)
	}
	for _, c := range faultCases() {
		res, err := r.faults(c)
		if err != nil {
			return nil, fmt.Errorf("attack: %s: %w", c.name, err)
		}
		out = append(out, res)
	}
	res, err := r.crashes()
	if err != nil {
		return nil, fmt.Errorf("attack: crashes: %w", err)
	}
	out = append(out, res...)
	dir := filepath.Join(r.tmp, "studio")
	res, err = r.studioCases(dir)
	if err != nil {
		return nil, fmt.Errorf("attack: studio: %w", err)
	}
	out = append(out, res...)
	if dir, err = r.fresh(); err != nil {
		return nil, err
	}
	res, err = r.serveCases(dir)
	if err != nil {
		return nil, fmt.Errorf("attack: serve: %w", err)
	}
	return append(out, res...), nil
}

// fresh copies the fixture to a new directory.
func (r *runner) fresh() (string, error) {
	r.n++
	dst := filepath.Join(r.tmp, fmt.Sprintf("try-%04d", r.n))
	return dst, copyTree(r.fixture, dst)
}

func (r *runner) repo(dir string) *content.Repo {
	return &content.Repo{Dir: dir, Now: func() time.Time { return r.now }, Rules: []content.Rules{contenttest.RedFlags()}, Signposts: contenttest.Signposts()}
}

// tamper is one at-rest case: variants, each a change to a copy of the
// fixture.
type tamper struct {
	name     string
	variants []func(r *runner, dir string) error
}

// atRest applies each variant to a fresh copy and builds the skill as a
// deployment does.
func (r *runner) atRest(c tamper) (Result, error) {
	res := Result{Group: AtRest, Case: c.name}
	for i, v := range c.variants {
		dir, err := r.fresh()
		if err != nil {
			return res, err
		}
		if err := v(r, dir); err != nil {
			return res, fmt.Errorf("variant %d: %w", i+1, err)
		}
		before, err := tree(dir)
		if err != nil {
			return res, err
		}
		_, serr := app.New(app.Config{Content: os.DirFS(dir), ApprovedOnly: true, Now: func() time.Time { return r.now },
			Logger: slog.New(slog.DiscardHandler)})
		after, err := tree(dir)
		if err != nil {
			return res, err
		}
		res.Tried++
		probs := problemsOf(serr)
		named := len(probs) > 0
		for _, p := range probs {
			named = named && p.File != ""
		}
		lost := !equalTrees(before, after)
		switch {
		case named && !lost:
			res.Refused++
			if res.Example == "" {
				res.Example = probs[0].String()
			}
		default:
			res.Failures = append(res.Failures, fmt.Sprintf("variant %d: started=%v refusal=%v", i+1, serr == nil, serr))
		}
		if lost {
			res.Lost++
		}
	}
	return res, nil
}

// fault is one case of a step under a fault: the fault put under each step.
type fault struct {
	name    string
	partial int
	// make returns the fault for a step over dir; nil when the fault does
	// not concern that step (it is then not tried).
	make func(dir string, s step) func(n int, o op) error
}

// step is one lifecycle step over the fixture: what it changes, and how.
type step struct {
	name  string
	noun  string   // "an approval"
	files []string // what it may write, relative to the content directory
	do    func(r *content.Repo) error
	// prep readies the fixture for the step (a submit before an approval).
	prep func(r *content.Repo) error
}

// steps are the four writes of the store.
func steps() []step {
	return []step{
		{name: "approve", noun: "an approval", files: []string{"thrush.yaml", "approved/thrush.json"},
			prep: func(r *content.Repo) error { _, err := r.Submit("thrush", contenttest.Ann.As("")); return err },
			do:   func(r *content.Repo) error { _, err := r.Approve("thrush", contenttest.Cal.As("")); return err }},
		{name: "submit", noun: "a submit for review", files: []string{"nappies.yaml"},
			do: func(r *content.Repo) error { _, err := r.Submit("nappies", contenttest.Ann.As("")); return err }},
		{name: "retire", noun: "a retirement", files: []string{"mastitis.yaml"},
			do: func(r *content.Repo) error {
				_, err := r.Retire("mastitis", contenttest.Bea.As("withdrawn"))
				return err
			}},
		{name: "save", noun: "a studio save", files: []string{"nappies.yaml"},
			do: func(r *content.Repo) error {
				old, err := os.ReadFile(filepath.Join(r.Dir, "nappies.yaml"))
				if err != nil {
					return err
				}
				_, err = r.Edit("nappies", old, bytes.Replace(old, []byte("status: draft"), []byte("status: draft\n# edited"), 1), contenttest.Ann.As("an edit"))
				return err
			}},
	}
}

// eacces and enospc are the errors a read-only folder and a full disk give.
func eacces(o op) error { return &fs.PathError{Op: "open", Path: o.name, Err: syscall.EACCES} }
func enospc(o op) error { return &fs.PathError{Op: "write", Path: o.name, Err: syscall.ENOSPC} }

func faultCases() []fault {
	in := func(dir, name string) bool { return filepath.Dir(name) == filepath.Clean(dir) }
	return []fault{
		{name: "content folder read-only", make: func(dir string, s step) func(int, op) error {
			return func(_ int, o op) error {
				if o.kind != "mkdir" && in(dir, o.name) {
					return eacces(o)
				}
				return nil
			}
		}},
		{name: "approved folder read-only", make: func(dir string, s step) func(int, op) error {
			if s.name != "approve" {
				return nil
			}
			return func(_ int, o op) error {
				if in(filepath.Join(dir, content.ApprovedDir), o.name) {
					return eacces(o)
				}
				return nil
			}
		}},
		{name: "audit log not writable", make: func(dir string, s step) func(int, op) error {
			return func(_ int, o op) error {
				if filepath.Base(o.name) == content.AuditFile && o.kind != "remove" {
					return eacces(o)
				}
				return nil
			}
		}},
		{name: "disk full writing the journal", make: writeFull(content.JournalFile)},
		{name: "disk full writing the snapshot", make: func(dir string, s step) func(int, op) error {
			if s.name != "approve" {
				return nil
			}
			return writeFull("thrush.json")(dir, s)
		}},
		{name: "disk full writing the answer file", make: func(dir string, s step) func(int, op) error {
			return writeFull(filepath.Base(s.files[0]))(dir, s)
		}},
		{name: "disk full after 1 byte of the audit line", partial: 1, make: appendFull},
		{name: "disk full after 25 bytes of the audit line", partial: 25, make: appendFull},
		{name: "the whole audit line written, then the sync fails", partial: 1 << 20, make: appendFull},
	}
}

// writeFull fails the write of the file named base with ENOSPC.
func writeFull(base string) func(dir string, s step) func(int, op) error {
	return func(dir string, s step) func(int, op) error {
		return func(_ int, o op) error {
			if o.kind == "write" && filepath.Base(o.name) == base {
				return enospc(o)
			}
			return nil
		}
	}
}

// appendFull fails the audit append with ENOSPC (after partial bytes).
func appendFull(dir string, s step) func(int, op) error {
	return func(_ int, o op) error {
		if o.kind == "append" && filepath.Base(o.name) == content.AuditFile {
			return enospc(o)
		}
		return nil
	}
}

// faults puts fault c under each step: the step must fail and leave every
// file as it was, and the same step on a healthy disk must then succeed.
func (r *runner) faults(c fault) (Result, error) {
	res := Result{Group: Faults, Case: c.name}
	for _, s := range steps() {
		dir, err := r.fresh()
		if err != nil {
			return res, err
		}
		repo := r.repo(dir)
		if s.prep != nil {
			if err := s.prep(repo); err != nil {
				return res, err
			}
		}
		f := c.make(dir, s)
		if f == nil {
			continue
		}
		before, err := tree(dir)
		if err != nil {
			return res, err
		}
		repo.Disk = &faultDisk{fault: f, partial: c.partial}
		serr := s.do(repo)
		after, err := tree(dir)
		if err != nil {
			return res, err
		}
		repo.Disk = nil
		nerr := s.do(repo)
		res.Tried++
		lost := lostData(before, after, s.files)
		switch {
		case serr != nil && equalTrees(before, after) && nerr == nil:
			res.Refused++
			if res.Example == "" {
				res.Example = firstLine(serr.Error())
			}
		default:
			res.Failures = append(res.Failures, fmt.Sprintf("%s: error=%v changed=%v next=%v", s.name, serr, changed(before, after), nerr))
		}
		if lost {
			res.Lost++
		}
	}
	return res, nil
}

// crashes cuts each step off at each change it makes to the disk, then
// starts again (Recover): the step must be finished whole (its audit entry
// was written) or undone (it was not), the store must verify, and nothing
// committed before may be lost.
func (r *runner) crashes() ([]Result, error) {
	var out []Result
	for _, s := range steps() {
		res := Result{Group: Crash, Case: "a crash at each change " + s.noun + " makes"}
		// Count the changes a healthy step makes.
		dir, err := r.fresh()
		if err != nil {
			return nil, err
		}
		repo := r.repo(dir)
		if s.prep != nil {
			if err := s.prep(repo); err != nil {
				return nil, err
			}
		}
		count := &faultDisk{}
		repo.Disk = count
		if err := s.do(repo); err != nil {
			return nil, fmt.Errorf("%s on a healthy disk: %w", s.name, err)
		}
		for k := 1; k <= count.n; k++ {
			dir, err := r.fresh()
			if err != nil {
				return nil, err
			}
			repo := r.repo(dir)
			if s.prep != nil {
				if err := s.prep(repo); err != nil {
					return nil, err
				}
			}
			before, err := tree(dir)
			if err != nil {
				return nil, err
			}
			repo.Disk = &faultDisk{fault: func(n int, _ op) error {
				if n == k {
					return errCrash
				}
				return nil
			}}
			_ = s.do(repo)
			var report []content.Problem
			next := r.repo(dir)
			report, rerr := next.Recover()
			after, err := tree(dir)
			if err != nil {
				return nil, err
			}
			res.Tried++
			probs := verify(dir)
			committed := len(after[content.AuditFile]) > len(before[content.AuditFile])
			whole := committed || equalTrees(before, after)
			lost := lostData(before, after, s.files)
			switch {
			case rerr == nil && len(probs) == 0 && whole && !lost:
				res.Refused++
				if res.Example == "" && len(report) > 0 {
					res.Example = "put right: " + report[0].String()
				}
			default:
				res.Failures = append(res.Failures, fmt.Sprintf("crash at change %d: recover=%v problems=%v whole=%v", k, rerr, probs, whole))
			}
			if lost {
				res.Lost++
			}
		}
		out = append(out, res)
	}
	return out, nil
}

// problemsOf returns the problems of a refusal to start: the approvals do not
// verify (content.IntegrityError), or an answer file does not load
// (content.LoadError); nil for any other error.
func problemsOf(err error) []content.Problem {
	var ie *content.IntegrityError
	var le *content.LoadError
	switch {
	case errors.As(err, &ie):
		return ie.Problems
	case errors.As(err, &le):
		return le.Problems
	}
	return nil
}

// verify is content.Verify over the answers, the prompts and the red-flag
// rules of dir.
func verify(dir string) []content.Problem {
	s, err := content.Load(os.DirFS(dir), contenttest.Signposts())
	if err != nil {
		return []content.Problem{{File: dir, Msg: err.Error()}}
	}
	a, _, err := content.LoadAudit(os.DirFS(dir))
	if err != nil {
		return []content.Problem{{File: dir, Msg: err.Error()}}
	}
	rules, err := content.RulesTopic(contenttest.RedFlags(), a)
	if err != nil {
		return []content.Problem{{File: dir, Msg: err.Error()}}
	}
	return content.Verify(os.DirFS(dir), append(s.Approvables(), rules))
}

// lostData reports whether a committed entry or another answer's file was
// lost or changed: the log must still begin with what it held, and every file
// but the step's own (and the journal and torn-line files) must be as it was.
func lostData(before, after map[string]string, own []string) bool {
	if !strings.HasPrefix(after[content.AuditFile], before[content.AuditFile]) {
		return true
	}
	mine := map[string]bool{content.AuditFile: true, content.JournalFile: true, content.AuditFile + content.TornSuffix: true}
	for _, f := range own {
		mine[filepath.FromSlash(f)] = true
	}
	for name, b := range before {
		if !mine[name] && after[name] != b {
			return true
		}
	}
	return false
}
