package studio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/google/renameio/v2"
	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/bcrypt"
)

// Roles a studio user can have. An editor changes answers and sends them for
// review; a clinician can also approve.
const (
	RoleEditor    = "editor"
	RoleClinician = "clinician"
)

// MinPasswordLen is the shortest password adduser accepts.
const MinPasswordLen = 12

// DemoPassword is the published password of the demo accounts in
// studio-users.example.yaml. The studio refuses to serve a non-loopback
// address while any account still uses it.
const DemoPassword = "demo-only-not-a-secret"

// User is one studio account.
type User struct {
	Name         string `yaml:"name"`
	Role         string `yaml:"role"`
	PasswordHash string `yaml:"password_hash"`
}

// Can reports whether the user may take an action that needs role.
func (u *User) Can(role string) bool {
	switch role {
	case RoleEditor:
		return u.Role == RoleEditor || u.Role == RoleClinician
	case RoleClinician:
		return u.Role == RoleClinician
	}
	return false
}

// Users is the accounts file.
type Users struct {
	Users []User `yaml:"users"`
}

const usersHeader = `# Content studio accounts (skill studio). Roles: editor, clinician.
# Passwords are bcrypt hashes; add or reset a user with
#   skill studio adduser "NAME" --role editor|clinician
# Keep this file out of version control: it identifies your staff.
`

// ValidRole reports whether role is a studio role.
func ValidRole(role string) bool { return role == RoleEditor || role == RoleClinician }

// ValidName reports why a user name cannot be used ("" when it can). Names
// go into the audit log, which keeps one line per entry.
func ValidName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "enter a name"
	case name != strings.TrimSpace(name):
		return "the name starts or ends with a space"
	case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "the name contains a control character"
	case utf8.RuneCountInString(name) > 80:
		return "the name is longer than 80 characters"
	}
	return ""
}

// LoadUsers reads the accounts file and checks every account.
func LoadUsers(path string) (*Users, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("studio: users: %w", err)
	}
	var u Users
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&u); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("studio: users %s: %w", path, err)
	}
	seen := map[string]bool{}
	for i, x := range u.Users {
		if why := ValidName(x.Name); why != "" {
			return nil, fmt.Errorf("studio: users %s: user %d: %s", path, i+1, why)
		}
		if seen[foldName(x.Name)] {
			return nil, fmt.Errorf("studio: users %s: %q is listed twice", path, x.Name)
		}
		seen[foldName(x.Name)] = true
		if !ValidRole(x.Role) {
			return nil, fmt.Errorf("studio: users %s: %s: role %q is not editor or clinician", path, x.Name, x.Role)
		}
		if _, err := bcrypt.Cost([]byte(x.PasswordHash)); err != nil {
			return nil, fmt.Errorf("studio: users %s: %s: password_hash is not a bcrypt hash", path, x.Name)
		}
	}
	return &u, nil
}

// Find returns the user with name (names match as foldName says).
func (us *Users) Find(name string) (*User, bool) {
	key := foldName(name)
	for i := range us.Users {
		if foldName(us.Users[i].Name) == key {
			return &us.Users[i], true
		}
	}
	return nil, false
}

// foldName is the one form in which user names are compared: by the sign-in
// match (Find), the accounts file's duplicate check and the sign-in throttle,
// so a name written another way ("SISTER JONES", or "ſister Joneſ" with the
// long s) is the same account to all three. Each letter becomes the least
// letter of its Unicode simple case-folding orbit, so foldName(a) ==
// foldName(b) exactly when strings.EqualFold(a, b).
func foldName(name string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, name)
}

// dummyHash is compared against when a name is unknown, so that a wrong name
// takes as long as a wrong password. It is made on first use, not at start-up.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("no such user"), bcrypt.DefaultCost)
	return h
})

// Authenticate returns the user whose name and password match.
func (us *Users) Authenticate(name, password string) (*User, bool) {
	u, ok := us.Find(strings.TrimSpace(name))
	hash := dummyHash()
	if ok {
		hash = []byte(u.PasswordHash)
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || !ok {
		return nil, false
	}
	return u, true
}

// DemoAccounts returns the names of accounts whose password is DemoPassword.
func (us *Users) DemoAccounts() []string {
	var out []string
	for _, u := range us.Users {
		if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(DemoPassword)) == nil {
			out = append(out, u.Name)
		}
	}
	return out
}

// AddUser adds an account to the file at path, or replaces the role and
// password of an existing one, and reports whether it was added. The file is
// created with mode 0600 when missing.
func AddUser(path, name, role, password string, cost int) (added bool, err error) {
	if why := ValidName(name); why != "" {
		return false, fmt.Errorf("studio: adduser: %s", why)
	}
	if !ValidRole(role) {
		return false, fmt.Errorf("studio: adduser: role %q: want editor or clinician", role)
	}
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return false, fmt.Errorf("studio: adduser: the password must be at least %d characters", MinPasswordLen)
	}
	if len(password) > 72 {
		return false, errors.New("studio: adduser: the password must be at most 72 bytes (bcrypt's limit)")
	}
	us := &Users{}
	if _, err := os.Stat(path); err == nil {
		if us, err = LoadUsers(path); err != nil {
			return false, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("studio: users: %w", err)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return false, fmt.Errorf("studio: adduser: %w", err)
	}
	if u, ok := us.Find(name); ok {
		u.Role, u.PasswordHash = role, string(hash)
	} else {
		us.Users = append(us.Users, User{Name: name, Role: role, PasswordHash: string(hash)})
		added = true
	}
	var out bytes.Buffer
	out.WriteString(usersHeader)
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := errors.Join(enc.Encode(us), enc.Close()); err != nil {
		return false, fmt.Errorf("studio: users: %w", err)
	}
	if err := writeFileAtomic(path, out.Bytes(), 0o600); err != nil {
		return false, fmt.Errorf("studio: users: %w", err)
	}
	return added, nil
}

// writeFileAtomic replaces name with data through a temporary file in the same
// folder (github.com/google/renameio), keeping an existing file's mode (perm for
// a new file).
func writeFileAtomic(name string, data []byte, perm fs.FileMode) error {
	return renameio.WriteFile(name, data, perm, renameio.WithExistingPermissions())
}
