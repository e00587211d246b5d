package yamledit

import (
	"errors"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Doc is a YAML document whose top level is a block mapping, with the lines
// each key spans and the edits asked for so far.
type Doc struct {
	lines []string
	keys  map[string]key
	edits []edit
}

// key is where one key sits: the lines [start, end) of the key and its value,
// without the blank and comment lines that lead to the next key (those stay
// with the next key), and the column of the key.
type key struct {
	start, end, column int
}

type edit struct {
	start, end int
	rank       int // place in the caller's key order: ties at one line go in order
	text       string
}

// ErrNotMapping is returned for a document whose top level is not a mapping.
var ErrNotMapping = errors.New("yamledit: the document is not a mapping of keys")

// Parse reads data. Keys are named by their path: "name", or "signposts.urgent"
// for a key of a block mapping under "signposts".
func Parse(data []byte) (*Doc, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode || root.Content[0].Style&yaml.FlowStyle != 0 {
		return nil, ErrNotMapping
	}
	lines := strings.SplitAfter(string(data), "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	if n := len(lines); n > 0 && !strings.HasSuffix(lines[n-1], "\n") {
		lines[n-1] += "\n"
	}
	d := &Doc{lines: lines, keys: map[string]key{}}
	d.index("", root.Content[0], len(lines))
	return d, nil
}

// index records the keys of the block mapping m, whose last key ends at end.
func (d *Doc) index(prefix string, m *yaml.Node, end int) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		sp := key{start: k.Line - 1, end: end, column: k.Column - 1}
		if i+2 < len(m.Content) {
			sp.end = m.Content[i+2].Line - 1
		}
		// Blank and comment lines before the next key belong to it.
		for sp.end > sp.start+1 && blankOrComment(d.lines[sp.end-1]) {
			sp.end--
		}
		path := prefix + k.Value
		d.keys[path] = sp
		if v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 && v.Content[0].Line > k.Line {
			d.index(path+".", v, sp.end)
		}
	}
}

// Has reports whether the document has the key at path.
func (d *Doc) Has(path string) bool {
	_, ok := d.keys[path]
	return ok
}

// Indent returns the column of the keys under path (two more than path's
// own when it has none yet).
func (d *Doc) Indent(path string) int {
	for p, k := range d.keys {
		if parent, _, ok := cutLast(p); ok && parent == path {
			return k.column
		}
	}
	return d.keys[path].column + 2
}

// Set replaces the lines of the key at path with block: the key's whole YAML
// lines, indented where they go, ending in a newline; "" removes the key. A
// key the document does not have goes after the nearest key before it in
// order (its siblings' names, in the order the file writes them) that the
// document has, else before the nearest after it, else at the end of its
// parent; an empty block for a missing key changes nothing. The edits are
// made by Bytes.
func (d *Doc) Set(path, block string, order []string) {
	parent, name, _ := cutLast(path)
	rank := slices.Index(order, name)
	if k, ok := d.keys[path]; ok {
		d.edits = append(d.edits, edit{k.start, k.end, rank, block})
		return
	}
	if block == "" {
		return
	}
	at := d.insertAt(parent, rank, order)
	d.edits = append(d.edits, edit{at, at, rank, block})
}

// insertAt returns the line a missing key of rank in order goes at, under parent.
func (d *Doc) insertAt(parent string, rank int, order []string) int {
	sibling := func(name string) (key, bool) {
		if parent != "" {
			name = parent + "." + name
		}
		k, ok := d.keys[name]
		return k, ok
	}
	if rank >= 0 {
		for j := rank - 1; j >= 0; j-- {
			if k, ok := sibling(order[j]); ok {
				return k.end
			}
		}
		for j := rank + 1; j < len(order); j++ {
			if k, ok := sibling(order[j]); ok {
				return k.start
			}
		}
	}
	if parent == "" {
		return len(d.lines)
	}
	return d.keys[parent].end
}

// Bytes returns the document with every edit made. The edits are made from the
// bottom of the file up, so the line numbers of those above stay valid.
func (d *Doc) Bytes() []byte {
	edits := slices.Clone(d.edits)
	slices.SortStableFunc(edits, func(a, b edit) int {
		if a.start != b.start {
			return b.start - a.start
		}
		return b.rank - a.rank
	})
	lines := slices.Clone(d.lines)
	for _, e := range edits {
		lines = splice(lines, e.start, e.end, e.text)
	}
	return []byte(strings.Join(lines, ""))
}

// Scalar renders a one-line value as YAML writes it, quoted only when needed.
func Scalar(s string) string {
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s})
	if err != nil {
		return `""` // callers read the result back, which catches this
	}
	return strings.TrimSuffix(string(out), "\n")
}

func splice(lines []string, start, end int, block string) []string {
	var nb []string
	if block != "" {
		nb = strings.SplitAfter(strings.TrimSuffix(block, "\n"), "\n")
		nb[len(nb)-1] += "\n"
	}
	out := append([]string{}, lines[:start]...)
	out = append(out, nb...)
	return append(out, lines[end:]...)
}

func blankOrComment(l string) bool {
	s := strings.TrimSpace(l)
	return s == "" || strings.HasPrefix(s, "#")
}

// cutLast splits a path at its last dot: "a.b.c" is "a.b" and "c".
func cutLast(path string) (parent, name string, nested bool) {
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return "", path, false
	}
	return path[:i], path[i+1:], true
}
