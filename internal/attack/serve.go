package attack

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/dialogflow"
	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/server"
)

// Serve is the group of requests tried against `skill serve`.
const Serve = "serve: requests to the skill's endpoints are refused, never served or crashed"

// Test credentials of the served skill.
const (
	serveSkillID = "amzn1.ask.skill.6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
	serveSecret  = "attack-webhook-secret-of-32-characters"
	certURL      = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
)

// probe is one request: its answer is refused cleanly when ok says so.
type probe struct {
	name string
	do   func() (*http.Response, []byte, error)
	ok   func(code int, body []byte) bool
}

// refusal is a status that refuses a request cleanly.
func refusal(code int, _ []byte) bool {
	return code >= 400 && code < 500 || code == http.StatusServiceUnavailable
}

// trial is one case of probes against a server over the content directory
// dir: each probe must be answered as ok says and leave dir as it was.
func trial(group, name, dir string, ps []probe) (Result, error) {
	res := Result{Group: group, Case: name}
	for _, p := range ps {
		before, err := tree(dir)
		if err != nil {
			return res, err
		}
		resp, body, err := p.do()
		if err != nil {
			return res, fmt.Errorf("%s: %w", p.name, err)
		}
		after, err := tree(dir)
		if err != nil {
			return res, err
		}
		res.Tried++
		lost := !equalTrees(before, after)
		switch {
		case p.ok(resp.StatusCode, body) && !lost:
			res.Refused++
			if res.Example == "" {
				res.Example = fmt.Sprintf("%d %s", resp.StatusCode, said(body))
			}
		default:
			res.Failures = append(res.Failures, fmt.Sprintf("%s: %d %s changed=%v", p.name, resp.StatusCode, firstLine(string(body)), changed(before, after)))
		}
		if lost {
			res.Lost++
		}
	}
	return res, nil
}

// send posts body to url with headers h.
func send(c *http.Client, url, ctype string, body []byte, h map[string]string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// alexaSigner is a certificate authority trusted by the served skill's
// verifier alone, and a chain for echo-api.amazon.com it issued: requests
// signed with its key verify, so what comes after the signature is tried.
type alexaSigner struct {
	roots *x509.CertPool
	chain []byte
	key   *rsa.PrivateKey
}

func newAlexaSigner(now time.Time) (*alexaSigner, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "attack root"}, NotBefore: now.Add(-time.Hour),
		NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: alexa.EchoAPIName}, DNSNames: []string{alexa.EchoAPIName},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	roots.AddCert(caCert)
	chain := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leafDER}), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})...)
	return &alexaSigner{roots: roots, chain: chain, key: key}, nil
}

func (s *alexaSigner) sign(body []byte) string {
	sum := sha256.Sum256(body)
	sig, _ := rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA256, sum[:])
	return base64.StdEncoding.EncodeToString(sig)
}

// alexaLaunch is a LaunchRequest for skill id at t.
func alexaLaunch(id string, t time.Time) []byte {
	return fmt.Appendf(nil, `{"version":"1.0","session":{"new":true,"sessionId":"amzn1.echo-api.session.1","application":{"applicationId":%q},"attributes":{},"user":{"userId":"amzn1.ask.account.1"}},`+
		`"context":{"System":{"application":{"applicationId":%q},"user":{"userId":"amzn1.ask.account.1"},"device":{"deviceId":"d","supportedInterfaces":{}}}},`+
		`"request":{"type":"LaunchRequest","requestId":"amzn1.echo-api.request.1","locale":"en-GB","timestamp":%q}}`, id, id, t.UTC().Format(time.RFC3339))
}

// esRequest is a Dialogflow ES request saying hello, with contexts.
func esRequest(contexts string) []byte {
	return fmt.Appendf(nil, `{"responseId":"r1","session":"projects/p/agent/sessions/s1","queryResult":{"queryText":"hello","parameters":{},"allRequiredParamsPresent":true,`+
		`"outputContexts":[%s],"intent":{"name":"projects/p/agent/intents/1","displayName":"Default Welcome Intent"},"intentDetectionConfidence":1,"languageCode":"en"}}`, contexts)
}

