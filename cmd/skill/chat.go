package main

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"strings"

	"github.com/feedingfriend/skill/internal/channel"
)

func runChat(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "chat", "",
		"Talks to the skill turn by turn, as on a speaker. Type what you would say; an empty line\nis silence (you hear the reprompt); /card shows the last card; /quit leaves.",
		"skill chat",
		"skill chat --platform alexa --nation wales",
		"skill chat --approved-only --speak")
	speak := fs.Bool("speak", false, "also speak each answer aloud with espeak-ng, when it is installed")
	pf := addPlatformFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(e, fs, fmt.Sprintf("type what you would say once it starts, or answer one utterance with: skill ask %q", strings.Join(fs.Args(), " "))); err != nil {
		return err
	}
	p, err := pf.open()
	if err != nil {
		return err
	}
	espeak := ""
	if *speak {
		if espeak, err = exec.LookPath("espeak-ng"); err != nil {
			fmt.Fprintln(e.stderr, "espeak-ng is not installed (apt-get install espeak-ng); showing text only")
		}
	}
	fmt.Fprintf(e.stdout, "platform: %s (choose with --platform: %s); /card reads the last card, /quit leaves\n",
		p.Name(), strings.Join(channel.Names(), ", "))
	conv := p.Start()
	var last channel.Reply
	show := func(r channel.Reply) {
		last = r
		fmt.Fprintf(e.stdout, "\nskill: %s\n", r.Speech)
		if r.Card.Title != "" {
			fmt.Fprintf(e.stdout, "       [card: %s - type /card to read it]\n", r.Card.Title)
		}
		if r.Topic != "" && !r.Approved {
			fmt.Fprintln(e.stdout, "       (draft answer: not approved by a clinician)")
		}
		if r.EndSession {
			fmt.Fprintln(e.stdout, "       (session ended; say something to start again)")
			conv = p.Start()
		}
		if espeak != "" {
			_ = exec.CommandContext(ctx, espeak, "-v", "en-gb", r.Speech).Run()
		}
	}
	r, err := conv.Send(ctx, channel.Turn{Launch: true})
	if err != nil {
		return err
	}
	show(r)
	sc := bufio.NewScanner(e.stdin)
	for {
		fmt.Fprint(e.stdout, "\nyou: ")
		if !sc.Scan() {
			fmt.Fprintln(e.stdout)
			return sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		switch line {
		case "/quit", "/exit":
			return nil
		case "/card":
			fmt.Fprintf(e.stdout, "\n%s\n%s\n", last.Card.Title, last.Card.Text)
			continue
		case "":
			if last.Reprompt != "" && !last.EndSession {
				fmt.Fprintf(e.stdout, "\nskill (reprompt): %s\n", last.Reprompt)
			}
			continue
		}
		r, err := conv.Send(ctx, channel.Turn{Utterance: line})
		if err != nil {
			return err
		}
		show(r)
	}
}
