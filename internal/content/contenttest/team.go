package contenttest

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/content"
)

// Member is a person with their private key.
type Member struct {
	content.Person
	Key ed25519.PrivateKey
}

// As is a signoff by m with note.
func (m Member) As(note string) content.Signoff {
	return content.Signoff{By: m.Name, Key: m.Key, Note: note}
}

// NewMember makes a person whose key comes from their name.
func NewMember(name, role, title, registration string) Member {
	seed := sha256.Sum256([]byte("contenttest " + name))
	k := ed25519.NewKeyFromSeed(seed[:])
	return Member{content.Person{Name: name, Role: role, Title: title, Registration: registration, PublicKey: k.Public().(ed25519.PublicKey)}, k}
}

// The test team: two registered clinicians and an editor. Their keys are
// NewMember's, written out so that a binary linking this package (skill
// content attack) derives no key when it starts (TestTeamKeysAreNewMembers).
var (
	Bea = written("Dr Bea Lead", content.RoleClinician, "Midwife", "NMC 12A3456B",
		"3793b9554529cbe9486237fd211fc6f354190524db9a0036e20585121fdce67ca5daa9a5801386216d9cb02499be36a0322f6db940d9d753abaed6f5f583eb7a")
	Cal = written("Dr Cal Other", content.RoleClinician, "General practitioner", "GMC 1234567",
		"1965a46300cca8c2f10463d0c9106bb239a0410a4cc5a07edd2e4e66ff4caf44bc9f39b3e72c5ca75cdf0058597ad6d89746122c93edbc2dd2d69d71c8aa52e7")
	Ann = written("Ann Editor", content.RoleEditor, "Content editor", "",
		"503ed0edc04eadcc9fd96217ca3ab3c615a5b174f32acac9e3870b497bc507e1a5d318dea5df63b03fd0f416bd46560fdbe4f6188209376d65372f7442706fdb")
)

// written is a member whose private key is given in hex (seed, then public
// key, as ed25519.PrivateKey holds them).
func written(name, role, title, registration, key string) Member {
	k, err := hex.DecodeString(key)
	if err != nil || len(k) != ed25519.PrivateKeySize {
		panic("contenttest: bad key for " + name)
	}
	return Member{content.Person{Name: name, Role: role, Title: title, Registration: registration, PublicKey: ed25519.PublicKey(k[32:])}, ed25519.PrivateKey(k)}
}

// Enrol enrols the team in r's audit log: Bea by herself (the log must be
// empty), then Cal and Ann by Bea.
func Enrol(r *content.Repo) error {
	for _, m := range []Member{Bea, Cal, Ann} {
		if _, err := r.Enrol(m.Person, Bea.As("enrolled for a test")); err != nil {
			return fmt.Errorf("contenttest: enrol %s: %w", m.Name, err)
		}
	}
	return nil
}

// Approve has Ann submit id and Cal approve it, as two people must.
func Approve(r *content.Repo, id string) (content.Entry, error) {
	if _, err := r.Submit(id, Ann.As("")); err != nil {
		return content.Entry{}, err
	}
	return r.Approve(id, Cal.As(""))
}

// RedFlags are the shipped red-flag rules (intents/red-flags.yaml).
func RedFlags() content.Rules {
	b, _ := fs.ReadFile(intents.FS, "red-flags.yaml")
	return content.Rules{ID: content.RedFlagsID, File: "intents/red-flags.yaml", Data: b}
}

// Signposts are what the placeholders stand for as the repository's own
// skill.yaml (the one built in) configures them: what a deployment speaks,
// so what an approval must cover.
func Signposts() content.Signposts {
	sk, err := config.Embedded()
	if err != nil {
		sp, _ := content.NationSignposts("england")
		return sp
	}
	sp, err := sk.SignpostsFor(sk.Nation)
	if err != nil {
		sp, _ = content.NationSignposts("england")
	}
	return sp
}

// Repo is a Repo over dir, and the shipped red-flag rules, at a fixed clock,
// with placeholders bound as the built-in skill.yaml says and the team
// enrolled.
func Repo(dir string, now time.Time) (*content.Repo, error) {
	r := &content.Repo{Dir: dir, Now: func() time.Time { return now }, Rules: []content.Rules{RedFlags()}, Signposts: Signposts()}
	return r, Enrol(r)
}

// ApprovedCopy copies the shipped answers and prompts (content/*.yaml) into
// dir, which must be empty of an audit log, enrols the team, approves ids,
// then the prompts and the shipped red-flag rules, so that a test can run an
// approved-only skill over os.DirFS(dir). The audit log then holds the three
// enrolments, a submit and an approval per id, then the prompts' and the
// rules' submits and approvals.
func ApprovedCopy(dir string, now time.Time, ids ...string) error {
	names, err := fs.Glob(contentfiles.FS, "*.yaml")
	if err != nil {
		return err
	}
	for _, n := range names {
		data, err := fs.ReadFile(contentfiles.FS, n)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
			return err
		}
	}
	r, err := Repo(dir, now)
	if err != nil {
		return err
	}
	for _, id := range append(ids, content.PromptsID, content.RedFlagsID) {
		if _, err := Approve(r, id); err != nil {
			return fmt.Errorf("contenttest: approve %s: %w", id, err)
		}
	}
	return nil
}

// Edit replaces the first old in the file at path with new, as an editor
// would; it fails when old is not there (an edit that changes nothing proves
// nothing).
func Edit(path, old, new string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	edited := strings.Replace(string(data), old, new, 1)
	if edited == string(data) {
		return fmt.Errorf("contenttest: %q is not in %s", old, path)
	}
	return os.WriteFile(path, []byte(edited), 0o644)
}
