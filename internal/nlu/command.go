package nlu

import (
	"strings"

	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/skill"
)

// standalone are the intents that are a whole utterance or nothing: the
// commands that end the conversation and the social turns. "Stop", "cancel
// that please", "hiya", "thanks a lot" are; "how do I stop him biting", "stop
// my nipples cracking", "cancel my feed schedule?", "thanks, how often should
// she feed" are questions, whatever their first word.
var standalone = []string{skill.StopIntent, skill.CancelIntent, skill.GreetingIntent, skill.ThanksIntent}

// courtesy are words that may stand around any standalone utterance ("ok stop
// now thanks", "hi there alexa", "cancel that for me please").
const courtesy = "please thank thanks ta you ok okay alright right now then just all very much so well oh um er erm " +
	"hey hi hello alexa there that it this is i me we us let want would like could can to for today anyway again really " +
	"lot yes yeah no"

// commands knows the words each standalone intent may be said with.
type commands struct {
	words map[string]map[string]bool // intent -> stems: its samples' words and the courtesy words
	// invocation are the stems of the invocation name ("feed", "friend"),
	// allowed only as the whole name ("stop feeding friend", not "cancel feeds").
	invocation      map[string]bool
	invocationPairs []string
}

// newCommands reads the standalone intents' words from the model.
func newCommands(norm *normaliser, m *model.Model) *commands {
	c := &commands{words: map[string]map[string]bool{}, invocation: map[string]bool{}}
	inv := stems(norm.canon(m.Invocation))
	for i, st := range inv {
		c.invocation[st] = true
		if i > 0 {
			c.invocationPairs = append(c.invocationPairs, inv[i-1]+"_"+st)
		}
	}
	shared := stems(norm.canon(courtesy))
	for _, name := range standalone {
		in, ok := m.Intent(name)
		if !ok {
			continue
		}
		words := map[string]bool{}
		for _, st := range shared {
			words[st] = true
		}
		for _, s := range in.Samples {
			for _, st := range stems(norm.canon(slotRefRE().ReplaceAllString(s.Text, " "))) {
				if !c.invocation[st] {
					words[st] = true
				}
			}
		}
		c.words[name] = words
	}
	return c
}

// standalone reports whether intent must be said on its own.
func (c *commands) standalone(intent string) bool {
	return c != nil && c.words[intent] != nil
}

// onlyCommandWords reports whether every word feature of an utterance is one
// the standalone intent may be said with (pairs, topic features and character
// n-grams are skipped; the invocation's words count when the whole name was
// said).
func (c *commands) onlyCommandWords(intent string, feats []string) bool {
	words := c.words[intent]
	named := len(c.invocationPairs) > 0
	for _, p := range c.invocationPairs {
		named = named && containsString(feats, p)
	}
	for _, f := range feats {
		if strings.Contains(f, "_") || strings.HasPrefix(f, "@") || strings.HasPrefix(f, "#") || words[f] || (named && c.invocation[f]) {
			continue
		}
		return false
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
