package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/attack"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/content"
)

// contentCommands are the subcommands of `skill content`: the clinical content
// governance workflow.
var contentCommands = []command{
	{"status", "list every answer's lifecycle status, approval and review date", runContentStatus},
	{"submit", "send a draft for clinical review (draft -> in-review)", runContentSubmit},
	{"approve", "record a clinician's approval of an answer's current text", runContentApprove},
	{"retire", "withdraw an answer, saying why", runContentRetire},
	{"diff", "show what changed in an answer since it was approved", runContentDiff},
	{"audit", "verify the audit log and show an answer's history", runContentAudit},
	{"check", "check NHS style, voice limits, signposting and (--release) approvals", runContentCheck},
	{"recover", "finish or undo a step a crash or full disk interrupted", runContentRecover},
	{"attack", "try every tampering, fault and hostile request on copies, and print what held", runContentAttack},
}

func runContent(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stdout, "Usage: skill content COMMAND [flags]\n\nCommands:")
		for _, c := range contentCommands {
			fmt.Fprintf(e.stdout, "  %-9s %s\n", c.name, c.summary)
		}
		fmt.Fprintln(e.stdout, "\nThe workflow: edit the YAML, `check`, `submit`, a clinician `approve`s, commit\nthe answer file, approved/ID.json and audit.jsonl together. See docs/clinical-safety/.")
		return nil
	}
	for _, c := range contentCommands {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "skill content: unknown command %q (want one of status, submit, approve, retire, diff, audit, check, recover, attack)\n", args[0])
	return errUsage
}

// parseMixed is parseArgs, the one parser of flags mixed with arguments.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) { return parseArgs(fs, args) }

// dirFlag adds the --dir flag every content command shares.
func dirFlag(fs *flag.FlagSet) *string {
	return fs.String("dir", "content", "the content directory: answer files, approved/ and audit.jsonl")
}

// dateFlag adds --date, to see the review dates as they will stand on a day.
func dateFlag(fs *flag.FlagSet) *string {
	return fs.String("date", "", "judge review dates as on `YYYY-MM-DD` (default today)")
}

func dayOf(s string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	d, err := time.ParseInLocation(content.DateLayout, s, time.Local)
	if err != nil {
		return time.Time{}, fmt.Errorf("--date %q: want YYYY-MM-DD", s)
	}
	return d, nil
}

// oneID returns the single answer id among the positional arguments.
func oneID(e *env, fs *flag.FlagSet, pos []string) (string, error) {
	if len(pos) != 1 {
		fmt.Fprintf(e.stderr, "want one answer id, got %d arguments\n", len(pos))
		fs.Usage()
		return "", errUsage
	}
	return pos[0], nil
}

// signpostsOf is what the placeholders of the content directory dir stand
// for: the skill.yaml beside it (in the repository that holds it), else the
// one built in. Approvals cover these values in every nation, so the
// approval hashes depend on it, never on the nation chosen.
func signpostsOf(dir string) (content.Signposts, error) {
	sk, err := config.Load(filepath.Join(filepath.Dir(filepath.Clean(dir)), "skill.yaml"))
	if errors.Is(err, fs.ErrNotExist) {
		sk, err = config.Embedded()
	}
	if err != nil {
		return content.Signposts{}, err
	}
	return sk.SignpostsFor(sk.Nation)
}

// rulesOf is the red-flag rules of the repository that holds the content
// directory dir (intents/red-flags.yaml beside it), else the built-in ones:
// they are under the same approval as the answers.
func rulesOf(dir string) (content.Rules, error) {
	r := content.Rules{ID: content.RedFlagsID, File: "intents/red-flags.yaml"}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Clean(dir)), "intents", "red-flags.yaml"))
	if errors.Is(err, fs.ErrNotExist) {
		b, err = fs.ReadFile(intents.FS, "red-flags.yaml")
	}
	r.Data = b
	return r, err
}

