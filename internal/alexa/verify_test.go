package alexa_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const certURL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"

var now = time.Date(2026, 11, 24, 2, 13, 7, 0, time.UTC)

// keys are generated once: RSA key generation is the slow part of these tests.
var keys = sync.OnceValue(func() map[string]*rsa.PrivateKey {
	m := map[string]*rsa.PrivateKey{}
	for _, n := range []string{"root", "inter", "leaf", "other"} {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		m[n] = k
	}
	return m
})

// pki is a root CA, an intermediate and a signing certificate made for the test.
type pki struct {
	root, inter, leaf *x509.Certificate
	leafKey           crypto.Signer
	roots             *x509.CertPool
}

type leafOpts struct {
	name                string
	notBefore, notAfter time.Time
	ecdsa               bool
}

func issue(t *testing.T, tmpl, parent *x509.Certificate, pub any, signer crypto.Signer) *x509.Certificate {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	require.NoError(t, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return c
}

func newPKI(t *testing.T, o leafOpts) *pki {
	t.Helper()
	k := keys()
	if o.name == "" {
		o.name = alexa.EchoAPIName
	}
	if o.notBefore.IsZero() {
		o.notBefore = now.Add(-24 * time.Hour)
	}
	if o.notAfter.IsZero() {
		o.notAfter = now.Add(30 * 24 * time.Hour)
	}
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test Root CA"},
		NotBefore: now.Add(-365 * 24 * time.Hour), NotAfter: now.Add(3650 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	root := issue(t, ca, ca, &k["root"].PublicKey, k["root"])
	it := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "Test Intermediate CA"},
		NotBefore: now.Add(-365 * 24 * time.Hour), NotAfter: now.Add(1000 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	inter := issue(t, it, root, &k["inter"].PublicKey, k["root"])
	var leafKey crypto.Signer = k["leaf"]
	if o.ecdsa {
		ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		require.NoError(t, err)
		leafKey = ek
	}
	lt := &x509.Certificate{SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: o.name}, DNSNames: []string{o.name},
		NotBefore: o.notBefore, NotAfter: o.notAfter, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
	leaf := issue(t, lt, inter, leafKey.Public(), k["inter"])
	roots := x509.NewCertPool()
	roots.AddCert(root)
	return &pki{root: root, inter: inter, leaf: leaf, leafKey: leafKey, roots: roots}
}

func pemOf(certs ...*x509.Certificate) []byte {
	var b bytes.Buffer
	for _, c := range certs {
		_ = pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.Bytes()
}

func body(ts time.Time) []byte {
	return []byte(`{"version":"1.0","context":{"System":{"application":{"applicationId":"` + testSkillID + `"}}},` +
		`"request":{"type":"LaunchRequest","requestId":"amzn1.echo-api.request.1","timestamp":"` + ts.UTC().Format(time.RFC3339) + `","locale":"en-GB"}}`)
}

func sign(t *testing.T, key crypto.Signer, b []byte) string {
	t.Helper()
	sum := sha256.Sum256(b)
	sig, err := key.Sign(rand.Reader, sum[:], crypto.SHA256)
	require.NoError(t, err)
	return base64.StdEncoding.EncodeToString(sig)
}

func TestVerify(t *testing.T) {
	good := newPKI(t, leafOpts{})
	type req struct {
		url, sig string
		body     []byte
	}
	tests := []struct {
		name   string
		pki    *pki
		chain  func(p *pki) []byte         // the PEM served at the URL (leaf + intermediate when nil)
		roots  func(p *pki) *x509.CertPool // trusted roots (the test root when nil)
		clock  time.Time                   // now when zero
		mutate func(t *testing.T, p *pki, r *req)
		want   string // "" for a valid request, else part of the reason
	}{
		{name: "valid"},
		{name: "scheme and host in capitals", mutate: func(t *testing.T, p *pki, r *req) {
			r.url = "HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert-12.pem"
		}},
		{name: "port 443", mutate: func(t *testing.T, p *pki, r *req) {
			r.url = "https://s3.amazonaws.com:443/echo.api/echo-api-cert-12.pem"
		}},
		{name: "dot-dot back into echo.api", mutate: func(t *testing.T, p *pki, r *req) {
			r.url = "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-12.pem"
		}},
		{name: "timestamp 150 seconds old", mutate: func(t *testing.T, p *pki, r *req) {
			r.body = body(now.Add(-alexa.MaxSkew))
			r.sig = sign(t, p.leafKey, r.body)
		}},

		{name: "no certificate URL", mutate: func(t *testing.T, p *pki, r *req) { r.url = "" }, want: "bad certificate URL: missing"},
		{name: "http", mutate: func(t *testing.T, p *pki, r *req) { r.url = "http://s3.amazonaws.com/echo.api/echo-api-cert-12.pem" }, want: "not https"},
		{name: "other host", mutate: func(t *testing.T, p *pki, r *req) { r.url = "https://notamazon.com/echo.api/echo-api-cert-12.pem" }, want: "is not s3.amazonaws.com"},
		{name: "look-alike host", mutate: func(t *testing.T, p *pki, r *req) {
			r.url = "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-12.pem"
		}, want: "is not s3.amazonaws.com"},
		{name: "port 563", mutate: func(t *testing.T, p *pki, r *req) {
			r.url = "https://s3.amazonaws.com:563/echo.api/echo-api-cert-12.pem"
		}, want: "port 563"},
		{name: "path in other case", mutate: func(t *testing.T, p *pki, r *req) { r.url = "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-12.pem" }, want: "not under /echo.api/"},
		{name: "other path", mutate: func(t *testing.T, p *pki, r *req) {
			r.url = "https://s3.amazonaws.com/invalid.path/echo-api-cert-12.pem"
		}, want: "not under /echo.api/"},
		{name: "dot-dot out of echo.api", mutate: func(t *testing.T, p *pki, r *req) {
			r.url = "https://s3.amazonaws.com/echo.api/../evil/echo-api-cert-12.pem"
		}, want: "not under /echo.api/"},
		{name: "user in URL", mutate: func(t *testing.T, p *pki, r *req) {
			r.url = "https://me@s3.amazonaws.com/echo.api/echo-api-cert-12.pem"
		}, want: "user information"},

		{name: "no signature", mutate: func(t *testing.T, p *pki, r *req) { r.sig = "" }, want: "no Signature-256 header"},
		{name: "signature not base64", mutate: func(t *testing.T, p *pki, r *req) { r.sig = "%%%not base64%%%" }, want: "not base64"},
		{name: "body changed after signing", mutate: func(t *testing.T, p *pki, r *req) {
			r.body = bytes.Replace(r.body, []byte("LaunchRequest"), []byte("IntentRequest"), 1)
		}, want: "signature does not match"},
		{name: "signed by another key", mutate: func(t *testing.T, p *pki, r *req) { r.sig = sign(t, keys()["other"], r.body) }, want: "signature does not match"},
		{name: "legacy SHA-1 signature", mutate: func(t *testing.T, p *pki, r *req) {
			sum := sha1.Sum(r.body)
			sig, err := rsa.SignPKCS1v15(rand.Reader, keys()["leaf"], crypto.SHA1, sum[:])
			require.NoError(t, err)
			r.sig = base64.StdEncoding.EncodeToString(sig)
		}, want: "signature does not match"},

		{name: "chain is not PEM", chain: func(p *pki) []byte { return []byte("<html>Access denied</html>") }, want: "holds no certificate"},
		{name: "chain does not parse", chain: func(p *pki) []byte {
			return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("garbage")})
		}, want: "does not parse"},
		{name: "intermediate missing", chain: func(p *pki) []byte { return pemOf(p.leaf) }, want: "not valid for echo-api.amazon.com"},
		{name: "untrusted root", roots: func(p *pki) *x509.CertPool { return x509.NewCertPool() }, want: "not valid for echo-api.amazon.com"},
		{name: "issued to another name", pki: newPKI(t, leafOpts{name: "echo-api.evil.example"}), want: "not valid for echo-api.amazon.com"},
		{name: "only SAN is *.amazon.com", pki: newPKI(t, leafOpts{name: "*.amazon.com"}), want: "not issued to echo-api.amazon.com by name"},
		{name: "SAN in capitals", pki: newPKI(t, leafOpts{name: "ECHO-API.AMAZON.COM"})},
		{name: "expired", pki: newPKI(t, leafOpts{notAfter: now.Add(-time.Minute)}), want: "not valid for echo-api.amazon.com"},
		{name: "not yet valid", pki: newPKI(t, leafOpts{notBefore: now.Add(time.Hour)}), want: "not valid for echo-api.amazon.com"},
		{name: "key is not RSA", pki: newPKI(t, leafOpts{ecdsa: true}), want: "not RSA"},
		{name: "chain cannot be fetched", chain: func(p *pki) []byte { return nil }, want: "cannot fetch"},

		{name: "timestamp too old", mutate: func(t *testing.T, p *pki, r *req) {
			r.body = body(now.Add(-alexa.MaxSkew - time.Second))
			r.sig = sign(t, p.leafKey, r.body)
		}, want: "timestamp is 2m31s from now"},
		{name: "timestamp in the future", mutate: func(t *testing.T, p *pki, r *req) {
			r.body = body(now.Add(alexa.MaxSkew + time.Second))
			r.sig = sign(t, p.leafKey, r.body)
		}, want: "timestamp is -2m31s from now"},
		{name: "no timestamp", mutate: func(t *testing.T, p *pki, r *req) {
			r.body = []byte(`{"version":"1.0","request":{"type":"LaunchRequest"}}`)
			r.sig = sign(t, p.leafKey, r.body)
		}, want: "no valid timestamp"},
		{name: "clock far from the request", clock: now.Add(time.Hour), want: "timestamp is 1h0m0s from now"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.pki
			if p == nil {
				p = good
			}
			chain := pemOf(p.leaf, p.inter)
			if tc.chain != nil {
				chain = tc.chain(p)
			}
			roots := p.roots
			if tc.roots != nil {
				roots = tc.roots(p)
			}
			clock := now
			if !tc.clock.IsZero() {
				clock = tc.clock
			}
			r := &req{url: certURL, body: body(now)}
			r.sig = sign(t, p.leafKey, r.body)
			if tc.mutate != nil {
				tc.mutate(t, p, r)
			}
			v := &alexa.Verifier{Roots: roots, Now: func() time.Time { return clock },
				Fetch: func(ctx context.Context, url string) ([]byte, error) {
					if chain == nil {
						return nil, errors.New("status 403 Forbidden")
					}
					return chain, nil
				}}
			h := http.Header{}
			if r.url != "" {
				h.Set(alexa.CertChainHeader, r.url)
			}
			if r.sig != "" {
				h.Set(alexa.SignatureHeader, r.sig)
			}
			err := v.Verify(context.Background(), h, r.body)
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, skill.Unauthorized, skill.KindOf(err))
			var ve *alexa.VerifyError
			require.ErrorAs(t, err, &ve)
			assert.Contains(t, ve.Error(), tc.want, "got %q, want a reason containing %q", ve.Error(), tc.want)
		})
	}
}

