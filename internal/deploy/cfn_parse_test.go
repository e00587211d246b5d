package deploy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestCfnValueReadsIntrinsics(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       any
	}{
		{"ref", "!Ref SkillId", map[string]any{"Ref": "SkillId"}},
		{"getatt", "!GetAtt Fn.Arn", map[string]any{"Fn::GetAtt": []any{"Fn", "Arn"}}},
		{"sub", "!Sub /aws/lambda/${F}", map[string]any{"Fn::Sub": "/aws/lambda/${F}"}},
		{"if", "!If [C, !Ref A, !Ref \"AWS::NoValue\"]", map[string]any{"Fn::If": []any{"C", map[string]any{"Ref": "A"}, map[string]any{"Ref": "AWS::NoValue"}}}},
		{"findinmap", "!FindInMap [M, !Ref \"AWS::Region\", K]", map[string]any{"Fn::FindInMap": []any{"M", map[string]any{"Ref": "AWS::Region"}, "K"}}},
		{"plain", "{a: [1, \"true\"]}", map[string]any{"a": []any{1, "true"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n yaml.Node
			require.NoError(t, yaml.Unmarshal([]byte(tc.yaml), &n))
			got, err := cfnValue(n.Content[0])
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
