package studio

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
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

	"github.com/feedingfriend/skill/internal/content"
	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/bcrypt"
)

// Roles a studio user can have, as the audit log enrols them: an editor
// changes answers and sends them for review; a clinician can also approve.
const (
	RoleEditor    = content.RoleEditor
	RoleClinician = content.RoleClinician
)

// MinPasswordLen is the shortest password adduser accepts.
const MinPasswordLen = 12

// DemoPassword is the published password of the demo accounts in
// studio-users.example.yaml. The studio refuses to serve a non-loopback
// address while any account still uses it.
const DemoPassword = "demo-only-not-a-secret"

// User is one account, shared by the studio and `skill content`: who they
// are, as the audit log enrols them (role, title, registration), the bcrypt
// hash of their password, and their Ed25519 signing key sealed with that
// password (see keys.go). An account without a key can sign in and look but
// cannot change anything.
type User struct {
	Name         string `yaml:"name"`
	Role         string `yaml:"role"`
	Title        string `yaml:"title,omitempty"`
	Registration string `yaml:"registration,omitempty"`
	PasswordHash string `yaml:"password_hash"`
	SigningKey   string `yaml:"signing_key,omitempty"`
}

// Key opens the account's signing key with its password.
func (u *User) Key(password string) (ed25519.PrivateKey, error) {
	if u.SigningKey == "" {
		return nil, fmt.Errorf("studio: %s has no signing key: add the account again with `skill studio adduser`", u.Name)
	}
	k, err := openKey(u.SigningKey, u.Name, password)
	if err != nil {
		return nil, fmt.Errorf("studio: %s: %w", u.Name, err)
	}
	return k, nil
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

const usersHeader = `# Accounts of the content studio and skill content. Roles: editor, clinician.
# Passwords are bcrypt hashes; signing keys are Ed25519 keys sealed with the
# account's password (their public halves are enrolled in content/audit.jsonl).
# Add or reset a user, with a new key, with
#   skill studio adduser "NAME" --role editor|clinician --title TITLE [--registration "NMC 12A3456B"]
# Keep this file out of version control and readable by you only (chmod 600).
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
		if x.Registration != "" {
			if why := content.ValidRegistration(x.Registration); why != "" {
				return nil, fmt.Errorf("studio: users %s: %s: %s", path, x.Name, why)
			}
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

// Account is who adduser records: name, role, title and, for a clinician,
// professional registration.
type Account struct {
	Name, Role, Title, Registration string
}

// Person is the account as the audit log enrols it, with public key pub.
func (a Account) Person(pub ed25519.PublicKey) content.Person {
	return content.Person{Name: a.Name, Role: a.Role, Title: a.Title, Registration: a.Registration, PublicKey: pub}
}

// AddUser adds an account to the file at path, or replaces the role, title,
// registration, password and signing key of an existing one, and reports
// whether it was added. It makes a new Ed25519 key, seals it with the
// password and returns its public half, which must be enrolled in the audit
// log before the account can record anything. The file is created with mode
// 0600 when missing. cost is bcrypt's.
func AddUser(path string, a Account, password string, cost int) (added bool, pub ed25519.PublicKey, err error) {
	if why := ValidName(a.Name); why != "" {
		return false, nil, fmt.Errorf("studio: adduser: %s", why)
	}
	if !ValidRole(a.Role) {
		return false, nil, fmt.Errorf("studio: adduser: role %q: want editor or clinician", a.Role)
	}
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return false, nil, fmt.Errorf("studio: adduser: the password must be at least %d characters", MinPasswordLen)
	}
	if len(password) > 72 {
		return false, nil, errors.New("studio: adduser: the password must be at most 72 bytes (bcrypt's limit)")
	}
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return false, nil, fmt.Errorf("studio: adduser: %w", err)
	}
	if err := a.Person(pub).Validate(); err != nil {
		return false, nil, fmt.Errorf("studio: adduser: %w", err)
	}
	us := &Users{}
	if _, err := os.Stat(path); err == nil {
		if us, err = LoadUsers(path); err != nil {
			return false, nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, nil, fmt.Errorf("studio: users: %w", err)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return false, nil, fmt.Errorf("studio: adduser: %w", err)
	}
	sealed, err := sealKey(key, a.Name, password, keyRounds(cost))
	if err != nil {
		return false, nil, fmt.Errorf("studio: adduser: %w", err)
	}
	u := User{Name: a.Name, Role: a.Role, Title: a.Title, Registration: a.Registration, PasswordHash: string(hash), SigningKey: sealed}
	if old, ok := us.Find(a.Name); ok {
		*old = u
	} else {
		us.Users = append(us.Users, u)
		added = true
	}
	var out bytes.Buffer
	out.WriteString(usersHeader)
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := errors.Join(enc.Encode(us), enc.Close()); err != nil {
		return false, nil, fmt.Errorf("studio: users: %w", err)
	}
	if err := writeFileAtomic(path, out.Bytes(), 0o600); err != nil {
		return false, nil, fmt.Errorf("studio: users: %w", err)
	}
	return added, pub, nil
}

// writeFileAtomic replaces name with data through a temporary file in the same
// folder (github.com/google/renameio), keeping an existing file's mode (perm for
// a new file).
func writeFileAtomic(name string, data []byte, perm fs.FileMode) error {
	return renameio.WriteFile(name, data, perm, renameio.WithExistingPermissions())
}
