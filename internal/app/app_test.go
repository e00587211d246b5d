package app

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNewWiresEverything(t *testing.T) {
	a, err := New(Config{NLU: true})
	require.NoError(t, err)
	require.NotNil(t, a.NLU)
	require.True(t, a.Known("LatchIntent"))
	require.False(t, a.Known("AMAZON.PizzaIntent"))
	require.Equal(t, "england", a.Nation)
}

// BenchmarkStartLambda is the start-up work of the Alexa Lambda (no NLU).
func BenchmarkStartLambda(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := New(Config{}); err != nil {
			b.Fatal(err)
		}
	}
}
