package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	iofs "io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/nlu"
)

// ---------------------------------------------------------------- explain

func runModelExplain(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "model explain", `"UTTERANCE"`,
		"Says why the offline NLU understood an utterance as it did: the normalised words, the\n"+
			"red-flag rule hit, the age found, topic words, the top candidates with scores, the\n"+
			"nearest training sample and the words that mattered.")
	dir := fs.String("model", "", "read the interaction model from `DIR` instead of the built-in one")
	asJSON := fs.Bool("json", false, "print the explanation as JSON")
	words, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		fs.Usage()
		return errUsage
	}
	m, err := loadModel(*dir)
	if err != nil {
		return err
	}
	n, err := nlu.New(m)
	if err != nil {
		return err
	}
	ex := n.Explain(strings.Join(words, " "))
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ex)
	}
	writeExplanation(e.stdout, ex)
	return nil
}

func writeExplanation(w io.Writer, ex nlu.Explanation) {
	r := ex.Result
	fmt.Fprintf(w, "utterance   %q\n", ex.Text)
	fmt.Fprintf(w, "words       %s\n", strings.Join(ex.Words, " "))
	if ex.RedFlag != nil {
		fmt.Fprintf(w, "red flag    %s (%s), matched on: %s\n", ex.RedFlag.ID, ex.RedFlag.Level, strings.Join(quoteAll(ex.RedFlag.Phrases), " + "))
	} else {
		fmt.Fprintln(w, "red flag    none")
	}
	if ex.Age != nil {
		fmt.Fprintf(w, "age         %d %s (%d days), from %q\n", ex.Age.Age.Number, ex.Age.Age.Unit, ex.Age.Days, strings.Join(ex.Age.Words, " "))
	} else {
		fmt.Fprintln(w, "age         none")
	}
	if len(ex.Topics) > 0 {
		var ts []string
		for _, t := range ex.Topics {
			ts = append(ts, fmt.Sprintf("%s (%q)", t.Topic, strings.Join(t.Words, " ")))
		}
		fmt.Fprintf(w, "topic words %s\n", strings.Join(ts, ", "))
	} else {
		fmt.Fprintln(w, "topic words none")
	}
	topic := r.Topic
	if topic == "" {
		topic = "-"
	}
	fmt.Fprintf(w, "result      %s, topic %s, score %.3f (threshold %.2f)\n", r.Intent, topic, r.Score, ex.Threshold)
	if len(r.Candidates) > 0 {
		fmt.Fprintln(w, "candidates")
		for i, c := range r.Candidates {
			fmt.Fprintf(w, "  %d. %-26s %.3f\n", i+1, c.Intent, c.Score)
		}
	}
	for i, c := range ex.Skipped {
		fmt.Fprintf(w, "passed over %s (%.3f): %s\n", c.Intent, c.Score, ex.SkippedWhy[i])
	}
	if ex.Bonus > 0 {
		fmt.Fprintf(w, "topic bonus +%.2f: the topic was named outright\n", ex.Bonus)
	}
	if nr := ex.Nearest; nr != nil {
		fmt.Fprintf(w, "nearest     %q (%s), similarity %.3f\n", nr.Sample, nr.Intent, nr.Score)
		if len(nr.Shared) > 0 {
			fmt.Fprintln(w, "  words that mattered (share of the similarity):")
			for _, c := range nr.Shared {
				fmt.Fprintf(w, "    %-28s +%.3f\n", c.Feature, c.Weight)
			}
		}
		if len(nr.Missing) > 0 {
			var ms []string
			for _, c := range nr.Missing {
				ms = append(ms, c.Feature)
			}
			fmt.Fprintf(w, "  not in that sample (pull the score down): %s\n", strings.Join(ms, ", "))
		}
	}
	if lr := ex.LogReg; lr != nil {
		fmt.Fprintf(w, "logreg      %s, probability %.3f, bias %+.3f\n", lr.Intent, lr.Probability, lr.Bias)
		if len(lr.For) > 0 {
			fmt.Fprintln(w, "  features that pushed it up (weight x value):")
			for _, c := range lr.For {
				fmt.Fprintf(w, "    %-28s %+.3f\n", c.Feature, c.Weight)
			}
		}
		if len(lr.Against) > 0 {
			fmt.Fprintln(w, "  features that pulled it down:")
			for _, c := range lr.Against {
				fmt.Fprintf(w, "    %-28s %+.3f\n", c.Feature, c.Weight)
			}
		}
		if lr.Unknown > 0 {
			fmt.Fprintf(w, "  %d features never seen in training\n", lr.Unknown)
		}
	}
	fmt.Fprintf(w, "why         %s\n", ex.Decision)
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// ---------------------------------------------------------------- lint

func runModelLint(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "model lint", "",
		"Checks the interaction model offline, as Alexa's conflict detection and Dialogflow's agent\n"+
			"validation would after a cloud build: samples in two intents, near-duplicates that make\n"+
			"intents compete, collisions with built-in intents, shared slot values, thin intents and\n"+
			"Alexa/Dialogflow rule violations. Prints FILE:LINE: severity: message; exits 1 on errors.")
	dir := fs.String("model", "", "read the interaction model from `DIR` instead of the built-in one")
	quiet := fs.Bool("errors", false, "print errors only")
	if err := parse(fs, args); err != nil {
		return err
	}
	var fsys iofs.FS = intents.FS
	prefix := "intents"
	if *dir != "" {
		fsys, prefix = os.DirFS(*dir), *dir
	}
	findings, err := model.LintFS(fsys)
	if err != nil {
		return err
	}
	var errs, warns int
	for _, f := range findings {
		if f.Severity == model.Error {
			errs++
		} else {
			warns++
			if *quiet {
				continue
			}
		}
		fmt.Fprintf(e.stdout, "%s:%d: %s: %s [%s]\n", path.Join(prefix, f.File), f.Line, f.Severity, f.Msg, f.Rule)
	}
	fmt.Fprintf(e.stdout, "%d errors, %d warnings\n", errs, warns)
	if errs > 0 {
		return lintFailed(errs)
	}
	return nil
}

