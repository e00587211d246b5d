package webstate

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Limits on keys and tokens.
const (
	// MinKeyLen is the shortest secret accepted, in bytes.
	MinKeyLen = 32
	// MaxToken is the longest token accepted, in bytes.
	MaxToken = 2048
	// MaxKeys is the most state keys a token may carry.
	MaxKeys = 32
	// DefaultTTL is how long a token is good for: a night feed with pauses.
	DefaultTTL = 2 * time.Hour
)

// The ways a token can be refused. A caller tells the client which (they are
// safe to show) and treats ErrExpired as the start of a new conversation.
var (
	ErrMalformed = errors.New("the conversation state is malformed")
	ErrSignature = errors.New("the conversation state was not signed by this server")
	ErrExpired   = errors.New("the conversation state has expired")
)

const (
	version = "v1"
	// purpose separates these MACs from any other use of the same secret.
	purpose = "feeding-friend web chat state v1\n"
)

var b64 = base64.RawURLEncoding

// Signer signs and opens state tokens. It is safe for concurrent use.
type Signer struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

// New returns a Signer with key (at least MinKeyLen bytes) whose tokens last
// ttl (DefaultTTL when 0). now is the clock (time.Now when nil).
func New(key []byte, ttl time.Duration, now func() time.Time) (*Signer, error) {
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("webstate: the secret must be at least %d characters", MinKeyLen)
	}
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	if now == nil {
		now = time.Now
	}
	return &Signer{key: bytes.Clone(key), ttl: ttl, now: now}, nil
}

type payload struct {
	Exp   int64          `json:"exp"`
	State map[string]any `json:"s"`
}

// Sign returns a token for state, good until the Signer's ttl from now. An
// empty or nil state gives "" (no conversation to carry).
func (s *Signer) Sign(state map[string]any) (string, error) {
	if len(state) == 0 {
		return "", nil
	}
	if len(state) > MaxKeys {
		return "", fmt.Errorf("webstate: %d keys, at most %d", len(state), MaxKeys)
	}
	b, err := json.Marshal(payload{Exp: s.now().Add(s.ttl).Unix(), State: state})
	if err != nil {
		return "", fmt.Errorf("webstate: %w", err)
	}
	p := b64.EncodeToString(b)
	tok := version + "." + p + "." + b64.EncodeToString(s.mac(p))
	if len(tok) > MaxToken {
		return "", fmt.Errorf("webstate: token of %d bytes, at most %d", len(tok), MaxToken)
	}
	return tok, nil
}

// Open checks token and returns its state. "" opens as no state. The
// signature is checked before anything in the payload is read.
func (s *Signer) Open(token string) (map[string]any, error) {
	if token == "" {
		return nil, nil
	}
	if len(token) > MaxToken {
		return nil, ErrMalformed
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != version || parts[1] == "" {
		return nil, ErrMalformed
	}
	mac, err := b64.DecodeString(parts[2])
	if err != nil || len(mac) != sha256.Size {
		return nil, ErrMalformed
	}
	if !hmac.Equal(mac, s.mac(parts[1])) {
		return nil, ErrSignature
	}
	raw, err := b64.DecodeString(parts[1])
	if err != nil {
		return nil, ErrMalformed
	}
	var p payload
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&p); err != nil || len(p.State) > MaxKeys {
		return nil, ErrMalformed
	}
	if s.now().Unix() > p.Exp {
		return nil, ErrExpired
	}
	return p.State, nil
}

func (s *Signer) mac(p string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(purpose))
	m.Write([]byte(p))
	return m.Sum(nil)
}

// Peek returns the state in token without checking its signature or expiry,
// as any client can read it. Tools and tests use it to see what a browser
// holds; a server must use Open.
func Peek(token string) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != version {
		return nil, ErrMalformed
	}
	raw, err := b64.DecodeString(parts[1])
	if err != nil {
		return nil, ErrMalformed
	}
	var p payload
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, ErrMalformed
	}
	return p.State, nil
}
