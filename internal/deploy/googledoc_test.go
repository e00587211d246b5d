package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoogleDeployDocKeepsTheRules holds docs/deploy-google.md to what the issue
// asked of it: the London region chosen at creation, dedicated service accounts,
// no allUsers (--allow-unauthenticated) anywhere, --no-invoker-iam-check where
// the service is meant to be public, ID-token auth, and versions and environments
// so that Messenger never runs on Draft; and, for a phone line, the transfer
// number's setting, that an emergency is never transferred, that Google's
// own gateway serves only US numbers and that a UK line needs a partner.
func TestGoogleDeployDocKeepsTheRules(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "docs", "deploy-google.md"))
	require.NoError(t, err)
	doc := string(b)
	assert.NotRegexp(t, regexp.MustCompile(`(^|[^-])--allow-unauthenticated`), doc, "allUsers is blocked by many public-sector organisations")
	for _, want := range []string{
		"europe-west2", "can never be changed",
		"--service-account", "--build-service-account", "roles/run.builder", "roles/secretmanager.secretAccessor",
		"--no-invoker-iam-check", "--no-allow-unauthenticated", "WEBHOOK_AUTH=cloud-run-iam",
		"gcp-sa-dialogflow.iam.gserviceaccount.com", "roles/run.invoker", "ID token",
		"Versions", "Environments", "Draft",
		"phone_transfer", "Hang up and dial 999 now.", "**never transferred**", "only US phone numbers",
		"partner telephony integration",
	} {
		assert.Contains(t, doc, want)
	}
	assert.NotContains(t, doc, "-compute@developer.gserviceaccount.com", "the default compute account is not the runtime identity")
}