// rulesTopic is the red-flag rules of dir as the lifecycle sees them.
func rulesTopic(dir string) (*content.Topic, error) {
	rl, err := rulesOf(dir)
	if err != nil {
		return nil, err
	}
	a, _, err := content.LoadAudit(os.DirFS(dir))
	if err != nil {
		return nil, err
	}
	return content.RulesTopic(rl, a)
}

// loadDir loads the answers in dir, their placeholders bound to signpostsOf.
func loadDir(dir string) (*content.Store, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("content directory: %w (use --dir)", err)
	}
	sp, err := signpostsOf(dir)
	if err != nil {
		return nil, err
	}
	return content.Load(os.DirFS(dir), sp)
}

func runContentStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content status", "", "Lists every answer: status, who approved it (and their role), when, when its review is due,\nwhether it changed since approval and whether its review is overdue.")
	asJSON := fs.Bool("json", false, "print a JSON array of objects")
	dir := dirFlag(fs)
	date := dateFlag(fs)
	if _, err := parseMixed(fs, args); err != nil {
		return err
	}
	now, err := dayOf(*date)
	if err != nil {
		return err
	}
	s, err := loadDir(*dir)
	if err != nil {
		return err
	}
	rules, err := rulesTopic(*dir)
	if err != nil {
		return err
	}
	s.Include(rules)
	rows := append(content.Status(s, now), content.StatusOf(rules, now))
	if *asJSON {
		type jsonRow struct {
			content.StatusRow
			Version string `json:"content_version"`
		}
		out := make([]jsonRow, len(rows))
		for i, r := range rows {
			out[i] = jsonRow{r, s.Version()}
		}
		return writeJSON(e.stdout, out)
	}
	counts := map[string]int{}
	servable, answers := 0, 0
	prompts, redflags := "", ""
	for _, r := range rows {
		if r.ID == content.PromptsID || r.ID == content.RedFlagsID {
			st := r.Status
			if r.ChangedSinceApproval {
				st += ", changed since approval"
			}
			if r.ID == content.PromptsID {
				prompts = st
			} else {
				redflags = st
			}
			continue
		}
		answers++
		counts[r.Status]++
		if r.Servable {
			servable++
		}
	}
	var parts []string
	for _, st := range []string{content.Draft, content.InReview, content.Approved, content.Retired} {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
		}
	}
	fmt.Fprintf(e.stdout, "content version %s: %d answers (%s); %d servable as approved on %s; the skill's own words (prompts) %s; the red-flag rules (red-flags) %s\n\n",
		s.Version(), answers, strings.Join(parts, ", "), servable, now.Format(content.DateLayout), prompts, redflags)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tAPPROVED BY\tROLE\tAPPROVED ON\tREVIEW DUE\tCHANGED SINCE APPROVAL\tREVIEW OVERDUE")
	for _, r := range rows {
		changed, overdue := "-", "-"
		if r.ApprovedOn != "" {
			changed, overdue = yesNo(r.ChangedSinceApproval), yesNo(r.ReviewOverdue)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Status, dash(r.ApprovedBy), dash(r.Role), dash(r.ApprovedOn), dash(r.ReviewDue), changed, overdue)
	}
	return tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "no"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// signoffFlags are the flags of the lifecycle steps.
type signoffFlags struct {
	by, note, users *string
	months          *int
	dir             *string
}

func addSignoffFlags(fs *flag.FlagSet, approve bool) *signoffFlags {
	f := &signoffFlags{
		by:    fs.String("by", "", "your name, as your account has it (required); you are asked for your password, which opens your signing key"),
		note:  fs.String("note", "", "a note for the audit log"),
		users: fs.String("users", "", "the accounts file (default: studio-users.yaml beside the content directory)"),
		dir:   dirFlag(fs),
	}
	if approve {
		f.months = fs.Int("review-months", content.DefaultReviewMonths, "months until the answer's clinical review is due")
	}
	return f
}

