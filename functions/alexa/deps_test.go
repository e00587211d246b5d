package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The adapter is what lambda.Start runs: it must be a lambda.Handler, so the
// runtime passes it the raw payload untouched.
var _ lambda.Handler = (*alexa.Adapter)(nil)

// TestDependencies holds the line the layout draws: the Alexa function links
// neither Dialogflow, gRPC nor protobuf, nor another platform's adapter.
func TestDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/feedingfriend/skill/internal/alexa")
	require.Contains(t, deps, "github.com/aws/aws-lambda-go/lambda")
	forbidden := []string{
		"google.golang.org/grpc",
		"google.golang.org/protobuf",
		"cloud.google.com/go/dialogflow",
		"github.com/feedingfriend/skill/internal/dialogflow",
		"golang.org/x/image",           // the icon font is the tool's, not the function's
		"github.com/aws/aws-sdk-go-v2", // Secrets Manager is the webhook's
		"github.com/GoogleCloudPlatform/functions-framework-go",
		"github.com/prometheus/",
	}
	for _, d := range deps {
		for _, f := range forbidden {
			assert.False(t, strings.HasPrefix(d, f), "the Alexa function must not link %s (found %s)", f, d)
		}
	}
	t.Logf("%d packages linked", len(deps))
}
