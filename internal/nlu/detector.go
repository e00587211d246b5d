package nlu

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/redflag"
	"github.com/feedingfriend/skill/internal/skill"
)

// The red-flag detector is the second half of the red-flag layer: a logistic
// regression over the words as said, trained at build time on the red-flag
// development corpora (intents/testdata/redflag-dev*.yaml: every red-flag line
// labelled with who it is about and its level, every ordinary line as none),
// the urgent intents' samples, and every other sample and out-of-scope
// example as none. It runs only when no situation of intents/red-flags.yaml
// matched, and speaks only when it is sure: the red-flag classes together
// must reach DetectorMin. The rules say why; the detector catches phrasings
// no rule was written for.
//
//	go generate ./internal/nlu
//
// writes weights/redflag.bin beside weights/model.bin.

//go:embed weights/redflag.bin
var embeddedDetector []byte

// DetectorMin is the probability the red-flag classes together need. Chosen on
// the development corpora as a new author's lines would be met
// (TestDetectorOnANewAuthor): trained on every corpus but the fifth and sixth
// and within the rules' scope, the detector alone found, of those two
// corpora's 620 red flags and 620 ordinary lines:
//
//	threshold  red flags found  ordinary lines flagged
//	0.7        490 (79.0%)      2
//	0.75       467 (75.3%)      1
//	0.8        445 (71.8%)      1
//
// 0.8 found seven in ten red flags alone, with one false alarm in 620. It
// speaks only where no rule did. The figures move by a few lines when the
// training samples change: the test holds the floor, 70% found and at most
// 0.5% of ordinary lines flagged. With the eighth and ninth corpora (December
// 2026), and without the 32 lines that were also in the blind sets
// (TestBlindLinesNotInTraining), it found 479 of 615 (78%), flagging none.
// It now also gives 111 for "my 3 day old has not pooed" at either threshold,
// which the NHS nappy guide treats as a question for the midwife: a false
// alarm on the safe side, left for the clinical safety officer. The price of
// the new corpora: on heldout.yaml and dev-oos.yaml (not trained on) the
// detector now flags 4 ordinary lines more than before (5 of 645: a breast
// infection, yellow eyes, no poo in 3 days at 10 weeks). At 0.85 it flags 2
// of them and finds 446 of the 615 (73%); at 0.9 none, and 402 (65%), under
// the floor. 0.8 was kept then: 33 more of a new author's red flags are worth 3
// more false alarms on the safe side, a choice for the clinical safety
// officer to confirm. Retrained with the tenth and eleventh corpora (December
// 2026, 1,600 lines, half of the ordinary ones borrowing red-flag words), it
// found 503 of the 615 (82%), flagging none of their 604 ordinary lines, and
// still flagged 5 of the 645 held-out ordinary lines at 0.8 (4 at 0.85, 3 at
// 0.9). That detector, met by the twelfth and thirteenth corpora before
// either was trained on (two more new authors, 1,600 lines), added to the
// rules' 570 of their 673 red flags 75 more and 9 false alarms in 924
// ordinary lines at 0.8, and 68 and 4 at 0.85 (measured with the rules of
// intents/red-flags.yaml as they are now). Trained on all thirteen, at 0.8 it also took
// an intent sample ("the whites of his eyes look yellow", 0.80) and a
// mastitis question with flu-like aches (0.83) for red flags. So the
// threshold was then 0.85: on the fifth and sixth corpora held out it found
// 486 of 615 (79%; 514 at 0.8) and flagged none of 604 (1 at 0.8).
//
// Since December 2026 the detector is trained with a tenth of the weight
// penalty (Lambda 1e-6 against the classifier's 1e-5) and speaks at 0.9.
// Compared on four pairs of corpora, each held out in turn, on the 241 red
// flags and 2,980 ordinary lines no rule caught (TestCautionOnANewAuthor):
//
//	Lambda  threshold  red flags found  false alarms
//	1e-5    0.85       156              10
//	1e-5    0.9        136              4
//	1e-6    0.85       170              17
//	1e-6    0.9        163              10
//
// The same false alarms for 7 more red flags; the safety net (CautionMin)
// then reaches 212 of the 241 against 211, with 38 ordinary lines led by it
// against 39. (Mean word vectors from GloVe added as features, tried the
// same way, found 165 for 11 false alarms at 0.85: not enough to carry a
// table of word vectors in the binary.) On the held-out ordinary lines of
// heldout.yaml, dev-oos.yaml and dev-topics.yaml it flags 3 of 1,109 (5
// before: the yellow eyes and the breast infection are no longer taken for
// red flags). On the fifth and sixth corpora held out it finds 492 of 615
// and flags none of 604.
const DetectorMin = 0.9

// detectorParams are the detector's training settings: the classifier's,
// without character n-grams (they cost most of a detector's reading and, on a
// new author's lines, found no more red flags), and with a tenth of its
// weight penalty (see DetectorMin).
var detectorParams = func() lrParams {
	p := defaultLRParams
	p.Groups[groupChar] = 0
	p.Lambda = 1e-6
	return p
}()

// detectorNone is the class of lines that are not red flags.
const detectorNone = "none"

// detector is the trained red-flag detector.
type detector struct {
	lr  *lrModel
	min float64
}