// lintFailed is the error of a lint run with errors (exit status 1).
type lintFailed int

func (n lintFailed) Error() string { return fmt.Sprintf("%d lint errors", int(n)) }

// ---------------------------------------------------------------- eval

func runModelEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "model eval", "FILE...",
		"Runs every labelled utterance in the FILEs ({utterances: [{text, topic|intent|level, category}]},\n"+
			"the format of intents/testdata/heldout.yaml and intents/testdata/blind/) through the offline\n"+
			"NLU and prints precision, recall and F1 per label, the most confused pairs, out-of-scope\n"+
			"rejection, urgent-help recall and accuracy per phrasing category. --summary prints only the\n"+
			"figures, without the lines: use it on the blind sets, which must not be tuned on.")
	summary := fs.Bool("summary", false, "print only the figures per category and overall, no utterances")
	dir := fs.String("model", "", "read the interaction model from `DIR` instead of the built-in one")
	htmlOut := fs.String("html", "", "also write a self-contained HTML report with a confusion-matrix heat map to `FILE`")
	top := fs.Int("confused", 10, "show the `N` most confused pairs")
	misses := fs.Bool("misses", false, "list every line the NLU got wrong (development sets only, never the blind sets)")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return errUsage
	}
	if *misses {
		for _, f := range files {
			if strings.Contains(filepath.ToSlash(f), "/blind/") {
				return fmt.Errorf("--misses would show the lines of %s, a blind set that must not be tuned on: use --summary", f)
			}
		}
	}
	items, err := readLabelled(files)
	if err != nil {
		return err
	}
	m, err := loadModel(*dir)
	if err != nil {
		return err
	}
	n, err := nlu.New(m)
	if err != nil {
		return err
	}
	rep := nlu.Evaluate(n, items)
	if *summary {
		writeEvalSummary(e.stdout, rep)
		return nil
	}
	if *misses {
		for _, o := range rep.Misses() {
			fmt.Fprintf(e.stdout, "line %d\twant %s\tgot %s (%.2f)\t%s\n", o.Item.Line, o.Item.Label(), o.Got, o.Res.Score, o.Item.Text)
		}
		return nil
	}
	writeEvalText(e.stdout, rep, *top)
	if *htmlOut != "" {
		f, err := os.Create(*htmlOut)
		if err != nil {
			return err
		}
		werr := writeEvalHTML(f, strings.Join(files, ", "), rep, *top)
		if err := f.Close(); werr == nil {
			werr = err
		}
		if werr != nil {
			return werr
		}
		fmt.Fprintf(e.stdout, "wrote %s\n", *htmlOut)
	}
	return nil
}

