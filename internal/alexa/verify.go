package alexa

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/feedingfriend/skill/internal/skill"
)

// Headers Alexa signs requests with.
const (
	CertChainHeader = "SignatureCertChainUrl"
	SignatureHeader = "Signature-256"
)

// Verification rules from Amazon's "host a custom skill as a web service".
const (
	// EchoAPIName is the name the signing certificate must be issued to.
	EchoAPIName = "echo-api.amazon.com"
	// MaxSkew is how far a request's timestamp may be from now, either way.
	MaxSkew = 150 * time.Second
	// maxChain is the largest certificate chain fetched.
	maxChain = 64 << 10
	// maxCached is how many chains are kept; Amazon uses one or two at a time.
	maxCached = 16
)

// Verifier checks that a request was signed by Alexa, as a self-hosted HTTPS
// endpoint must (a Lambda endpoint needs no such check). It is safe for
// concurrent use; validated chains are cached by URL until they expire.
type Verifier struct {
	// Roots are the trusted root certificates; the system's when nil.
	Roots *x509.CertPool
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Fetch gets the PEM chain at a certificate URL; an HTTPS GET with a short
	// timeout and no redirects when nil.
	Fetch func(ctx context.Context, url string) ([]byte, error)
	// MaxBody is the largest body accepted (DefaultMaxBody when 0).
	MaxBody int64

	mu    sync.Mutex
	cache map[string]cachedChain
}

type cachedChain struct {
	key     *rsa.PublicKey
	expires time.Time
}

// VerifyError says why a request was rejected. Reason is safe to log.
type VerifyError struct {
	Reason string
	Err    error
}

func (e *VerifyError) Error() string {
	if e.Err != nil {
		return "alexa: request not verified: " + e.Reason + ": " + e.Err.Error()
	}
	return "alexa: request not verified: " + e.Reason
}

func (e *VerifyError) Unwrap() error { return e.Err }