// detectorClass is the class of a red-flag line: who it is about and its
// level ("baby-emergency"; "anyone-urgent" when it is about anyone).
func detectorClass(who, level string) string {
	if who == "" {
		who = "anyone"
	}
	return who + "-" + level
}

// DetectorCorpus is one labelled corpus the detector learns from.
type DetectorCorpus struct {
	Name  string
	Items []Labelled
}

// detectorExamples are what the detector learns from, in a fixed order: the
// corpora's lines, then the urgent intents' samples (labelled by the rule
// they match), then every other sample and out-of-scope example as none.
func (n *NLU) detectorExamples(m *model.Model, corpora []DetectorCorpus) []example {
	var out []example
	add := func(class, text string) {
		out = append(out, example{intent: class, feats: detectorFeatures(n.norm.plain(text)), text: text})
	}
	for _, c := range corpora {
		for _, it := range c.Items {
			if it.Urgent() && it.Level != "" {
				add(detectorClass(it.Who, it.Level), it.Text)
			} else if !it.Urgent() {
				add(detectorNone, it.Text)
			}
		}
	}
	for _, in := range m.All() {
		urgent := in.Name == skill.UrgentHelpIntent || in.Name == skill.UrgentMotherIntent || in.Name == skill.MentalHealthCrisisIntent
		for _, s := range in.Samples {
			// Slots get a value as a parent would say one ("she is 6 weeks old");
			// a phrase slot's carrier stays bare ("i don't think i can").
			text := slotRefRE().ReplaceAllStringFunc(s.Text, func(ref string) string { return detectorSlotValue[ref] })
			if !urgent {
				add(detectorNone, text)
				continue
			}
			if h, ok := n.ruleFlag(text); ok {
				add(detectorClass(h.Who, h.Level), text)
			}
		}
	}
	for _, s := range m.OutOfScope {
		add(detectorNone, s.Text)
	}
	return out
}

// detectorSlotValue is what a slot of a sample is read as when the detector
// learns from it.
var detectorSlotValue = map[string]string{"{ageNumber}": "6", "{ageUnit}": "weeks", "{topic}": "latching"}

// detectorFeatures are the detector's features: stems and word pairs of the
// words as said (no lexicon, no topic words: a symptom is not a topic).
func detectorFeatures(plain []string) []string {
	return features(stems(plain), nil)
}

// GenerateDetector trains the red-flag detector (go generate ./internal/nlu
// writes it to weights/redflag.bin).
func GenerateDetector(m *model.Model, corpora []DetectorCorpus) ([]byte, error) {
	n, err := New(m, WithoutDetector())
	if err != nil {
		return nil, err
	}
	lr, err := trainLogReg(n.detectorExamples(m, corpora), detectorParams)
	if err != nil {
		return nil, err
	}
	return lr.encode(), nil
}

// loadDetector reads the embedded detector.
func loadDetector() (*detector, error) {
	lr, err := decodeLogReg(embeddedDetector)
	if err != nil {
		return nil, fmt.Errorf("nlu: the red-flag detector: %w (run go generate ./internal/nlu)", err)
	}
	return &detector{lr: lr, min: DetectorMin}, nil
}

// flag returns the red flag the detector finds in plain, with the probability
// of the red-flag classes together; ok says that probability reached min
// (below it, the hit is the likeliest red flag, for the rules' scope to judge).
func (d *detector) flag(plain []string) (redflag.Hit, float64, bool) {
	if d == nil || len(plain) == 0 {
		return redflag.Hit{}, 0, false
	}
	ps := d.lr.probs(detectorFeatures(plain))
	sum, best, bp := 0.0, "", -1.0
	for k, c := range d.lr.classes {
		if c == detectorNone {
			continue
		}
		sum += ps[k]
		if ps[k] > bp {
			best, bp = c, ps[k]
		}
	}
	if best == "" {
		return redflag.Hit{}, 0, false
	}
	i := strings.LastIndexByte(best, '-')
	who, level := best[:i], best[i+1:]
	if who == "anyone" {
		who = ""
	}
	return redflag.Hit{ID: DetectorID, Who: who, Level: level}, sum, sum >= d.min
}

// DetectorID is the situation id of a red flag the detector found.
const DetectorID = "detector"

// ReadLabelled reads one labelled file (ParseLabelled); an error names it.
func ReadLabelled(path string) ([]Labelled, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	items, err := ParseLabelled(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return items, nil
}

// DetectorCorpusGlob names the corpora the detector learns from, in the
// directory of evaluation data (intents/testdata).
const DetectorCorpusGlob = "redflag-dev*.yaml"

// ReadDetectorCorpora reads the detector's corpora from dir, in name order.
func ReadDetectorCorpora(dir string) ([]DetectorCorpus, error) {
	files, err := filepath.Glob(filepath.Join(dir, DetectorCorpusGlob))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("nlu: no %s in %s", DetectorCorpusGlob, dir)
	}
	var out []DetectorCorpus
	for _, f := range files {
		items, err := ReadLabelled(f)
		if err != nil {
			return nil, err
		}
		out = append(out, DetectorCorpus{Name: filepath.Base(f), Items: items})
	}
	return out, nil
}
