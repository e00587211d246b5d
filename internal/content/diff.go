package content

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// ErrNoSnapshot is returned by DiffApproved when there is no approved text to
// compare with.
var ErrNoSnapshot = errors.New("no approved snapshot")

// DiffApproved returns a unified diff from the text approved for t (kept in
// approved/<id>.json inside fsys) to its text now, one sentence per line. It
// returns "" when nothing changed. The snapshot must match the approval hash,
// so a snapshot edited after approval is reported, not trusted.
func DiffApproved(fsys fs.FS, t *Topic) (string, error) {
	if t.Approval == nil {
		return "", fmt.Errorf("content: %s has never been approved: %w", t.ID, ErrNoSnapshot)
	}
	name := path.Join(ApprovedDir, t.ID+".json")
	old, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", fmt.Errorf("content: %s: %w (%v)", t.ID, ErrNoSnapshot, err)
	}
	if snapshotHash(old) != t.Approval.Hash {
		return "", fmt.Errorf("content: %s does not match the approval hash in %s: it was changed after approval", name, t.File)
	}
	var c canonical
	if err := json.Unmarshal(old, &c); err != nil {
		return "", fmt.Errorf("content: %s: %w", name, err)
	}
	var now canonical
	if err := json.Unmarshal(Canonical(t), &now); err != nil {
		return "", fmt.Errorf("content: %s: %w", t.File, err)
	}
	from := fmt.Sprintf("%s (approved %s by %s)", name, t.Approval.On, t.Approval.By)
	return Unified(from, t.File+" (now)", readable(c), readable(now), 3), nil
}

// readable renders canonical clinical text for people: one field heading,
// then one sentence or card line per line, so a diff shows the sentence that
// changed.
func readable(c canonical) []string {
	var out []string
	spoken := func(head, text string) {
		out = append(out, head+":")
		for _, s := range Sentences(text) {
			out = append(out, "  "+s)
		}
	}
	lines := func(head, text string) {
		if text == "" {
			return
		}
		out = append(out, head+":")
		for _, l := range strings.Split(text, "\n") {
			out = append(out, "  "+l)
		}
	}
	if c.Rules != nil {
		b, _ := json.MarshalIndent(c.Rules, "", "  ")
		return strings.Split(string(b), "\n")
	}
	if c.Texts != nil {
		keys := make([]string, 0, len(c.Texts))
		for k := range c.Texts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if strings.Contains(c.Texts[k], "\n") {
				lines(k, c.Texts[k])
			} else {
				spoken(k, c.Texts[k])
			}
		}
		return append(out, signpostingLines(c.Signposting)...)
	}
	out = append(out, "title: "+c.Title)
	spoken("answer", c.Answer)
	for i, m := range c.More {
		spoken(fmt.Sprintf("more %d", i+1), m)
	}
	lines("card", c.Card)
	out = append(out, "sources:")
	for _, s := range c.Sources {
		out = append(out, fmt.Sprintf("  %s (checked %s)", s.URL, s.Checked))
	}
	for _, v := range c.Variants {
		head := "variant " + v.Age
		if v.Key != "" {
			head = "variant " + v.Key
		}
		spoken(head+" answer", v.Answer)
		for i, m := range v.More {
			spoken(fmt.Sprintf("%s more %d", head, i+1), m)
		}
		lines(head+" card", v.Card)
	}
	return append(out, signpostingLines(c.Signposting)...)
}

// signpostingLines renders what the placeholders stood for, a nation at a
// time, so a diff shows a changed number or service by name.
func signpostingLines(sg map[string]map[string]string) []string {
	var out []string
	for _, n := range Nations {
		v, ok := sg[n]
		if !ok {
			continue
		}
		out = append(out, "signposting, "+n+":")
		names := make([]string, 0, len(v))
		for k := range v {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			out = append(out, "  "+k+": "+v[k])
		}
	}
	return out
}

// Sentences splits spoken text into sentences: after ".", "!" or "?" followed
// by a space. Whitespace inside a sentence is collapsed.
func Sentences(text string) []string {
	words := strings.Fields(text)
	var out []string
	start := 0
	for i, w := range words {
		if strings.HasSuffix(strings.TrimRight(w, `"')`), ".") || strings.HasSuffix(w, "?") || strings.HasSuffix(w, "!") {
			out = append(out, strings.Join(words[start:i+1], " "))
			start = i + 1
		}
	}
	if start < len(words) {
		out = append(out, strings.Join(words[start:], " "))
	}
	return out
}

// op is one line of an edit script.
type op struct {
	kind byte // ' ', '-' or '+'
	text string
	a, b int // line numbers (0-based) in a and b
}

// lineDiff returns the edit script from a to b by longest common subsequence.
func lineDiff(a, b []string) []op {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, op{' ', a[i], i, j})
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i], i, j})
			i++
		default:
			ops = append(ops, op{'+', b[j], i, j})
			j++
		}
	}
	return ops
}

// Unified returns a unified diff of the lines a and b with context lines
// around each change, or "" when they are equal.
func Unified(aName, bName string, a, b []string, context int) string {
	ops := lineDiff(a, b)
	var changed []int
	for k, o := range ops {
		if o.kind != ' ' {
			changed = append(changed, k)
		}
	}
	if len(changed) == 0 {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", aName, bName)
	for h := 0; h < len(changed); {
		lo := max(changed[h]-context, 0)
		hi := changed[h] + context
		for h+1 < len(changed) && changed[h+1]-context <= hi+1 {
			h++
			hi = changed[h] + context
		}
		h++
		hi = min(hi, len(ops)-1)
		var na, nb int
		for _, o := range ops[lo : hi+1] {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(ops[lo].a, na), hunkRange(ops[lo].b, nb))
		for _, o := range ops[lo : hi+1] {
			fmt.Fprintf(&sb, "%c%s\n", o.kind, o.text)
		}
	}
	return sb.String()
}

// hunkRange formats a hunk's start and length as unified diffs do (1-based;
// an empty range names the line before it).
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
