package studio

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/feedingfriend/skill/internal/content"
)

// verifyAudit reads and verifies the audit log in dir, for the history the
// pages show (content.Repo verifies it again before every change).
func verifyAudit(dir string) (*content.Audit, error) {
	data, err := os.ReadFile(filepath.Join(dir, content.AuditFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("studio: read audit log: %w", err)
	}
	a, probs := content.ReadAudit(content.AuditFile, bytes.NewReader(data))
	if len(probs) > 0 {
		return nil, &content.AuditError{Problems: probs}
	}
	return a, nil
}

// repo is the content directory's lifecycle, through which every change the
// studio makes is written: whole or not at all, and recorded. What it puts
// right after an interrupted change goes to the log.
func (s *Server) repo() *content.Repo {
	return &content.Repo{Dir: s.content, Now: s.cfg.Now, Signposts: s.preview(), Notify: func(p content.Problem) {
		s.log.Warn("studio: put right after an interrupted change", "where", p.File+":"+strconv.Itoa(p.Line), "what", p.Msg)
	}}
}

// signoff is the signed-in user's signoff with note, signed with the key
// opened at sign-in. ok is false, and the page says why, when the session
// has no key.
func (s *Server) signoff(w http.ResponseWriter, r *http.Request, note string) (content.Signoff, bool) {
	u, ss := userOf(r), sessionOf(r)
	if ss == nil || ss.Key == nil {
		s.fail(w, r, http.StatusForbidden, "Your account cannot sign changes",
			"Every change is signed with your own key, and your account has none that opens with your password. Ask the person who runs the studio to add you again with skill studio adduser, which makes your key and enrols it in the audit log.")
		return content.Signoff{}, false
	}
	return content.Signoff{By: u.Name, Key: ss.Key, Note: note}, true
}

// verifyApprovals checks the approvals of the content directory dir as a
// deployment does (content.Verify), over the answer files that decode (the
// studio shows the others with their findings), with their placeholders
// bound to sp.
func verifyApprovals(dir, intentsDir string, sp content.Signposts) error {
	fsys := os.DirFS(dir)
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return err
	}
	var topics []*content.Topic
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return err
		}
		if t, _ := content.ParseFile(n, data, sp); t != nil {
			topics = append(topics, t)
		}
	}
	// The red-flag rules are under the same approval (the log keeps it).
	if data, err := os.ReadFile(filepath.Join(intentsDir, "red-flags.yaml")); err == nil {
		a, _, err := content.LoadAudit(fsys)
		if err != nil {
			return err
		}
		rules, err := content.RulesTopic(content.Rules{ID: content.RedFlagsID, File: "intents/red-flags.yaml", Data: data}, a)
		if err != nil {
			return err
		}
		topics = append(topics, rules)
	}
	if probs := content.Verify(fsys, topics); len(probs) > 0 {
		return &content.IntegrityError{Problems: probs}
	}
	return nil
}