// bigContexts are contexts that fill most of the body limit: echoed back,
// they would make the reply larger than Dialogflow accepts.
func bigContexts() string {
	var parts []string
	pad := strings.Repeat("x", 1000)
	for i := range 55 {
		parts = append(parts, fmt.Sprintf(`{"name":"projects/p/agent/sessions/s1/contexts/c%d","lifespanCount":5,"parameters":{"p":%q}}`, i, pad))
	}
	return strings.Join(parts, ",")
}

// serveCases builds `skill serve`'s Alexa and Dialogflow ES routes, as it
// does with credentials and signature checks on, over the content directory
// dir, on 127.0.0.1, and tries each case.
func (r *runner) serveCases(dir string) ([]Result, error) {
	a, err := app.New(app.Config{Content: os.DirFS(dir), ApprovedOnly: true, Now: func() time.Time { return r.now }, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	signer, err := newAlexaSigner(r.now)
	if err != nil {
		return nil, err
	}
	quiet := slog.New(slog.DiscardHandler)
	v := &alexa.Verifier{Roots: signer.roots, Now: func() time.Time { return r.now },
		Fetch: func(_ context.Context, url string) ([]byte, error) {
			if url != certURL {
				return nil, errors.New("no network here")
			}
			return signer.chain, nil
		}}
	es, err := dialogflow.NewES(a.Handler, dialogflow.Config{Secret: serveSecret, Logger: quiet})
	if err != nil {
		return nil, err
	}
	routes := map[string]http.Handler{
		"POST /alexa":         alexa.VerifyHTTP(v, quiet, alexa.Handler(a.Handler, alexa.Config{SkillID: serveSkillID, Logger: quiet, Catalog: a.Model, Texts: a.Edge})),
		"POST /dialogflow/es": es,
	}
	srv := httptest.NewServer(server.Handler(server.Config{Routes: routes, Logger: quiet}))
	defer srv.Close()
	c := srv.Client()
	ax := func(name string, body func() []byte, h func(b []byte) map[string]string) probe {
		return probe{name: name, ok: refusal, do: func() (*http.Response, []byte, error) {
			b := body()
			return send(c, srv.URL+"/alexa", "application/json", b, h(b))
		}}
	}
	good := func() []byte { return alexaLaunch(serveSkillID, r.now) }
	signed := func(b []byte) map[string]string {
		return map[string]string{alexa.CertChainHeader: certURL, alexa.SignatureHeader: signer.sign(b)}
	}
	df := func(name, ctype string, body []byte, h map[string]string) probe {
		return probe{name: name, ok: refusal, do: func() (*http.Response, []byte, error) {
			return send(c, srv.URL+"/dialogflow/es", ctype, body, h)
		}}
	}
	secret := map[string]string{dialogflow.DefaultSecretHeader: serveSecret}
	hello := esRequest("")
	// First, that the routes answer a good request: else every refusal
	// below would prove nothing.
	for _, p := range []probe{ax("signed", good, signed), df("with the secret", "application/json", hello, secret)} {
		resp, b, err := p.do()
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("serve: a good request (%s) was answered %d %s", p.name, resp.StatusCode, firstLine(string(b)))
		}
	}
	cases := []struct {
		name string
		ps   []probe
	}{
		{"Alexa: no signature, no certificate URL", []probe{ax("none", good, func([]byte) map[string]string { return nil })}},
		{"Alexa: a signature that does not match the body (another body's, garbage, not base64)", []probe{
			ax("another body's", good, func([]byte) map[string]string {
				return map[string]string{alexa.CertChainHeader: certURL, alexa.SignatureHeader: signer.sign([]byte("{}"))}
			}),
			ax("garbage", good, func([]byte) map[string]string {
				return map[string]string{alexa.CertChainHeader: certURL, alexa.SignatureHeader: base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 256))}
			}),
			ax("not base64", good, func([]byte) map[string]string {
				return map[string]string{alexa.CertChainHeader: certURL, alexa.SignatureHeader: "!!!"}
			})}},
		{"Alexa: certificate URL not Amazon's (http, another host, a port, a path outside /echo.api/)", []probe{
			ax("http", good, withCert(signed, "http://s3.amazonaws.com/echo.api/echo-api-cert.pem")),
			ax("another host", good, withCert(signed, "https://evil.example/echo.api/echo-api-cert.pem")),
			ax("a port", good, withCert(signed, "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem")),
			ax("path outside", good, withCert(signed, "https://s3.amazonaws.com/echo.api/../invalid.pem"))}},
		{"Alexa: signed, for another skill id", []probe{ax("other skill", func() []byte { return alexaLaunch("amzn1.ask.skill.other", r.now) }, signed)}},
		{"Alexa: signed, timestamp 151 seconds old or ahead", []probe{
			ax("old", func() []byte { return alexaLaunch(serveSkillID, r.now.Add(-151*time.Second)) }, signed),
			ax("ahead", func() []byte { return alexaLaunch(serveSkillID, r.now.Add(151*time.Second)) }, signed)}},
		{"Alexa: signed, body over the limit", []probe{ax("oversized", func() []byte {
			return append(good()[:len(good())-1], fmt.Sprintf(`,"pad":%q}`, strings.Repeat("x", alexa.DefaultMaxBody))...)
		}, signed)}},
		{"Dialogflow ES: no credentials", []probe{df("none", "application/json", hello, nil)}},
		{"Dialogflow ES: a wrong secret (another, a prefix, empty)", []probe{
			df("another", "application/json", hello, map[string]string{dialogflow.DefaultSecretHeader: strings.Repeat("y", len(serveSecret))}),
			df("prefix", "application/json", hello, map[string]string{dialogflow.DefaultSecretHeader: serveSecret[:20]}),
			df("empty", "application/json", hello, map[string]string{dialogflow.DefaultSecretHeader: ""})}},
		{"Dialogflow ES: body over the limit", []probe{df("oversized", "application/json", esRequest(fmt.Sprintf(`{"name":"projects/p/agent/sessions/s1/contexts/c","parameters":{"p":%q}}`, strings.Repeat("x", dialogflow.DefaultMaxBody))), secret)}},
		{"Dialogflow ES: wrong content type", []probe{df("text/plain", "text/plain", hello, secret)}},
		{"Dialogflow ES: malformed JSON (cut short, not JSON, unknown field types)", []probe{
			df("cut", "application/json", hello[:len(hello)/2], secret),
			df("not JSON", "application/json", []byte("hello"), secret),
			df("wrong types", "application/json", []byte(`{"queryResult":{"queryText":42}}`), secret)}},
		{"Dialogflow ES: contexts that would make the reply too large (answered, within 64 KiB)", []probe{{name: "big contexts",
			ok: func(code int, body []byte) bool { return code == http.StatusOK && len(body) <= dialogflow.MaxResponse },
			do: func() (*http.Response, []byte, error) {
				return send(c, srv.URL+"/dialogflow/es", "application/json", esRequest(bigContexts()), secret)
			}}}},
	}
	var out []Result
	for _, k := range cases {
		res, err := trial(Serve, k.name, dir, k.ps)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k.name, err)
		}
		out = append(out, res)
	}
	return out, nil
}

// withCert is signed with the certificate URL u.
func withCert(signed func([]byte) map[string]string, u string) func([]byte) map[string]string {
	return func(b []byte) map[string]string {
		h := signed(b)
		h[alexa.CertChainHeader] = u
		return h
	}
}

var titleRE = lazyre.New(`(?s)<title>(.*?)</title>`)

// said is what a reply says, in one line: an HTML page's title, else its
// first line.
func said(body []byte) string {
	if m := titleRE().FindSubmatch(body); m != nil {
		return strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), " ")
	}
	return firstLine(strings.TrimSpace(string(body)))
}
