package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/term"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/studio"
)

// runStudio serves the content studio, or adds a user with `studio adduser`.
func runStudio(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "adduser" {
		return runStudioAddUser(e, args[1:])
	}
	fs := newFlags(e, "studio", "",
		"Serves the content studio: a web page where editors change answers and clinicians approve them.\n"+
			"Add accounts first with `skill studio adduser NAME --role editor|clinician`. See docs/studio.md.")
	addr := fs.String("addr", "127.0.0.1:8090", "address to listen on; anything but loopback needs --public")
	dir := fs.String("dir", ".", "the repository: content/, intents/ and skill.yaml")
	users := fs.String("users", "", "the accounts file (default DIR/studio-users.yaml)")
	cert := fs.String("tls-cert", "", "serve HTTPS with this certificate `file` (with --tls-key); the session cookie is then Secure")
	key := fs.String("tls-key", "", "the private key `file` for --tls-cert")
	public := fs.Bool("public", false, "allow an --addr beyond this machine (then HTTPS is needed: --tls-cert and --tls-key, or --behind-proxy)")
	proxy := fs.Bool("behind-proxy", false, "an HTTPS reverse proxy is in front: cookies are Secure, the client address is the last X-Forwarded-For (docs/studio.md)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	if (*cert == "") != (*key == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	if *users == "" {
		*users = filepath.Join(*dir, "studio-users.yaml")
	}
	warning, err := checkUsersFile(*users, *dir)
	if err != nil {
		return err
	}
	if warning != "" {
		fmt.Fprintln(e.stderr, "warning: "+warning)
	}
	s, err := studio.New(studio.Config{Dir: *dir, UsersFile: *users, BehindProxy: *proxy})
	if err != nil {
		return err
	}
	if us, err := studio.LoadUsers(*users); err == nil {
		if demo := us.DemoAccounts(); len(demo) > 0 {
			fmt.Fprintf(e.stderr, "warning: demo accounts with the published password: %s (local use only)\n", strings.Join(demo, ", "))
		}
	}
	return studio.Serve(ctx, studio.ServeConfig{Addr: *addr, CertFile: *cert, KeyFile: *key, Public: *public}, s, func(url string) {
		fmt.Fprintf(e.stdout, "content studio on %s (content %s); Ctrl-C to stop\n", url, filepath.Join(*dir, "content"))
	})
}

// checkUsersFile says what to do about the accounts file at path: how to make
// one when it is missing, and a warning when others can read it (it holds
// password hashes and names staff; adduser writes it with mode 0600).
func checkUsersFile(path, dir string) (warning string, err error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("the accounts file %s does not exist: for a local demo, cp %s %s; "+
			"for real accounts, add each person with skill studio adduser NAME --role editor|clinician",
			path, filepath.Join(dir, "studio-users.example.yaml"), path)
	}
	if err != nil {
		return "", fmt.Errorf("the accounts file: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return fmt.Sprintf("%s can be read by others (mode %04o) and holds password hashes: chmod 600 %s", path, perm, path), nil
	}
	return "", nil
}