// usersFile is the accounts file: --users, or studio-users.yaml in the
// repository that holds the content directory.
func (f *signoffFlags) usersFile() string {
	if *f.users != "" {
		return *f.users
	}
	return filepath.Join(filepath.Dir(filepath.Clean(*f.dir)), "studio-users.yaml")
}

func runContentSubmit(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content submit", "ID --by NAME", "Moves a draft answer to in-review (an approved answer being revised goes back to in-review too)\nand records it in the audit log.")
	f := addSignoffFlags(fs, false)
	return lifecycle(e, fs, args, f, "submitted for review", func(r *content.Repo, id string, s content.Signoff) (content.Entry, error) {
		return r.Submit(id, s)
	})
}

func runContentApprove(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content approve", "ID --by NAME", "Records your clinical approval of the answer's current text: your name, title and registration\n(as the audit log enrols you), today's date, the review-due date and the text's hash, signed with\nyour key. The answer must be in review with the text that was submitted, and you must be a\nregistered clinician who neither sent it for review nor last edited it. Sets status: approved,\nkeeps the approved text in approved/ID.json for diff, and appends to audit.jsonl, all or nothing.\nRefuses a file that does not validate and a retired answer.")
	f := addSignoffFlags(fs, true)
	return lifecycle(e, fs, args, f, "approved", func(r *content.Repo, id string, s content.Signoff) (content.Entry, error) {
		s.ReviewMonths = *f.months
		return r.Approve(id, s)
	})
}

func runContentRetire(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content retire", "ID --by NAME --note WHY", "Withdraws an answer: the skill stops offering it. Records why in the audit log.")
	f := addSignoffFlags(fs, false)
	return lifecycle(e, fs, args, f, "retired", func(r *content.Repo, id string, s content.Signoff) (content.Entry, error) {
		return r.Retire(id, s)
	})
}

