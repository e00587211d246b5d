package main

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/studio"
)

// studioRepo copies content/ and intents/ into a temporary repository.
func studioRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"content", "intents"} {
		src := filepath.Join("..", "..", sub)
		require.NoError(t, filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			out := filepath.Join(dir, sub, rel)
			if d.IsDir() {
				return os.MkdirAll(out, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(out, data, 0o644)
		}))
	}
	return dir
}

func skillRunStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb strings.Builder
	code := run(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestStudioAddUser(t *testing.T) {
	dir := studioRepo(t)
	users := filepath.Join(dir, "studio-users.yaml")
	const bea = "a long clinician password\n"
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"an editor cannot open an empty log", "a long editor password\n", []string{"Ann Editor", "--role", "editor"}, 1, "first account must be a clinician"},
		{"a clinician needs a registration", bea, []string{"Dr Bea Lead", "--role", "clinician", "--title", "Midwife"}, 1, "professional registration"},
		{"the first clinician enrols themself, flags first", "a long clinician password\r\n", []string{"--role", "clinician", "--title", "Midwife", "--registration", "NMC 12A3456B", "Dr Bea Lead"}, 0, "added Dr Bea Lead (clinician)"},
		{"then someone must enrol the next", "a long editor password\n", []string{"Ann Editor", "--role", "editor"}, 2, "--enrolled-by is required"},
		{"add an editor", "a long editor password\n" + bea, []string{"Ann Editor", "--role", "editor", "--enrolled-by", "Dr Bea Lead"}, 0, "enrolled by Dr Bea Lead in audit entry 2"},
		{"an editor does not enrol", "a long password for cy\na long editor password\n", []string{"Cy", "--role", "editor", "--enrolled-by", "Ann Editor"}, 1, "only an enrolled clinician enrols"},
		{"the enroller's password is checked", "a long password for cy\nnot bea's password\n", []string{"Cy", "--role", "editor", "--enrolled-by", "Dr Bea Lead"}, 1, "with that password"},
		{"reset a password", "another long password\n" + bea, []string{"Ann Editor", "--role", "editor", "--enrolled-by", "Dr Bea Lead"}, 0, "updated Ann Editor"},
		{"unknown role", "a long editor password\n", []string{"Cy", "--role", "admin"}, 2, "--role must be editor or clinician"},
		{"no name", "a long editor password\n", []string{"--role", "editor"}, 2, "want one NAME"},
		{"short password", "short\n" + bea, []string{"Cy", "--role", "editor", "--enrolled-by", "Dr Bea Lead"}, 1, "at least 12 characters"},
		{"no password", "", []string{"Cy", "--role", "editor", "--enrolled-by", "Dr Bea Lead"}, 1, "no password on standard input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := skillRunStdin(t, tc.stdin, append([]string{"studio", "adduser", "--dir", dir}, tc.args...)...)
			assert.Equal(t, tc.code, code, "stdout %q stderr %q", out, errs)
			assert.Contains(t, out+errs, tc.want)
		})
	}
	us, err := studio.LoadUsers(users)
	require.NoError(t, err)
	require.Len(t, us.Users, 2)
	_, ok := us.Authenticate("Ann Editor", "another long password")
	assert.True(t, ok, "the reset password works")
	_, ok = us.Authenticate("Dr Bea Lead", "a long clinician password")
	assert.True(t, ok, "a CRLF line end is not part of the password")
	fi, err := os.Stat(users)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	data, _ := os.ReadFile(users)
	assert.NotContains(t, string(data), "password\n", "no password in the file")
	a, probs, err := content.LoadAudit(os.DirFS(filepath.Join(dir, "content")))
	require.NoError(t, err)
	require.Empty(t, probs)
	assert.Len(t, a.Entries, 3, "Bea, Ann, and Ann again with her new key")
	u, _ := us.Find("Ann Editor")
	key, err := u.Key("another long password")
	require.NoError(t, err)
	assert.True(t, a.People["Ann Editor"].PublicKey.Equal(key.Public()), "the new key is the one enrolled")
}

// syncWriter lets the test read what the studio prints while it runs.
type syncWriter struct{ lines chan string }

func (w syncWriter) Write(p []byte) (int, error) {
	sc := bufio.NewScanner(strings.NewReader(string(p)))
	for sc.Scan() {
		w.lines <- sc.Text()
	}
	return len(p), nil
}

