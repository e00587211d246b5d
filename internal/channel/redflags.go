package channel

import (
	"context"
	"fmt"
	"strings"

	"github.com/feedingfriend/skill/internal/nlu"
)

// RedFlagReport is how a platform handled a red-flag corpus: each red-flag
// line as the first turn of a new session, and each ordinary line the same.
type RedFlagReport struct {
	Platform string
	// Red-flag lines: how many reached urgent help, at the right level, and
	// with the answer for the right person (baby, mother, mental health).
	RedFlags, Reached, LevelRight, WhoRight int
	// UnderTriaged are 999 lines answered with the 111 level.
	UnderTriaged int
	// BothLevels are red-flag lines answered with urgent help of no known
	// level, which names both 999 and 111 (Alexa's UrgentHelpIntent without
	// the words): not the level asked for, but not under-triage either.
	BothLevels int
	// Ordinary lines: how many wrongly reached urgent help.
	Ordinary, OverTriggered int
	// Misses are the red-flag lines that did not reach urgent help, and
	// FalseAlarms the ordinary lines that did.
	Misses, FalseAlarms []Miss
	// Under are the 999 lines answered with the 111 level.
	Under []Miss
	// PerWho counts reached lines per who (baby, mother, mental-health).
	PerWho map[string]*[2]int
	// Signposted are the missed red-flag lines whose reply still gave the
	// safety net (the fallback's, or a reply led by it), and Named999 the
	// others whose reply names 999 all the same (an answer that mentions it,
	// for some other sign).
	Signposted, Named999 int
	// Netted are the ordinary lines answered with a topic led by the safety
	// net (nlu.CautionMin): one sentence more than they needed.
	Netted int
}

// EmergencyNumber is the number Named999 looks for: the drivers speak with
// the skill's default signposting, and 999 is every UK nation's.
const EmergencyNumber = "999"

// Miss is a corpus line handled wrongly, with the intent the platform sent.
type Miss struct {
	nlu.Labelled
	Intent string
}

// MeasureRedFlags runs every line through p. Lines with level emergency or
// urgent are red flags; the others must not reach urgent help. net is the
// safety net as spoken: a reply that holds it gave it, a topic answer that
// starts with it was led by it.
func MeasureRedFlags(ctx context.Context, p Platform, items []nlu.Labelled, net string) (RedFlagReport, error) {
	rep := RedFlagReport{Platform: p.Name(), PerWho: map[string]*[2]int{}}
	for _, it := range items {
		r, err := p.Start().Send(ctx, Turn{Utterance: it.Text})
		if err != nil {
			return rep, fmt.Errorf("%q: %w", it.Text, err)
		}
		urgent := r.Topic == "urgent-help"
		if !it.Urgent() {
			rep.Ordinary++
			if urgent {
				rep.OverTriggered++
				rep.FalseAlarms = append(rep.FalseAlarms, Miss{it, r.Intent})
			} else if r.Topic != "" && net != "" && strings.HasPrefix(r.Speech, net) {
				rep.Netted++
			}
			continue
		}
		rep.RedFlags++
		who := it.Who
		if who == "" {
			who = "other"
		}
		if rep.PerWho[who] == nil {
			rep.PerWho[who] = &[2]int{}
		}
		rep.PerWho[who][1]++
		if !urgent {
			rep.Misses = append(rep.Misses, Miss{it, r.Intent})
			switch {
			case net != "" && strings.Contains(r.Speech, net):
				rep.Signposted++
			case strings.Contains(r.Speech, EmergencyNumber):
				rep.Named999++
			}
			continue
		}
		rep.Reached++
		rep.PerWho[who][0]++
		level := it.Level
		if level == "" {
			level = "emergency" // an urgent-help topic line without a level
		}
		if r.UrgentLevel == level {
			rep.LevelRight++
		} else if r.UrgentLevel == "" {
			rep.BothLevels++
		} else if level == "emergency" && r.UrgentLevel == "urgent" {
			rep.UnderTriaged++
			rep.Under = append(rep.Under, Miss{it, r.Intent})
		}
		if it.Who != "" && r.UrgentVariant == it.Who+"-"+r.UrgentLevel {
			rep.WhoRight++
		}
	}
	return rep, nil
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// Recall is the share of red-flag lines that reached urgent help, in percent.
func (r RedFlagReport) Recall() float64 { return pct(r.Reached, r.RedFlags) }

// OverTrigger is the share of ordinary lines that reached urgent help, in percent.
func (r RedFlagReport) OverTrigger() float64 { return pct(r.OverTriggered, r.Ordinary) }

// Summary is one line of figures.
func (r RedFlagReport) Summary() string {
	return fmt.Sprintf("%-14s recall %5.1f%% (%d/%d)  level right %5.1f%% (%d/%d)  both numbers %d  999 given 111 %d  right person %5.1f%% (%d/%d)  over-trigger %4.1f%% (%d/%d)",
		r.Platform, r.Recall(), r.Reached, r.RedFlags, pct(r.LevelRight, r.Reached), r.LevelRight, r.Reached, r.BothLevels, r.UnderTriaged,
		pct(r.WhoRight, r.Reached), r.WhoRight, r.Reached, r.OverTrigger(), r.OverTriggered, r.Ordinary)
}

// NetSummary is the second line of figures: the red flags missed whose reply
// still gave the safety net (and those whose answer names 999 for some other
// reason), and the ordinary lines whose answer was led by the safety net.
func (r RedFlagReport) NetSummary() string {
	missed := r.RedFlags - r.Reached
	return fmt.Sprintf("%-14s missed but given the safety net %d/%d (%d more name 999)  reached or given it %5.1f%% (%d/%d)  ordinary answers led by it %4.1f%% (%d/%d)",
		"", r.Signposted, missed, r.Named999, pct(r.Reached+r.Signposted, r.RedFlags), r.Reached+r.Signposted, r.RedFlags,
		pct(r.Netted, r.Ordinary), r.Netted, r.Ordinary)
}