// lifecycle runs one lifecycle step and reports what was recorded.
func lifecycle(e *env, fs *flag.FlagSet, args []string, f *signoffFlags, did string, step func(*content.Repo, string, content.Signoff) (content.Entry, error)) error {
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID(e, fs, pos)
	if err != nil {
		return err
	}
	if strings.TrimSpace(*f.by) == "" {
		fmt.Fprintln(e.stderr, "--by is required: say who you are")
		fs.Usage()
		return errUsage
	}
	if _, err := os.Stat(*f.dir); err != nil {
		return fmt.Errorf("content directory: %w (use --dir)", err)
	}
	// What can be refused without the password is refused first.
	if _, err := os.Stat(filepath.Join(*f.dir, id+".yaml")); err != nil && id != content.RedFlagsID {
		return fmt.Errorf("no answer %q in %s", id, *f.dir)
	}
	if did == "retired" && strings.TrimSpace(*f.note) == "" {
		return fmt.Errorf("content: retire %s: say why in the note (--note)", id)
	}
	sp, err := signpostsOf(*f.dir)
	if err != nil {
		return err
	}
	rules, err := rulesOf(*f.dir)
	if err != nil {
		return err
	}
	r := &content.Repo{Dir: *f.dir, Now: time.Now, Signposts: sp, Rules: []content.Rules{rules}, Notify: func(p content.Problem) {
		fmt.Fprintf(e.stderr, "put right: %s\n", withDir(*f.dir, p.String()))
	}}
	s, err := newPasswords(e).signoff(f.usersFile(), strings.TrimSpace(*f.by), "signs this step")
	if err != nil {
		return err
	}
	s.Note = *f.note
	entry, err := step(r, id, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s %s by %s", id, did, entry.By)
	if entry.Role != "" {
		fmt.Fprintf(e.stdout, " (%s)", strings.Join(nonEmpty(entry.Role, entry.Registration), ", "))
	}
	fmt.Fprintf(e.stdout, "; content hash %s\n", short(entry.ContentHash))
	if entry.Action == content.ActionApprove {
		if s, err := loadDir(*f.dir); err == nil {
			if t, ok := s.Raw(id); ok && t.Approval != nil {
				fmt.Fprintf(e.stdout, "approved on %s, review due %s\n", t.Approval.On, t.Approval.ReviewDue)
			}
		}
	}
	fmt.Fprintf(e.stdout, "audit entry %d, hash %s\n", entry.Seq, short(entry.Hash))
	files := []string{*f.dir + "/" + id + ".yaml", *f.dir + "/" + content.AuditFile}
	if entry.Action == content.ActionApprove {
		files = append(files, *f.dir+"/"+content.ApprovedDir+"/"+id+".json")
	}
	fmt.Fprintf(e.stdout, "commit together: git add %s\n", strings.Join(files, " "))
	return nil
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func runContentDiff(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content diff", "ID", "Shows what changed in the answer's clinical text (spoken parts, variants, card, sources)\nsince it was approved, one sentence per line.")
	dir := dirFlag(fs)
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID(e, fs, pos)
	if err != nil {
		return err
	}
	s, err := loadDir(*dir)
	if err != nil {
		return err
	}
	t, ok := s.Approvable(id)
	if id == content.RedFlagsID {
		if t, err = rulesTopic(*dir); err != nil {
			return err
		}
		ok = true
	}
	if !ok {
		return fmt.Errorf("no answer %q in %s", id, *dir)
	}
	d, err := content.DiffApproved(os.DirFS(*dir), t)
	if err != nil {
		return err
	}
	if d == "" {
		fmt.Fprintf(e.stdout, "%s: no change since approval on %s by %s\n", id, t.Approval.On, t.Approval.By)
		return nil
	}
	fmt.Fprint(e.stdout, d)
	return nil
}

// errProblems is a failed verification or check: the details are already
// printed, and the exit status is 1.
type errProblems struct{ msg string }

// Error is the one-line summary printed after the details.
func (e errProblems) Error() string { return e.msg }

// ExitCode makes `skill` exit with status 1.
func (e errProblems) ExitCode() int { return 1 }

// verifyAudit verifies the approvals of dir as a deployment does before it
// starts (content.Verify): no interrupted step, the log's chain, signatures
// and rules, every approval record against its signed entry, and every
// snapshot. Answers that do not load are left to check to report.
func verifyAudit(dir string) (*content.Audit, []content.Problem, error) {
	fsys := os.DirFS(dir)
	a, _, err := content.LoadAudit(fsys)
	if err != nil {
		return nil, nil, err
	}
	var topics []*content.Topic
	s, err := loadDir(dir)
	if err != nil {
		var le *content.LoadError
		if !errors.As(err, &le) {
			return nil, nil, err
		}
	} else {
		topics = s.Approvables()
	}
	if rules, err := rulesTopic(dir); err == nil {
		topics = append(topics, rules)
	} else {
		return nil, nil, err
	}
	return a, content.Verify(fsys, topics), nil
}

func runContentAudit(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content audit", "[ID]", "Verifies the whole audit log (an edited, removed, reordered or inserted line is reported\nwith its line number) and that every approval matches its log entry, then prints the\nhistory of one answer, or the whole log.")
	dir := dirFlag(fs)
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		fs.Usage()
		return errUsage
	}
	if _, err := os.Stat(*dir); err != nil {
		return fmt.Errorf("content directory: %w (use --dir)", err)
	}
	a, probs, err := verifyAudit(*dir)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintf(e.stdout, "%s\n", withDir(*dir, p.String()))
		}
		return errProblems{fmt.Sprintf("audit verification failed: %d problem(s)", len(probs))}
	}
	fmt.Fprintf(e.stdout, "%s: %d entries, chain and signatures intact, head %s; approvals and snapshots match the log\n", withDir(*dir, content.AuditFile), len(a.Entries), dash(short(a.Head())))
	if first := firstEnrolment(a); first != nil {
		fmt.Fprintf(e.stdout, "root of trust: entry 1 enrols %s (%s), key %s\n", first.Person, first.Title, short(first.PublicKey))
	}
	entries := a.Entries
	if len(pos) == 1 {
		entries = a.History(pos[0])
		fmt.Fprintf(e.stdout, "\nhistory of %s: %d entries\n", pos[0], len(entries))
	}
	if len(entries) == 0 {
		return nil
	}
	fmt.Fprintln(e.stdout)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME\tACTION\tID\tBY\tROLE\tCONTENT\tNOTE")
	for _, en := range entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", en.Seq, en.Time, en.Action, en.ID, en.By, dash(en.Role), short(en.ContentHash), en.Note)
	}
	return tw.Flush()
}