func TestVerifierCachesChainsUntilTheyExpire(t *testing.T) {
	p := newPKI(t, leafOpts{notAfter: now.Add(time.Hour)})
	fetches := 0
	clock := now
	v := &alexa.Verifier{Roots: p.roots, Now: func() time.Time { return clock },
		Fetch: func(ctx context.Context, url string) ([]byte, error) {
			fetches++
			return pemOf(p.leaf, p.inter), nil
		}}
	h := http.Header{}
	h.Set(alexa.CertChainHeader, certURL)
	check := func(at time.Time) error {
		clock = at
		b := body(at)
		h.Set(alexa.SignatureHeader, sign(t, p.leafKey, b))
		return v.Verify(context.Background(), h, b)
	}
	require.NoError(t, check(now))
	require.NoError(t, check(now.Add(time.Minute)))
	assert.Equal(t, 1, fetches, "a validated chain is cached by URL")

	err := check(now.Add(2 * time.Hour))
	require.Error(t, err, "an expired chain is fetched again and fails")
	assert.Contains(t, err.Error(), "not valid for echo-api.amazon.com")
	assert.Equal(t, 2, fetches)

	h.Set(alexa.CertChainHeader, "https://s3.amazonaws.com/echo.api/other.pem")
	clock = now
	b := body(now)
	h.Set(alexa.SignatureHeader, sign(t, p.leafKey, b))
	require.NoError(t, v.Verify(context.Background(), h, b))
	assert.Equal(t, 3, fetches, "the cache is keyed by URL")
}