func runStudioAddUser(e *env, args []string) error {
	fs := newFlags(e, "studio adduser", "NAME --role editor|clinician --title TITLE [--registration REG] [--enrolled-by CLINICIAN]",
		"Adds an account of the studio and of skill content, or resets an existing one, and enrols it in\n"+
			"the audit log (content/audit.jsonl) so that it can record steps. It makes the account a new Ed25519\n"+
			"signing key, sealed with its password in the accounts file; only the public half goes in the log.\n"+
			"An enrolled clinician enrols people (--enrolled-by, who is asked for their password); the first\n"+
			"account of an empty log is a clinician, usually the Clinical Safety Officer, who enrols themself.\n"+
			"Passwords are read from the terminal without echo (the new one twice), or one a line from\n"+
			"standard input when it is not a terminal: the new password, then the enroller's.")
	role := fs.String("role", "", "editor (edits and sends for review) or clinician (also approves, retires and enrols)")
	title := fs.String("title", "", "what they are, as approvals show it: Midwife, Health visitor, General practitioner (default for an editor: Content editor)")
	reg := fs.String("registration", "", "a clinician's professional registration: \"NMC 12A3456B\", \"GMC 1234567\" or \"HCPC PA12345\"")
	by := fs.String("enrolled-by", "", "the enrolled clinician who enrols them (not needed for the first clinician of an empty log)")
	dir := fs.String("dir", ".", "the repository: content/ and the accounts file")
	users := fs.String("users", "", "the accounts file (default DIR/studio-users.yaml)")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintf(e.stderr, "want one NAME (quote a name with spaces), got %d arguments\n", len(pos))
		fs.Usage()
		return errUsage
	}
	if !studio.ValidRole(*role) {
		fmt.Fprintln(e.stderr, "--role must be editor or clinician")
		fs.Usage()
		return errUsage
	}
	if *title == "" && *role == studio.RoleEditor {
		*title = "Content editor"
	}
	if *users == "" {
		*users = filepath.Join(*dir, "studio-users.yaml")
	}
	acct := studio.Account{Name: pos[0], Role: *role, Title: *title, Registration: *reg}
	// Refuse what cannot be enrolled before asking for any password.
	if err := acct.Person(make([]byte, ed25519.PublicKeySize)).Validate(); err != nil {
		return fmt.Errorf("studio adduser: %w", err)
	}
	repo := &content.Repo{Dir: filepath.Join(*dir, "content"), Now: time.Now}
	if _, err := repo.Recover(); err != nil {
		return err
	}
	a, probs, err := content.LoadAudit(os.DirFS(repo.Dir))
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		return &content.AuditError{Problems: probs}
	}
	self := len(a.Entries) == 0
	switch {
	case self && (*role != studio.RoleClinician || (*by != "" && *by != pos[0])):
		return fmt.Errorf("studio adduser: %s is empty: its first account must be a clinician who enrols themself (usually the Clinical Safety Officer)", filepath.Join(repo.Dir, content.AuditFile))
	case !self && *by == "":
		fmt.Fprintln(e.stderr, "--enrolled-by is required: the enrolled clinician who enrols them")
		fs.Usage()
		return errUsage
	}
	pw := newPasswords(e)
	password, err := pw.fresh(pos[0])
	if err != nil {
		return err
	}
	var enroller content.Signoff
	if !self {
		if enroller, err = pw.signoff(*users, *by, "who enrols "+pos[0]); err != nil {
			return err
		}
		// Refused before the account is written: Enrol says the same.
		if p := a.People[enroller.By]; !p.CanApprove() || !p.PublicKey.Equal(enroller.Key.Public()) {
			return fmt.Errorf("studio adduser: %s is not an enrolled clinician with this key: only an enrolled clinician enrols people; nothing was changed", enroller.By)
		}
	}
	added, pub, err := studio.AddUser(*users, acct, password, bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	if self {
		if enroller, err = signoffFor(*users, pos[0], password); err != nil {
			return err
		}
	}
	enroller.Note = "enrolled with skill studio adduser"
	entry, err := repo.Enrol(acct.Person(pub), enroller)
	if err != nil {
		return fmt.Errorf("%w\n%s was written to %s but not enrolled: run adduser again", err, pos[0], *users)
	}
	did := "updated"
	if added {
		did = "added"
	}
	fmt.Fprintf(e.stdout, "%s %s (%s) in %s\n", did, pos[0], *role, *users)
	fmt.Fprintf(e.stdout, "enrolled by %s in audit entry %d; signing key %s\n", entry.By, entry.Seq, content.Fingerprint(pub))
	fmt.Fprintf(e.stdout, "commit %s; keep %s out of version control\n", filepath.Join(repo.Dir, content.AuditFile), *users)
	return nil
}

// passwords reads passwords: from the terminal without echo, or one a line
// from standard input when it is not a terminal.
type passwords struct {
	e    *env
	tty  *os.File
	line *bufio.Reader
}

func newPasswords(e *env) *passwords {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &passwords{e: e, tty: f}
	}
	return &passwords{e: e, line: bufio.NewReader(e.stdin)}
}

// read asks for one password with prompt.
func (p *passwords) read(prompt string) (string, error) {
	if p.tty != nil {
		fmt.Fprint(p.e.stderr, prompt)
		b, err := term.ReadPassword(int(p.tty.Fd()))
		fmt.Fprintln(p.e.stderr)
		return string(b), err
	}
	line, err := p.line.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}

// fresh reads a new password for name: twice on a terminal.
func (p *passwords) fresh(name string) (string, error) {
	p1, err := p.read(fmt.Sprintf("Password for %s (at least %d characters): ", name, studio.MinPasswordLen))
	if err != nil || p.tty == nil {
		return p1, err
	}
	p2, err := p.read("Password again: ")
	if err != nil {
		return "", err
	}
	if p1 != p2 {
		return "", errors.New("the passwords do not match; nothing was changed")
	}
	return p1, nil
}

// signoff asks for name's password and opens their signing key from the
// accounts file users; why says what it is for.
func (p *passwords) signoff(users, name, why string) (content.Signoff, error) {
	password, err := p.read(fmt.Sprintf("Password of %s (%s): ", name, why))
	if err != nil {
		return content.Signoff{}, err
	}
	return signoffFor(users, name, password)
}

// signoffFor opens name's signing key from the accounts file users.
func signoffFor(users, name, password string) (content.Signoff, error) {
	us, err := studio.LoadUsers(users)
	if err != nil {
		return content.Signoff{}, err
	}
	u, ok := us.Authenticate(name, password)
	if !ok {
		return content.Signoff{}, fmt.Errorf("%s: no account %q with that password", users, name)
	}
	key, err := u.Key(password)
	if err != nil {
		return content.Signoff{}, err
	}
	return content.Signoff{By: u.Name, Key: key}, nil
}