// firstEnrolment is the log's first entry when it enrols someone: the root
// of trust a release note records.
func firstEnrolment(a *content.Audit) *content.Entry {
	if len(a.Entries) == 0 || a.Entries[0].Action != content.ActionEnrol {
		return nil
	}
	return &a.Entries[0]
}

// withDir prefixes a "file:line: msg" with the content directory.
func withDir(dir, s string) string {
	if dir == "" || dir == "." {
		return s
	}
	return strings.TrimSuffix(dir, "/") + "/" + s
}

func runContentRecover(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content recover", "", "Puts right what an interrupted step left (a crash, a full disk): finishes a step whose audit entry\nwas written, undoes one whose entry was not (content/journal.json says which files), and cuts a\npartial last line off audit.jsonl into audit.jsonl.torn. Every other step, and the studio, do the\nsame first; the deployed functions only report it and refuse to start.")
	dir := dirFlag(fs)
	if _, err := parseMixed(fs, args); err != nil {
		return err
	}
	if _, err := os.Stat(*dir); err != nil {
		return fmt.Errorf("content directory: %w (use --dir)", err)
	}
	report, err := (&content.Repo{Dir: *dir, Now: time.Now}).Recover()
	if err != nil {
		return err
	}
	for _, p := range report {
		fmt.Fprintln(e.stdout, "put right: "+withDir(*dir, p.String()))
	}
	if len(report) == 0 {
		fmt.Fprintln(e.stdout, "nothing to put right")
	}
	return nil
}

// attackClock is the fixed clock of `content attack`, so its table repeats.
var attackClock = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func runContentAttack(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content attack", "", "Tries, on copies of the shipped answers in a temporary folder (with a test team enrolled and\nlatch and mastitis approved there), what a careless hand, a failing disk or an attacker could do\nto the approval store: the audit log edited, reordered, truncated, entries removed or forged,\napproval records and snapshots edited or made up, read-only folders, a full disk, a crash at every\nchange of every step; then requests to the studio and to skill serve's Alexa and Dialogflow routes\nover 127.0.0.1 (wrong passwords, open redirects, CSRF, oversized bodies, bad signatures, wrong\ncredentials). Prints a table (docs/approval-store-attacks.md keeps it): per case, how many\nvariants were tried, how many were refused cleanly, how many lost data. Exits 1 unless every\nvariant was refused cleanly and nothing was lost. The repository's content is never touched.")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	if _, err := parseMixed(fs, args); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "skill-attack-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	rs, err := attack.Run(tmp, attackClock)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(e.stdout, rs); err != nil {
			return err
		}
	} else {
		fmt.Fprint(e.stdout, attack.Markdown(rs))
	}
	if tried, refused, lost := attack.Totals(rs); refused != tried || lost > 0 {
		return errProblems{fmt.Sprintf("%d of %d not refused cleanly, %d lost data", tried-refused, tried, lost)}
	}
	return nil
}

func runContentCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "content check", "", "Checks every answer against NHS content style and the voice platforms' limits, and the\nsignposting placeholders for every nation. Each finding has file:line and a severity.\nErrors fail the check; warnings do not. --release also fails on any answer not approved,\nchanged since approval or overdue for review, and on a broken audit log.")
	release := fs.Bool("release", false, "also require every answer to be approved, unchanged and in date, and the audit log intact")
	asJSON := fs.Bool("json", false, "print the findings as a JSON array")
	dir := dirFlag(fs)
	date := dateFlag(fs)
	if _, err := parseMixed(fs, args); err != nil {
		return err
	}
	now, err := dayOf(*date)
	if err != nil {
		return err
	}
	if _, err := os.Stat(*dir); err != nil {
		return fmt.Errorf("content directory: %w (use --dir)", err)
	}
	if *release && !*asJSON {
		printNotReady(e, *dir)
	}
	findings, err := contentFindings(*dir, now, *release)
	if err != nil {
		return err
	}
	mode := "check"
	if *release {
		mode = "release check"
	}
	return reportFindings(e, findings, *asJSON, mode, func(f content.Finding) string { return withDir(*dir, f.String()) })
}

// printNotReady says first what a deployment of the content in dir would do:
// refuse to start when nothing, or not the prompts and rules, is approved.
func printNotReady(e *env, dir string) {
	// Said first: what a deployment of this content would do.
	if s, err := loadDir(dir); err == nil {
		var why []string
		approved := 0
		for _, t := range s.Written() {
			if t.Status == content.Approved {
				approved++
			}
		}
		if approved == 0 {
			why = append(why, fmt.Sprintf("none of the %d answers is approved.", len(s.IDs())))
		}
		frame := []*content.Topic{s.PromptsTopic()}
		if rules, err := rulesTopic(dir); err == nil {
			frame = append(frame, rules)
		}
		for _, t := range frame {
			switch {
			case t.Status != content.Approved:
				why = append(why, fmt.Sprintf("%s is %s.", t.File, t.Status))
			case t.ChangedSinceApproval():
				why = append(why, fmt.Sprintf("%s changed since approval.", t.File))
			}
		}
		if len(why) > 0 {
			fmt.Fprintf(e.stdout, "NOT READY: %s The deployed functions and `skill serve` (approved-only by default) refuse to start on this content.\n\n", strings.Join(why, " "))
		}
	}
}

// contentFindings checks the answers in dir; with release, also the red-flag
// rules, that each is approved, unchanged and in date, and that the audit log
// is intact.
func contentFindings(dir string, now time.Time, release bool) ([]content.Finding, error) {
	sp, err := signpostsOf(dir)
	if err != nil {
		return nil, err
	}
	findings, err := content.CheckAll(os.DirFS(dir), content.CheckOptions{Now: now, Release: release, Signposts: sp.Nations()})
	if err != nil {
		return nil, err
	}
	if release {
		rules, err := rulesTopic(dir)
		if err != nil {
			return nil, err
		}
		findings = append(findings, content.Check(rules, content.CheckOptions{Now: now, Release: true})...)
		_, probs, err := verifyAudit(dir)
		if err != nil {
			return nil, err
		}
		for _, p := range probs {
			findings = append(findings, content.Finding{File: p.File, Line: p.Line, Severity: content.SeverityError, Kind: "audit", Msg: p.Msg})
		}
	}
	return findings, nil
}

// reportFindings prints findings (as JSON, or one line each and a summary
// line naming mode) and fails when any is an error.
func reportFindings(e *env, findings []content.Finding, asJSON bool, mode string, line func(content.Finding) string) error {
	errs := content.Errors(findings)
	if asJSON {
		if findings == nil {
			findings = []content.Finding{}
		}
		if err := writeJSON(e.stdout, findings); err != nil {
			return err
		}
	} else {
		for _, f := range findings {
			fmt.Fprintln(e.stdout, line(f))
		}
		byKind := map[string]int{}
		for _, f := range findings {
			byKind[string(f.Severity)+" "+f.Kind]++
		}
		var kinds []string
		for k, n := range byKind {
			kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(kinds)
		fmt.Fprintf(e.stdout, "\n%s: %d errors, %d warnings", mode, errs, len(findings)-errs)
		if len(kinds) > 0 {
			fmt.Fprintf(e.stdout, " (%s)", strings.Join(kinds, ", "))
		}
		fmt.Fprintln(e.stdout)
	}
	if errs > 0 {
		return errProblems{fmt.Sprintf("%d error(s)", errs)}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
