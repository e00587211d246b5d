package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
)

// apiError is the body of a refused or failed API request: what was wrong,
// and the safety net for a parent who needs help whatever went wrong.
type apiError struct {
	Error     string    `json:"error"`
	SafetyNet []Segment `json:"safety_net"`
	// Restart says the state sent was refused: send the next turn without it.
	Restart bool `json:"restart,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		b.Reset()
		b.WriteString(`{"error":"internal error"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// serveAPI answers POST /chat/api: an Input as JSON, a Reply as JSON.
func (c *Chat) serveAPI(w http.ResponseWriter, r *http.Request) {
	rc := rec(r)
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		rc.reason = "content-type"
		c.fail(w, r, http.StatusUnsupportedMediaType, "content type must be application/json")
		return
	}
	body, status, msg := readBody(w, r)
	if status != 0 {
		rc.reason = "body"
		c.fail(w, r, status, msg)
		return
	}
	var in Input
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || dec.More() {
		rc.reason = "malformed"
		c.fail(w, r, http.StatusBadRequest, "malformed request: send a JSON object with text, action or topic, and state")
		return
	}
	reply, err := c.turn(r.Context(), rc, in)
	if err != nil {
		c.refuse(w, r, rc, err)
		return
	}
	writeJSON(w, http.StatusOK, reply)
}

// readBody reads at most MaxBody bytes; a status other than 0 is a refusal.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, int, string) {
	if r.ContentLength > MaxBody {
		return nil, http.StatusRequestEntityTooLarge, "request body too large"
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, http.StatusRequestEntityTooLarge, "request body too large"
		}
		return nil, http.StatusBadRequest, "could not read the request body"
	}
	return body, 0, ""
}

// refuse answers a turn that failed: a bad input with its reason, anything
// else as a failure whose detail goes to the log only.
func (c *Chat) refuse(w http.ResponseWriter, r *http.Request, rc *record, err error) {
	var b *badInput
	if errors.As(err, &b) {
		rc.reason = "bad-input"
		if b.restart {
			rc.reason = "state-refused"
			if strings.HasSuffix(r.URL.Path, "/api") {
				writeJSON(w, b.status, apiError{Error: b.msg, SafetyNet: c.safetyNet(), Restart: true})
				return
			}
		}
		c.fail(w, r, b.status, b.msg)
		return
	}
	rc.reason = "internal"
	c.cfg.Logger.Error("web: the conversation failed", "route", rc.route, "error_kind", errKind(err))
	c.fail(w, r, http.StatusInternalServerError, "Sorry, something went wrong.")
}
