package channel

import (
	"context"
	"fmt"

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
	// Ordinary lines: how many wrongly reached urgent help.
	Ordinary, OverTriggered int
	// Misses are the red-flag lines that did not reach urgent help, and
	// FalseAlarms the ordinary lines that did.
	Misses, FalseAlarms []Miss
	// Under are the 999 lines answered with the 111 level.
	Under []Miss
	// PerWho counts reached lines per who (baby, mother, mental-health).
	PerWho map[string]*[2]int
}

// Miss is a corpus line handled wrongly, with the intent the platform sent.
type Miss struct {
	nlu.Labelled
	Intent string
}

// MeasureRedFlags runs every line through p. Lines with level emergency or
// urgent are red flags; the others must not reach urgent help.
func MeasureRedFlags(ctx context.Context, p Platform, items []nlu.Labelled) (RedFlagReport, error) {
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
	return fmt.Sprintf("%-14s recall %5.1f%% (%d/%d)  level right %5.1f%% (%d/%d)  999 given 111 %d  right person %5.1f%% (%d/%d)  over-trigger %4.1f%% (%d/%d)",
		r.Platform, r.Recall(), r.Reached, r.RedFlags, pct(r.LevelRight, r.Reached), r.LevelRight, r.Reached, r.UnderTriaged,
		pct(r.WhoRight, r.Reached), r.WhoRight, r.Reached, r.OverTrigger(), r.OverTriggered, r.Ordinary)
}