func writeEvalText(w io.Writer, rep nlu.Report, top int) {
	scores := rep.PerLabel()
	width := len("label")
	for _, s := range scores {
		width = max(width, len(s.Label))
	}
	fmt.Fprintf(w, "%-*s  %7s  %9s  %6s  %5s\n", width, "label", "support", "precision", "recall", "F1")
	for _, s := range scores {
		if s.Support == 0 { // only chosen, never expected: nothing to recall
			fmt.Fprintf(w, "%-*s  %7d  %9.2f  %6s  %5s\n", width, s.Label, s.Support, s.Precision, "-", "-")
			continue
		}
		fmt.Fprintf(w, "%-*s  %7d  %9.2f  %6.2f  %5.2f\n", width, s.Label, s.Support, s.Precision, s.Recall, s.F1)
	}
	examples := confusedExamples(rep)
	if pairs := rep.Confused(top); len(pairs) > 0 {
		fmt.Fprintln(w, "\nmost confused (expected -> got):")
		for _, p := range pairs {
			fmt.Fprintf(w, "  %2d  %s -> %s", p.Count, p.Want, p.Got)
			if ex := examples[p.Want+"\x00"+p.Got]; len(ex) > 0 {
				fmt.Fprintf(w, "   e.g. %q", ex[0])
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "\nout-of-scope rejected  %.1f%% (%d/%d)\n", rep.OOSRejection(), rep.OOSRejected, rep.OOSTotal)
	fmt.Fprintf(w, "urgent-help recall     %.1f%% (%d/%d)\n", rep.UrgentRecall(), rep.UrgentHit, rep.UrgentTotal)
	fmt.Fprintf(w, "topic top-1            %.1f%% (%d/%d)\n", rep.TopicAccuracy(), rep.TopicCorrect, rep.TopicTotal)
	fmt.Fprintf(w, "other intents          %.1f%% (%d/%d)\n", rep.IntentAccuracy(), rep.IntentCorrect, rep.IntentTotal)
	fmt.Fprintf(w, "in scope but rejected  %d\n", rep.FalseRejects)
	fmt.Fprintln(w, "\nper category:")
	for _, t := range rep.ByCategory() {
		fmt.Fprintln(w, "  "+t.String())
	}
}

// readLabelled reads and joins labelled evaluation files.
func readLabelled(files []string) ([]nlu.Labelled, error) {
	var items []nlu.Labelled
	for _, f := range files {
		its, err := nlu.ReadLabelled(f)
		if err != nil {
			return nil, err
		}
		items = append(items, its...)
	}
	return items, nil
}

// writeEvalSummary prints the figures per category and overall, no utterances.
func writeEvalSummary(w io.Writer, rep nlu.Report) {
	fmt.Fprintln(w, "category        right")
	for _, t := range rep.ByCategory() {
		fmt.Fprintln(w, t.String())
	}
	fmt.Fprintf(w, "\ntopic top-1            %.1f%% (%d/%d)\n", rep.TopicAccuracy(), rep.TopicCorrect, rep.TopicTotal)
	fmt.Fprintf(w, "out-of-scope rejected  %.1f%% (%d/%d)\n", rep.OOSRejection(), rep.OOSRejected, rep.OOSTotal)
	fmt.Fprintf(w, "urgent-help recall     %.1f%% (%d/%d)\n", rep.UrgentRecall(), rep.UrgentHit, rep.UrgentTotal)
	fmt.Fprintf(w, "other intents          %.1f%% (%d/%d)\n", rep.IntentAccuracy(), rep.IntentCorrect, rep.IntentTotal)
	fmt.Fprintf(w, "over-triggered urgent  %d of %d lines that are not red flags\n", rep.OverTriggered, rep.NonUrgent)
}

// confusedExamples maps "want\x00got" to the utterances that were confused so.
func confusedExamples(rep nlu.Report) map[string][]string {
	out := map[string][]string{}
	for _, o := range rep.Misses() {
		k := o.Item.Label() + "\x00" + o.Got
		out[k] = append(out[k], o.Item.Text)
	}
	return out
}

// evalPage is what the HTML report template shows.
type evalPage struct {
	Source    string
	Summary   []summaryRow
	Labels    []string
	Matrix    []matrixRow
	Scores    []nlu.Score
	Confused  []confusedPair
	MaxInCell int
}

type summaryRow struct {
	Name   string
	Figure string
}

type matrixRow struct {
	Label   string
	Support int
	Cells   []matrixCell
}

type matrixCell struct {
	Count int
	// Style is the cell's colour: blue on the diagonal (right), red off it
	// (confused), stronger for a larger share of the row.
	Style    template.CSS
	Diagonal bool
	Title    string
}

type confusedPair struct {
	Want, Got string
	Count     int
	Examples  []string
}

func writeEvalHTML(w io.Writer, source string, rep nlu.Report, top int) error {
	conf := rep.Confusion()
	set := map[string]bool{}
	for want, row := range conf {
		set[want] = true
		for got := range row {
			set[got] = true
		}
	}
	labels := make([]string, 0, len(set))
	for l := range set {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	page := evalPage{Source: source, Labels: labels, Scores: rep.PerLabel()}
	page.Summary = []summaryRow{
		{"topic top-1", fmt.Sprintf("%.1f%% (%d/%d)", rep.TopicAccuracy(), rep.TopicCorrect, rep.TopicTotal)},
		{"out-of-scope rejected", fmt.Sprintf("%.1f%% (%d/%d)", rep.OOSRejection(), rep.OOSRejected, rep.OOSTotal)},
		{"urgent-help recall", fmt.Sprintf("%.1f%% (%d/%d)", rep.UrgentRecall(), rep.UrgentHit, rep.UrgentTotal)},
		{"other intents", fmt.Sprintf("%.1f%% (%d/%d)", rep.IntentAccuracy(), rep.IntentCorrect, rep.IntentTotal)},
		{"in scope but rejected", fmt.Sprint(rep.FalseRejects)},
	}
	for _, want := range labels {
		row := matrixRow{Label: want}
		for _, c := range conf[want] {
			row.Support += c
		}
		if row.Support == 0 {
			continue // predicted only: a column, not a row
		}
		for _, got := range labels {
			c := conf[want][got]
			cell := matrixCell{Count: c, Diagonal: want == got, Title: fmt.Sprintf("%s -> %s: %d", want, got, c)}
			if c > 0 {
				share := float64(c) / float64(row.Support)
				// At most 0.55, so that the count in dark text stays readable
				// (WCAG contrast 4.5:1) on the strongest colour.
				alpha := 0.1 + 0.45*math.Min(1, share)
				hue := "200, 40, 40"
				if cell.Diagonal {
					hue = "30, 100, 200"
				}
				cell.Style = template.CSS(fmt.Sprintf("background-color: rgba(%s, %.2f)", hue, alpha))
			}
			row.Cells = append(row.Cells, cell)
		}
		page.Matrix = append(page.Matrix, row)
	}
	examples := confusedExamples(rep)
	for _, p := range rep.Confused(top) {
		page.Confused = append(page.Confused, confusedPair{Want: p.Want, Got: p.Got, Count: p.Count, Examples: examples[p.Want+"\x00"+p.Got]})
	}
	return evalTemplate().Execute(w, page)
}

// evalTemplate is the HTML report: one file, inline CSS, no scripts or external
// assets, every label and utterance escaped by html/template. It is parsed on
// first use, not when every command starts.
var evalTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("eval").Funcs(template.FuncMap{
		"pct":  func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
		"weak": func(f float64) bool { return f < 0.8 },
	}).Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>NLU evaluation: {{.Source}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ccc; padding: 2px 6px; font-size: 0.85em; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.weak td { background: #fff1f0; }
.scroll { max-width: 100%; overflow-x: auto; }
table.matrix { font-size: 0.75rem; }
table.matrix td, table.matrix th { font-size: 1em; }
table.matrix td { min-width: 1.15rem; height: 1.25rem; text-align: center; padding: 0; }
table.matrix th.col { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: normal; line-height: 1.1; padding: 4px 1px; }
table.matrix th.row { text-align: right; font-weight: normal; white-space: nowrap; }
td.diag { outline: 1px solid #1e64c8; }
.key span { display: inline-block; padding: 0 6px; margin-right: 1em; }
</style>
</head>
<body>
<main>
<h1>Offline NLU evaluation: {{.Source}}</h1>
<table>
{{range .Summary}}<tr><th>{{.Name}}</th><td class="num">{{.Figure}}</td></tr>
{{end}}</table>

<h2>Confusion matrix</h2>
<p class="key">Rows are the expected label, columns what the NLU chose.
<span style="background-color: rgba(30, 100, 200, 0.55)">right</span>
<span style="background-color: rgba(200, 40, 40, 0.55)">confused</span>
The stronger the colour, the larger the share of that row.</p>
<div class="scroll" role="region" tabindex="0" aria-label="Confusion matrix">
<table class="matrix" id="confusion-matrix">
<tr><td></td>{{range .Labels}}<th class="col" scope="col">{{.}}</th>{{end}}</tr>
{{range .Matrix}}<tr><th class="row" scope="row">{{.Label}} ({{.Support}})</th>{{range .Cells}}<td{{if .Diagonal}} class="diag"{{end}}{{if .Style}} style="{{.Style}}"{{end}} title="{{.Title}}">{{if .Count}}{{.Count}}{{end}}</td>{{end}}</tr>
{{end}}</table>
</div>

<h2>Most confused pairs</h2>
<table>
<tr><th>expected</th><th>got</th><th>count</th><th>utterances</th></tr>
{{range .Confused}}<tr><td>{{.Want}}</td><td>{{.Got}}</td><td class="num">{{.Count}}</td><td>{{range $i, $e := .Examples}}{{if $i}}<br>{{end}}{{$e}}{{end}}</td></tr>
{{end}}</table>

<h2>Per label (weakest first)</h2>
<table id="per-label">
<tr><th>label</th><th>support</th><th>precision</th><th>recall</th><th>F1</th></tr>
{{range .Scores}}<tr{{if and .Support (weak .F1)}} class="weak"{{end}}><td>{{.Label}}</td><td class="num">{{.Support}}</td><td class="num">{{pct .Precision}}</td><td class="num">{{if .Support}}{{pct .Recall}}{{else}}no examples{{end}}</td><td class="num">{{if .Support}}{{pct .F1}}{{else}}-{{end}}</td></tr>
{{end}}</table>
<p>Labels with no examples in the set come last: the NLU chose them, wrongly, but there is nothing of theirs to recall.</p>
</main>
</body>
</html>
`))
})