func TestStudioServes(t *testing.T) {
	dir := studioRepo(t)
	code, _, errs := skillRunStdin(t, "", "studio", "--dir", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "studio-users.yaml")

	code, _, errs = skillRunStdin(t, "a long clinician password\n", "studio", "adduser", "--dir", dir, "Dr Bea Lead", "--role", "clinician", "--title", "Midwife", "--registration", "NMC 12A3456B")
	require.Equal(t, 0, code, errs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := syncWriter{make(chan string, 16)}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, &env{stdin: strings.NewReader(""), stdout: out, stderr: io.Discard}, []string{"studio", "--dir", dir, "--addr", "127.0.0.1:0"})
	}()
	var line string
	select {
	case line = <-out.lines:
	case c := <-done:
		t.Fatalf("studio exited with %d", c)
	case <-time.After(10 * time.Second):
		t.Fatal("studio did not start")
	}
	require.Contains(t, line, "content studio on http://127.0.0.1:")
	url := strings.Fields(strings.TrimPrefix(line, "content studio on "))[0]
	resp, err := http.Get(url + "login")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	cancel()
	select {
	case c := <-done:
		assert.Equal(t, 0, c)
	case <-time.After(15 * time.Second):
		t.Fatal("studio did not stop")
	}
}

// TestStudioDemoAccounts checks the example accounts file: its demo accounts
// have the published password, so the studio serves them on loopback only.
func TestStudioDemoAccounts(t *testing.T) {
	dir := studioRepo(t)
	data, err := os.ReadFile(filepath.Join("..", "..", "studio-users.example.yaml"))
	require.NoError(t, err)
	users := filepath.Join(dir, "studio-users.yaml")
	require.NoError(t, os.WriteFile(users, data, 0o600))
	us, err := studio.LoadUsers(users)
	require.NoError(t, err)
	assert.Equal(t, []string{"Demo Editor", "Demo Clinician"}, us.DemoAccounts())

	code, _, errs := skillRunStdin(t, "", "studio", "--dir", dir, "--addr", "0.0.0.0:0")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "refusing to serve 0.0.0.0:0 beyond this machine")
}

func TestStudioUsage(t *testing.T) {
	code, _, errs := skillRunStdin(t, "", "studio", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, errs, "-tls-cert")
	code, _, errs = skillRunStdin(t, "", "studio", "--tls-cert", "x.pem")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "--tls-cert and --tls-key go together")
	code, out, _ := skillRunStdin(t, "", "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "studio    serve the content studio")
}

// TestStudioRefusesBeyondLoopback: with real accounts the studio serves
// beyond this machine only with --public and HTTPS (its own or a proxy's).
func TestStudioRefusesBeyondLoopback(t *testing.T) {
	dir := studioRepo(t)
	code, _, errs := skillRunStdin(t, "a long clinician password\n", "studio", "adduser", "--dir", dir, "Dr Bea Lead", "--role", "clinician", "--title", "Midwife", "--registration", "NMC 12A3456B")
	require.Equal(t, 0, code, errs)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"all addresses", []string{"--addr", "0.0.0.0:0"}, "--public"},
		{"empty host", []string{"--addr", ":0"}, "--public"},
		{"public over plain HTTP", []string{"--addr", "0.0.0.0:0", "--public"}, "--tls-cert and --tls-key, or --behind-proxy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var out, errb strings.Builder
			code := run(ctx, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, append([]string{"studio", "--dir", dir}, tc.args...))
			assert.Equal(t, 1, code, "stdout %q", out.String())
			assert.Contains(t, errb.String(), tc.want)
		})
	}
}

// TestStudioUsersFileSaysWhatToDo: a missing accounts file points at the
// example file and at adduser; one that others can read gets a warning naming
// chmod 600 (docs/studio.md: the file is written with mode 0600).
func TestStudioUsersFileSaysWhatToDo(t *testing.T) {
	example, err := os.ReadFile(filepath.Join("..", "..", "studio-users.example.yaml"))
	require.NoError(t, err)
	tests := []struct {
		name    string
		mode    os.FileMode // 0: no file
		want    []string
		notWant string
	}{
		{"missing", 0, []string{"studio-users.yaml does not exist", "cp ", "studio-users.example.yaml", "skill studio adduser NAME --role editor|clinician"}, "open "},
		{"readable by everyone", 0o644, []string{"warning: ", "can be read by others (mode 0644)", "chmod 600 "}, ""},
		{"readable by the group", 0o640, []string{"(mode 0640)", "chmod 600 "}, ""},
		{"private", 0o600, nil, "chmod"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := studioRepo(t)
			users := filepath.Join(dir, "studio-users.yaml")
			if tc.mode != 0 {
				require.NoError(t, os.WriteFile(users, example, 0o600))
				require.NoError(t, os.Chmod(users, tc.mode))
			}
			// The demo accounts make the studio refuse 0.0.0.0 after its checks, so
			// nothing is served.
			code, _, errs := skillRunStdin(t, "", "studio", "--dir", dir, "--addr", "0.0.0.0:0")
			assert.Equal(t, 1, code)
			for _, w := range tc.want {
				assert.Contains(t, errs, w)
			}
			if tc.mode != 0 && tc.mode != 0o600 {
				assert.Contains(t, errs, "chmod 600 "+users)
			}
			if tc.notWant != "" {
				assert.NotContains(t, errs, tc.notWant)
			}
		})
	}
}
