package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/term"

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
	fs := newFlags(e, "studio adduser", "NAME --role editor|clinician",
		"Adds a studio account, or resets the role and password of an existing one. The password is read\n"+
			"from the terminal without echo (twice), or from the first line of standard input when it is not\n"+
			"a terminal. Only its bcrypt hash is stored.")
	role := fs.String("role", "", "editor (edits and sends for review) or clinician (also approves)")
	dir := fs.String("dir", ".", "the repository (the accounts file defaults to DIR/studio-users.yaml)")
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
	if *users == "" {
		*users = filepath.Join(*dir, "studio-users.yaml")
	}
	password, err := readPassword(e)
	if err != nil {
		return err
	}
	added, err := studio.AddUser(*users, pos[0], *role, password, bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	did := "updated"
	if added {
		did = "added"
	}
	fmt.Fprintf(e.stdout, "%s %s (%s) in %s\n", did, pos[0], *role, *users)
	return nil
}

// readPassword reads the new password: from the terminal without echo, asked
// twice, or the first line of standard input.
func readPassword(e *env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(e.stderr, "Password (at least %d characters): ", studio.MinPasswordLen)
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(e.stderr, "Password again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords do not match; nothing was changed")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}
