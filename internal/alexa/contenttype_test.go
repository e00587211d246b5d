package alexa

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsJSON(t *testing.T) {
	tests := []struct {
		ct   string
		want bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"application/json;charset=UTF-8", true},
		{"Application/JSON; charset=UTF-8", true}, // parsed
		{"application/json ; charset=utf-8", true},
		{"", false},
		{"text/plain", false},
		{"application/jsonp", false},
		{"application/json; charset", false}, // malformed parameter
		{"application/x-www-form-urlencoded", false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, isJSON(tc.ct), "%q", tc.ct)
	}
}
