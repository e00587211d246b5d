package model

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"testing"

	"github.com/feedingfriend/skill/intents"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manifestOf builds the package with cfg and decodes its skill.json.
func manifestOf(t *testing.T, cfg AlexaPackage) (alexaManifestFile, map[string][]byte) {
	t.Helper()
	m, err := Load(intents.FS)
	require.NoError(t, err)
	files, err := m.Alexa(cfg)
	require.NoError(t, err)
	var mf alexaManifestFile
	require.NoError(t, json.Unmarshal(files["skill-package/skill.json"], &mf))
	return mf, files
}

func TestManifestEndpoint(t *testing.T) {
	for _, tc := range []struct {
		name, endpoint string
		want           *alexaEndpoint
	}{
		{"none yet", "", nil},
		{"lambda", "arn:aws:lambda:eu-west-1:111122223333:function:ff-AlexaFunction-1AB:live",
			&alexaEndpoint{URI: "arn:aws:lambda:eu-west-1:111122223333:function:ff-AlexaFunction-1AB:live"}},
		{"self-hosted", "https://skill.nhs.uk/alexa", &alexaEndpoint{URI: "https://skill.nhs.uk/alexa", SSLCertificateType: "Trusted"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mf, _ := manifestOf(t, AlexaPackage{Endpoint: tc.endpoint})
			assert.Equal(t, tc.want, mf.Manifest.APIs.Custom.Endpoint)
		})
	}
	m, err := Load(intents.FS)
	require.NoError(t, err)
	_, err = m.Alexa(AlexaPackage{Endpoint: "http://skill.nhs.uk/alexa"})
	require.Error(t, err, "an endpoint that is neither an ARN nor https must not build")
	assert.Contains(t, err.Error(), "endpoint")
}

func TestManifestDeclaresCanFulfill(t *testing.T) {
	mf, _ := manifestOf(t, AlexaPackage{})
	var types []string
	for _, i := range mf.Manifest.APIs.Custom.Interfaces {
		types = append(types, i.Type)
	}
	assert.Contains(t, types, "CAN_FULFILL_INTENT_REQUEST", "without it Alexa never sends CanFulfillIntentRequest")
}

func TestManifestIcons(t *testing.T) {
	mf, files := manifestOf(t, AlexaPackage{Name: "Milk Matters"})
	for loc, l := range mf.Manifest.PublishingInformation.Locales {
		assert.Equal(t, "file://assets/images/smallIcon.png", l.SmallIconURI, loc)
		assert.Equal(t, "file://assets/images/largeIcon.png", l.LargeIconURI, loc)
	}
	assert.NotContains(t, files, SmallIconPath, "no icon file unless one is given")
	small, large := pngOf(t, 108), pngOf(t, 512)
	_, files = manifestOf(t, AlexaPackage{SmallIcon: small, LargeIcon: large})
	assert.Equal(t, small, files[SmallIconPath])
	assert.Equal(t, large, files[LargeIconPath])
	assert.Equal(t, "skill-package/assets/images/smallIcon.png", SmallIconPath, "the file the manifest's URI names")
}

func pngOf(t *testing.T, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, image.NewGray(image.Rect(0, 0, size, size))))
	return buf.Bytes()
}
