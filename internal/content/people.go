package content

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/feedingfriend/skill/internal/lazyre"
)

// Roles a person has in the content lifecycle. An editor changes answers and
// sends them for review; a clinician, who also has a professional
// registration, approves and retires them and enrols other people.
const (
	RoleEditor    = "editor"
	RoleClinician = "clinician"
)

// Person is someone the audit log knows: enrolled by an enrol entry, with the
// public half of the Ed25519 key that signs every entry they record. The log
// is the register: the first entry enrols the first clinician (signed by
// their own key); every later enrol entry is signed by an enrolled
// clinician. Enrolling a name again replaces its key, role or registration
// from then on (earlier entries keep verifying with the key they were signed
// with).
type Person struct {
	Name string
	// Role is RoleEditor or RoleClinician.
	Role string
	// Title is what they are, as an approval shows it: "Midwife",
	// "Health visitor", "Content editor".
	Title string
	// Registration is a clinician's professional registration: "NMC
	// 12A3456B", "GMC 1234567" or "HCPC PA12345".
	Registration string
	PublicKey    ed25519.PublicKey
	// Seq is the enrol entry.
	Seq int
}

// registrationRE matches the professional registrations approval accepts:
// the Nursing and Midwifery Council PIN (nurses, midwives, health visitors),
// the General Medical Council number (doctors) and the Health and Care
// Professions Council number (dietitians, speech and language therapists...).
var registrationRE = lazyre.New(`^(NMC [0-9]{2}[A-Z][0-9]{4}[A-Z]|GMC [0-9]{7}|HCPC [A-Z]{2}[0-9]{5,6})$`)

// ValidRegistration says why reg is not a professional registration ("" when
// it is).
func ValidRegistration(reg string) string {
	if registrationRE().MatchString(reg) {
		return ""
	}
	return fmt.Sprintf("registration %q: want the register and number, such as NMC 12A3456B, GMC 1234567 or HCPC PA12345", reg)
}

// Validate says why p cannot be enrolled (nil when they can).
func (p Person) Validate() error {
	switch {
	case strings.TrimSpace(p.Name) == "" || p.Name != strings.TrimSpace(p.Name) || strings.ContainsAny(p.Name, "\r\n\t"):
		return fmt.Errorf("name %q: one line, no spaces at the ends", p.Name)
	case p.Role != RoleEditor && p.Role != RoleClinician:
		return fmt.Errorf("%s: role %q is not editor or clinician", p.Name, p.Role)
	case strings.TrimSpace(p.Title) == "" || strings.ContainsAny(p.Title, "\r\n\t"):
		return fmt.Errorf("%s: say what they are in one line (title), such as Midwife or Content editor", p.Name)
	case len(p.PublicKey) != ed25519.PublicKeySize:
		return fmt.Errorf("%s: no Ed25519 public key", p.Name)
	}
	if p.Role == RoleClinician {
		if why := ValidRegistration(p.Registration); why != "" {
			return fmt.Errorf("%s: a clinician needs a professional registration: %s", p.Name, why)
		}
	} else if p.Registration != "" {
		if why := ValidRegistration(p.Registration); why != "" {
			return fmt.Errorf("%s: %s", p.Name, why)
		}
	}
	return nil
}

// CanApprove reports whether p may approve: a clinician with a registration.
func (p Person) CanApprove() bool {
	return p.Role == RoleClinician && ValidRegistration(p.Registration) == ""
}

// Fingerprint is a short, stable name for a public key: the first 16 hex
// digits of its sha256, for people to compare.
func Fingerprint(pub ed25519.PublicKey) string {
	h := sha256.Sum256(pub)
	return hex.EncodeToString(h[:8])
}

// signedMessage is what an entry's signature covers: its hash, which covers
// every other field and the entry before it.
func signedMessage(hash string) []byte { return []byte("feedingfriend audit entry v1\n" + hash) }

// sign signs a sealed entry with key.
func sign(e *Entry, key ed25519.PrivateKey) {
	e.Sig = base64.StdEncoding.EncodeToString(ed25519.Sign(key, signedMessage(e.Hash)))
}

// Sign sets e's hash (EntryHash) and signs it with key. Repo signs every step
// it records; Sign is for tools that forge entries to prove verification
// catches them (package attack).
func Sign(e *Entry, key ed25519.PrivateKey) {
	e.Hash = EntryHash(*e)
	sign(e, key)
}

// EncodeKey writes a public key as an enrol entry holds it (base64).
func EncodeKey(pub ed25519.PublicKey) string { return encodeKey(pub) }

// verifySig reports whether e carries a valid signature by pub.
func verifySig(e Entry, pub ed25519.PublicKey) bool {
	sig, err := base64.StdEncoding.DecodeString(e.Sig)
	return err == nil && len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, signedMessage(e.Hash), sig)
}

// encodeKey and decodeKey write a public key in an entry.
func encodeKey(pub ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(pub) }

func decodeKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key %q is not an Ed25519 key in base64", s)
	}
	return ed25519.PublicKey(b), nil
}
