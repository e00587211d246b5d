package studio

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Signing keys. Each account has an Ed25519 key that signs every audit entry
// its person records (content.Entry.Sig); its public half is enrolled in the
// audit log. The private half is kept in the accounts file, sealed with the
// account's password: PBKDF2-HMAC-SHA256 (600,000 rounds, a random 16-byte
// salt) derives an AES-256-GCM key, and the account's name is the
// additional data, so a sealed key copied to another account does not open.
// Without the password the file gives no key; with it, the studio opens the
// key at sign-in and keeps it in the session's memory only, and `skill
// content approve` asks for the password to open it.

// keyRounds is the PBKDF2 rounds for a key sealed at bcrypt cost: tests that
// ask for bcrypt.MinCost get a cheap seal as well.
func keyRounds(cost int) int {
	if cost < bcrypt.DefaultCost {
		return 1000
	}
	return 600_000
}

const sealPrefix = "pbkdf2-sha256-aes256gcm"

// sealKey seals key with password for the account name.
func sealKey(key ed25519.PrivateKey, name, password string, rounds int) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	aead, err := keyAEAD(password, salt, rounds)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := aead.Seal(nonce, nonce, key.Seed(), []byte(name))
	b := base64.RawStdEncoding
	return strings.Join([]string{sealPrefix, strconv.Itoa(rounds), b.EncodeToString(salt), b.EncodeToString(out)}, "$"), nil
}

// errWrongPassword is returned when a sealed key does not open.
var errWrongPassword = errors.New("the password does not open the signing key")

// openKey opens a key sealed by sealKey.
func openKey(sealed, name, password string) (ed25519.PrivateKey, error) {
	parts := strings.Split(sealed, "$")
	if len(parts) != 4 || parts[0] != sealPrefix {
		return nil, errors.New("the signing key is not sealed as " + sealPrefix)
	}
	rounds, err := strconv.Atoi(parts[1])
	if err != nil || rounds < 1000 || rounds > 10_000_000 {
		return nil, fmt.Errorf("the signing key's rounds %q are out of range", parts[1])
	}
	b := base64.RawStdEncoding
	salt, err1 := b.DecodeString(parts[2])
	box, err2 := b.DecodeString(parts[3])
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("the signing key is not base64: %w", err)
	}
	aead, err := keyAEAD(password, salt, rounds)
	if err != nil {
		return nil, err
	}
	if len(box) < aead.NonceSize() {
		return nil, errors.New("the sealed signing key is too short")
	}
	seed, err := aead.Open(nil, box[:aead.NonceSize()], box[aead.NonceSize():], []byte(name))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errWrongPassword
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func keyAEAD(password string, salt []byte, rounds int) (cipher.AEAD, error) {
	k, err := pbkdf2.Key(sha256.New, password, salt, rounds, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
