package studio

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/channel"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/nlu"
)

// tryCache keeps the wired skill the try-it page runs, rebuilt when any
// answer, intent or skill.yaml file changes on disk.
type tryCache struct {
	mu   sync.Mutex
	key  string
	apps map[bool]*app.App
}

// fingerprint identifies the files the skill is built from: names, sizes and
// modification times.
func (s *Server) fingerprint() string {
	h := sha256.New()
	add := func(root string) {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".yaml" {
				return nil
			}
			if fi, err := d.Info(); err == nil {
				fmt.Fprintf(h, "%s\x00%d\x00%d\n", p, fi.Size(), fi.ModTime().UnixNano())
			}
			return nil
		})
	}
	add(s.content)
	add(s.intents)
	if fi, err := os.Stat(filepath.Join(s.cfg.Dir, "skill.yaml")); err == nil {
		fmt.Fprintf(h, "skill.yaml\x00%d\x00%d\n", fi.Size(), fi.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// tryApp returns the skill wired from the files on disk, with the offline NLU.
func (s *Server) tryApp(approvedOnly bool) (*app.App, error) {
	s.try.mu.Lock()
	defer s.try.mu.Unlock()
	if key := s.fingerprint(); key != s.try.key {
		s.try.key, s.try.apps = key, map[bool]*app.App{}
	}
	if a, ok := s.try.apps[approvedOnly]; ok {
		return a, nil
	}
	sk, err := s.skillConfig()
	if err != nil {
		return nil, err
	}
	a, err := app.New(app.Config{Skill: sk, Content: os.DirFS(s.content), Model: os.DirFS(s.intents), NLU: true,
		ApprovedOnly: approvedOnly, Now: s.cfg.Now, Logger: s.log})
	if err != nil {
		return nil, err
	}
	s.try.apps[approvedOnly] = a
	return a, nil
}

// platformReply is one platform's answer: the normalised reply and the raw
// response body, pretty-printed.
type platformReply struct {
	Name  string
	Reply channel.Reply
	JSON  string
	Err   string
}

type tryPage struct {
	Q            string
	ApprovedOnly bool
	Problems     []string
	Explain      *nlu.Explanation
	Text         *platformReply
	Platforms    []platformReply
}

// MaxQuestion is the longest question the try-it page takes.
const MaxQuestion = 500

// tryIt shows which answer a question reaches, the NLU's candidates, and the
// answer as Alexa and Dialogflow ES return it.
func (s *Server) tryIt(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := tryPage{Q: q.Get("q"), ApprovedOnly: q.Get("approved") == "on"}
	var errs []fieldError
	switch {
	case p.Q == "":
	case utf8.RuneCountInString(p.Q) > MaxQuestion:
		errs = append(errs, fieldError{ID: "q", Msg: fmt.Sprintf("Enter a question of %d characters or fewer", MaxQuestion)})
	default:
		a, err := s.tryApp(p.ApprovedOnly)
		var le *content.LoadError
		switch {
		case errors.As(err, &le):
			for _, pr := range le.Problems {
				p.Problems = append(p.Problems, pr.String())
			}
		case err != nil:
			p.Problems = []string{err.Error()}
		default:
			ex := a.NLU.Explain(p.Q)
			p.Explain = &ex
			text := s.send(r, a, "text", p.Q)
			p.Text = &text
			for _, name := range []string{"alexa", "dialogflow-es"} {
				p.Platforms = append(p.Platforms, s.send(r, a, name, p.Q))
			}
		}
	}
	s.render(w, r, nil, http.StatusOK, "try.html", view{Title: "Try it", Nav: "try", Errors: errs, Page: p})
}

// send asks one platform the question as the first turn of a new session.
func (s *Server) send(r *http.Request, a *app.App, platform, q string) platformReply {
	out := platformReply{Name: platform}
	pl, err := channel.New(platform, a)
	if err != nil {
		out.Err = err.Error()
		return out
	}
	rep, err := pl.Start().Send(r.Context(), channel.Turn{Utterance: q})
	if err != nil {
		out.Err = err.Error()
		return out
	}
	out.Reply = rep
	var b bytes.Buffer
	if err := json.Indent(&b, rep.Raw, "", "  "); err == nil {
		out.JSON = b.String()
	} else {
		out.JSON = string(rep.Raw)
	}
	return out
}