func TestVerifyHTTP(t *testing.T) {
	p := newPKI(t, leafOpts{})
	v := &alexa.Verifier{Roots: p.roots, Now: func() time.Time { return now }, MaxBody: 4 << 10,
		Fetch: func(ctx context.Context, url string) ([]byte, error) { return pemOf(p.leaf, p.inter), nil }}
	var got []byte
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		w.WriteHeader(http.StatusOK)
	})
	h := alexa.VerifyHTTP(v, nil, next)
	good := body(now)
	tests := []struct {
		name string
		body []byte
		sig  string
		code int
	}{
		{"signed", good, sign(t, p.leafKey, good), http.StatusOK},
		{"bad signature", good, sign(t, keys()["other"], good), http.StatusBadRequest},
		{"unsigned", good, "", http.StatusBadRequest},
		{"too large", bytes.Repeat([]byte("x"), 5<<10), "", http.StatusRequestEntityTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got = nil
			r := httptest.NewRequest(http.MethodPost, "/alexa", bytes.NewReader(tc.body))
			r.Header.Set(alexa.CertChainHeader, certURL)
			if tc.sig != "" {
				r.Header.Set(alexa.SignatureHeader, tc.sig)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			assert.Equal(t, tc.code, rec.Code)
			if tc.code == http.StatusOK {
				assert.Equal(t, tc.body, got, "the handler gets the body intact")
			} else {
				assert.Nil(t, got, "a rejected request never reaches the handler")
			}
		})
	}

	// Chunked bodies (no Content-Length) are limited too.
	r := httptest.NewRequest(http.MethodPost, "/alexa", io.MultiReader(strings.NewReader(strings.Repeat("x", 5<<10))))
	r.ContentLength = -1
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
}

// TestVerifiedAdapter is the stack `skill serve` uses: verification in front of
// the adapter.
func TestVerifiedAdapter(t *testing.T) {
	p := newPKI(t, leafOpts{})
	v := &alexa.Verifier{Roots: p.roots, Now: func() time.Time { return now },
		Fetch: func(ctx context.Context, url string) ([]byte, error) { return pemOf(p.leaf, p.inter), nil }}
	srv := httptest.NewServer(alexa.VerifyHTTP(v, nil, newAdapter(echo(), nil)))
	defer srv.Close()
	b := body(now)
	req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(b))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set(alexa.CertChainHeader, certURL)
	req.Header.Set(alexa.SignatureHeader, sign(t, p.leafKey, b))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	checkResponse(t, out)
	assert.Contains(t, string(out), "Welcome")
}
