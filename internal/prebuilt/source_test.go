package prebuilt

import (
	"go/parser"
	"math"
	"reflect"
	"testing"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExpr: each kind of value is written as the Go expression that makes
// it again, nil and empty kept apart (reflect.DeepEqual tells them apart, and
// so does TestImageIsFresh).
func TestExpr(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"string", "say \"999\"\n", `"say \"999\"\n"`},
		{"int", -3, "-3"},
		{"float", 37.5, "37.5"},
		{"whole float", 38.0, "38"},
		{"bool", true, "true"},
		{"nil slice", []string(nil), "nil"},
		{"empty slice", []string{}, "[]string{}"},
		{"slice", []string{"a", "b"}, `[]string{"a", "b"}`},
		{"nested", [][]string{nil, {}}, "[][]string{nil, {}}"},
		{"map, sorted", map[string]int{"b": 2, "a": 1}, `map[string]int{"a": 1, "b": 2}`},
		{"struct, zero fields left out", model.Sample{Text: "latch", Line: 3}, `model.Sample{Text: "latch", Line: 3}`},
		{"pointer", &content.Approval{By: "Cal"}, `&content.Approval{By: "Cal"}`},
		{"nil pointer", (*content.Approval)(nil), "nil"},
		{"elements elided", []*content.Approval{{By: "Cal"}}, `[]*content.Approval{{By: "Cal"}}`},
		{"long, one a line", []string{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
			"[]string{\n\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\n\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\n}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := &writer{imports: map[string]string{}}
			got, err := w.expr(reflect.ValueOf(tc.v), true)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			_, err = parser.ParseExpr(got)
			assert.NoError(t, err, "the expression parses")
		})
	}
}

// TestExprRefuses: what a literal cannot make again is an error, never a
// silent loss: unexported state (freeze it first), values with no constant.
func TestExprRefuses(t *testing.T) {
	topic, _ := content.RulesTopic(content.Rules{ID: "r", File: "r.yaml", Data: []byte("a: 1\n")}, &content.Audit{})
	for _, tc := range []struct {
		name string
		v    any
	}{
		{"unexported state", topic},
		{"NaN", math.NaN()},
		{"channel", make(chan int)},
		{"map keyed by int", map[int]string{1: "a"}},
		{"interface", []any{1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := &writer{imports: map[string]string{}}
			_, err := w.expr(reflect.ValueOf(tc.v), true)
			assert.Error(t, err)
		})
	}
}
