package deploy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// template is template.yaml read as CloudFormation reads it: short-form
// intrinsic functions (!Ref X, !GetAtt A.B, !Sub s, !If [...]...) become their
// long forms ({"Ref": "X"}, {"Fn::GetAtt": ["A", "B"]}, {"Fn::Sub": s}...), so a
// test can say exactly what a property holds. (goformation, which did this
// before, was archived in 2024.)
type template map[string]any

func readTemplate(t *testing.T) template {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	require.NoError(t, err)
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(b, &doc))
	v, err := cfnValue(doc.Content[0])
	require.NoError(t, err)
	return template(v.(map[string]any))
}

// cfnValue decodes n, turning intrinsic function tags into their long forms.
func cfnValue(n *yaml.Node) (any, error) {
	tag := n.Tag
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		plain := *n
		plain.Tag = ""
		inner, err := cfnValue(&plain)
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(tag, "!")
		switch name {
		case "Ref", "Condition":
			return map[string]any{name: inner}, nil
		case "GetAtt":
			if s, ok := inner.(string); ok {
				res, attr, _ := strings.Cut(s, ".")
				return map[string]any{"Fn::GetAtt": []any{res, attr}}, nil
			}
		}
		return map[string]any{"Fn::" + name: inner}, nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := cfnValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			v, err := cfnValue(c)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.ScalarNode:
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return v, nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
}

// Section returns a top-level section (Parameters, Resources...).
func (tp template) Section(name string) map[string]any {
	m, _ := tp[name].(map[string]any)
	return m
}

// Resource returns a resource's Type, Properties and the whole resource.
func (tp template) Resource(t *testing.T, name string) (string, map[string]any, map[string]any) {
	t.Helper()
	r, ok := tp.Section("Resources")[name].(map[string]any)
	require.True(t, ok, "resource %s", name)
	props, _ := r["Properties"].(map[string]any)
	return r["Type"].(string), props, r
}

// OfType lists the resources of a type, by name.
func (tp template) OfType(typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, r := range tp.Section("Resources") {
		if m, ok := r.(map[string]any); ok && m["Type"] == typ {
			out[name] = m
		}
	}
	return out
}

// at follows a path of keys through maps.
func at(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func ref(name string) map[string]any { return map[string]any{"Ref": name} }
