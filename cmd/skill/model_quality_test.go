package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/nlu"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const evilLabel = `<script>alert("x")</script>`

// evilReport has a label that would run script if it were not escaped.
func evilReport() nlu.Report {
	out := func(text, want, got string) nlu.Outcome {
		return nlu.Outcome{Item: nlu.Labelled{Text: text, Topic: want}, Got: got}
	}
	return nlu.Report{Outcomes: []nlu.Outcome{
		out("how do i latch", "latch", "latch"),
		out("latch <b>bold</b>", "latch", evilLabel),
		out("thrush", "thrush", "thrush"),
		out("my nipples burn", "thrush", "latch"),
		out(`"quoted" & ampersand`, evilLabel, evilLabel),
	}}
}

// element is a parsed HTML element with its text.
type element struct {
	name  string
	attrs map[string]string
	text  string
}

// parseHTML parses an HTML page with encoding/xml in its lenient HTML mode
// and returns every element, failing on a syntax error.
func parseHTML(t *testing.T, page string) []*element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(page))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var all, open []*element
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		switch tk := tok.(type) {
		case xml.StartElement:
			e := &element{name: tk.Name.Local, attrs: map[string]string{}}
			for _, a := range tk.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			all, open = append(all, e), append(open, e)
		case xml.EndElement:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case xml.CharData:
			for _, e := range open {
				e.text += string(tk)
			}
		}
	}
	return all
}

func TestEvalHTML(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, writeEvalHTML(&b, "held<out>.yaml", evilReport(), 10))
	page := b.String()
	els := parseHTML(t, page)

	var matrix *element
	var scripts, links, cells, rows int
	for _, e := range els {
		switch e.name {
		case "script":
			scripts++
		case "link", "img", "iframe":
			links++
		case "table":
			if e.attrs["id"] == "confusion-matrix" {
				matrix = e
			}
		}
	}
	assert.Zero(t, scripts, "no script element: every label is escaped and the page needs no script")
	assert.Zero(t, links, "self-contained: no external assets")
	require.NotNil(t, matrix, "the confusion matrix is there")
	inMatrix := false
	for _, e := range els {
		if e == matrix {
			inMatrix = true
			continue
		}
		if inMatrix && e.name == "table" {
			break
		}
		if inMatrix && e.name == "tr" {
			rows++
		}
		if inMatrix && e.name == "td" {
			cells++
		}
	}
	// Labels: latch, thrush and the evil one; every expected label has a row.
	assert.Equal(t, 1+3, rows, "a header row and one row per expected label")
	assert.Equal(t, 1+3*3, cells, "the empty corner and one cell per label pair")
	assert.Contains(t, matrix.text, evilLabel, "the evil label is shown as text")
	assert.Contains(t, page, "&lt;script&gt;")
	assert.NotContains(t, page, "<b>bold</b>")
	assert.Contains(t, page, "<style>", "inline CSS")
	assert.Contains(t, page, `title="latch -&gt; latch: 1"`)
	assert.Regexp(t, `style="background-color: rgba\(30, 100, 200, 0\.\d\d\)"`, page, "the diagonal is coloured")
	assert.Contains(t, page, "held&lt;out&gt;.yaml")
}

func TestEvalText(t *testing.T) {
	var b bytes.Buffer
	writeEvalText(&b, evilReport(), 5)
	out := b.String()
	assert.Contains(t, out, "label")
	assert.Contains(t, out, "precision")
	assert.Regexp(t, `latch\s+2\s+0\.50\s+0\.50\s+0\.50`, out)
	assert.Contains(t, out, "most confused (expected -> got):")
	assert.Contains(t, out, "thrush -> latch")
	assert.Contains(t, out, "urgent-help recall")
}

func TestModelCommands(t *testing.T) {
	dir := t.TempDir()
	labelled := filepath.Join(dir, "set.yaml")
	require.NoError(t, os.WriteFile(labelled, []byte(`utterances:
  - {text: "how do i get a good latch", topic: latch}
  - {text: "my baby has stopped breathing", topic: urgent-help}
  - {text: "what's the weather", intent: FallbackIntent}
`), 0o600))
	report := filepath.Join(dir, "r.html")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"eval with flags after the file", []string{"model", "eval", labelled, "--html", report},
			[]string{"urgent-help recall     100.0% (1/1)", "out-of-scope rejected  100.0% (1/1)", "wrote " + report}},
		{"explain", []string{"model", "explain", "my", "baby", "is", "yellow", "and", "floppy"},
			[]string{"red flag    baby-floppy (emergency)", "why         red-flag situation"}},
		{"explain a topic", []string{"model", "explain", "how do i get a good latch"},
			[]string{"topic words latch", "nearest     ", "words that mattered"}},
		{"lint", []string{"model", "lint"}, []string{"\n0 errors, "}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), &env{strings.NewReader(""), &out, &errb}, tc.args)
			require.Equal(t, 0, code, errb.String())
			for _, w := range tc.want {
				assert.Contains(t, out.String(), w)
			}
		})
	}
	_, err := os.Stat(report)
	assert.NoError(t, err)
}

func TestLintExitsOneOnErrors(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS("../../intents")))
	p := filepath.Join(dir, "topics", "latch.yaml")
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, append(data, []byte("  - help me\n  - My 2 day old won't latch?\n")...), 0o600))
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{strings.NewReader(""), &out, &errb}, []string{"model", "lint", "--model", dir})
	assert.Equal(t, 1, code)
	assert.Contains(t, out.String(), filepath.Join(dir, "topics/latch.yaml")+":")
	assert.Contains(t, out.String(), "is a sample of the built-in HelpIntent")
	assert.Contains(t, out.String(), "has a digit")
	assert.Contains(t, errb.String(), "lint errors")
}