func reject(err error, format string, args ...any) error {
	return skill.Wrap(skill.Unauthorized, &VerifyError{Reason: fmt.Sprintf(format, args...), Err: err}, "alexa: signature check")
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// Verify checks one request: the certificate URL, the chain and its name, the
// signature over the raw body and the request's timestamp. The error is of kind
// skill.Unauthorized and wraps a *VerifyError with the reason.
func (v *Verifier) Verify(ctx context.Context, h http.Header, body []byte) error {
	certURL := h.Get(CertChainHeader)
	if err := CheckCertURL(certURL); err != nil {
		return reject(err, "bad certificate URL")
	}
	sigText := h.Get(SignatureHeader)
	if sigText == "" {
		return reject(nil, "no %s header", SignatureHeader)
	}
	sig, err := base64.StdEncoding.DecodeString(sigText)
	if err != nil {
		return reject(err, "%s is not base64", SignatureHeader)
	}
	key, err := v.chainKey(ctx, certURL)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig); err != nil {
		return reject(err, "signature does not match the body")
	}
	var env struct {
		Request struct {
			Timestamp string `json:"timestamp"`
		} `json:"request"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return reject(err, "body is not a request envelope")
	}
	ts, err := time.Parse(time.RFC3339, env.Request.Timestamp)
	if err != nil {
		return reject(err, "request has no valid timestamp")
	}
	if d := v.now().Sub(ts); d > MaxSkew || d < -MaxSkew {
		return reject(nil, "timestamp is %s from now, more than %s", d.Round(time.Second), MaxSkew)
	}
	return nil
}

// CheckCertURL applies Amazon's rules to a SignatureCertChainUrl: scheme https and
// host s3.amazonaws.com (any case), port empty or 443, and a path that starts with
// /echo.api/ once cleaned.
func CheckCertURL(raw string) error {
	if raw == "" {
		return errors.New("missing")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("not a URL")
	}
	if !strings.EqualFold(u.Scheme, "https") {
		return fmt.Errorf("scheme %q is not https", u.Scheme)
	}
	if !strings.EqualFold(u.Hostname(), "s3.amazonaws.com") {
		return fmt.Errorf("host %q is not s3.amazonaws.com", u.Hostname())
	}
	if p := u.Port(); p != "" && p != "443" {
		return fmt.Errorf("port %s is not 443", p)
	}
	if u.User != nil {
		return errors.New("URL has user information")
	}
	if !strings.HasPrefix(path.Clean(u.Path), "/echo.api/") {
		return fmt.Errorf("path %q is not under /echo.api/", u.Path)
	}
	return nil
}

// chainKey returns the signing key of the chain at certURL, from the cache or
// fetched and validated now.
func (v *Verifier) chainKey(ctx context.Context, certURL string) (*rsa.PublicKey, error) {
	now := v.now()
	v.mu.Lock()
	c, ok := v.cache[certURL]
	v.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.key, nil
	}
	fetch := v.Fetch
	if fetch == nil {
		fetch = fetchChain
	}
	data, err := fetch(ctx, certURL)
	if err != nil {
		return nil, reject(err, "cannot fetch the certificate chain")
	}
	key, expires, err := v.validate(data, now)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.cache == nil {
		v.cache = map[string]cachedChain{}
	}
	if len(v.cache) >= maxCached {
		for k, old := range v.cache {
			if !now.Before(old.expires) {
				delete(v.cache, k)
			}
		}
		if len(v.cache) >= maxCached {
			clear(v.cache)
		}
	}
	v.cache[certURL] = cachedChain{key: key, expires: expires}
	return key, nil
}

// validate parses a PEM chain (signing certificate first) and checks that it was
// issued to echo-api.amazon.com by a trusted root and is valid now. It returns
// the signing key and when the chain expires.
func (v *Verifier) validate(data []byte, now time.Time) (*rsa.PublicKey, time.Time, error) {
	var certs []*x509.Certificate
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, time.Time{}, reject(err, "certificate chain does not parse")
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, time.Time{}, reject(nil, "certificate chain holds no certificate")
	}
	leaf, inter := certs[0], x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	chains, err := leaf.Verify(x509.VerifyOptions{
		DNSName:       EchoAPIName,
		Intermediates: inter,
		Roots:         v.Roots,
		CurrentTime:   now,
	})
	if err != nil {
		return nil, time.Time{}, reject(err, "certificate is not valid for %s", EchoAPIName)
	}
	if !namesEchoAPI(leaf) {
		return nil, time.Time{}, reject(nil, "certificate is not issued to %s by name (a wildcard is not enough)", EchoAPIName)
	}
	key, ok := leaf.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, time.Time{}, reject(nil, "certificate key is not RSA")
	}
	expires := leaf.NotAfter
	for _, c := range chains[0] {
		if c.NotAfter.Before(expires) {
			expires = c.NotAfter
		}
	}
	return key, expires, nil
}

// namesEchoAPI reports whether one of the certificate's DNS names is exactly
// EchoAPIName. x509's DNSName check also accepts a wildcard such as
// *.amazon.com; Amazon and the reference verifiers (ask-sdk, alexa-verifier)
// require the name itself. DNS names compare without regard to case.
func namesEchoAPI(c *x509.Certificate) bool {
	for _, n := range c.DNSNames {
		if strings.EqualFold(n, EchoAPIName) {
			return true
		}
	}
	return false
}

// fetchChain gets a certificate chain over HTTPS, refusing redirects.
func fetchChain(ctx context.Context, certURL string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, certURL, nil)
	if err != nil {
		return nil, err
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxChain+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxChain {
		return nil, errors.New("chain too large")
	}
	return data, nil
}

// VerifyHTTP is middleware for a self-hosted endpoint: it reads the body (413
// beyond the limit), verifies the request with v (400 on any failure, as Amazon
// requires) and passes the request, body intact, to next. The log gets the
// reason, never the body.
func VerifyHTTP(v *Verifier, log *slog.Logger, next http.Handler) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	limit := v.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			http.Error(w, http.StatusText(http.StatusRequestEntityTooLarge), http.StatusRequestEntityTooLarge)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		if err != nil {
			http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
			return
		}
		if int64(len(body)) > limit {
			http.Error(w, http.StatusText(http.StatusRequestEntityTooLarge), http.StatusRequestEntityTooLarge)
			return
		}
		if err := v.Verify(r.Context(), r.Header, body); err != nil {
			var ve *VerifyError
			reason := "unknown"
			if errors.As(err, &ve) {
				reason = ve.Reason
			}
			log.Warn("alexa: unverified request rejected", "reason", reason)
			http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}
