package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/feedingfriend/skill/internal/channel"
)

// askLine is one line of `skill ask --json`.
type askLine struct {
	Utterance  string       `json:"utterance"`
	Intent     string       `json:"intent"`
	Topic      string       `json:"topic"`
	Score      float64      `json:"score"`
	Speech     string       `json:"speech"`
	SSML       string       `json:"ssml"`
	Reprompt   string       `json:"reprompt"`
	Card       channel.Card `json:"card"`
	EndSession bool         `json:"end_session"`
	Approved   bool         `json:"approved"`
	Platform   string       `json:"platform"`
}

func runAsk(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ask", "[UTTERANCE | -]",
		"Answers each utterance as the first turn of a new session and prints the answer.\nWith no UTTERANCE, or -, reads one utterance per line from standard input.",
		`skill ask "how many wet nappies should my 3 day old have"`,
		`skill ask --json --platform alexa "my boobs are rock hard"`,
		`skill ask --nation scotland "my baby has not had a wet nappy for 10 hours"`,
		`printf 'latch\nmastitis\n' | skill ask --json`)
	asJSON := fs.Bool("json", false, "print one JSON object per utterance")
	pf := addPlatformFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	p, err := pf.open()
	if err != nil {
		return err
	}
	answer := func(u string) error {
		u = strings.TrimSpace(u)
		if u == "" {
			return nil
		}
		r, err := p.Start().Send(ctx, channel.Turn{Utterance: u})
		if err != nil {
			return err
		}
		line := askLine{Utterance: u, Intent: r.Intent, Topic: r.Topic, Score: r.Score, Speech: r.Speech, SSML: r.SSML,
			Reprompt: r.Reprompt, Card: r.Card, EndSession: r.EndSession, Approved: r.Approved, Platform: p.Name()}
		if *asJSON {
			b, err := json.Marshal(line)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(e.stdout, string(b))
			return err
		}
		printAnswer(e.stdout, line)
		return nil
	}
	if fs.NArg() > 0 && fs.Arg(0) != "-" {
		return answer(strings.Join(fs.Args(), " "))
	}
	hintTerminal(e, "Type a question and press Enter; one answer per line. Ctrl-D to finish.")
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		if err := answer(sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}

func printAnswer(w io.Writer, l askLine) {
	topic := l.Topic
	if topic == "" {
		topic = "-"
	}
	status := "approved"
	if !l.Approved {
		status = "DRAFT, not approved"
	}
	fmt.Fprintf(w, "> %s\n  intent %s (score %.2f), topic %s, %s\n  %s\n", l.Utterance, l.Intent, l.Score, topic, status, l.Speech)
	if l.Card.Title != "" {
		fmt.Fprintf(w, "  [card: %s]\n", l.Card.Title)
	}
	if l.EndSession {
		fmt.Fprintln(w, "  (session ends)")
	}
}
