package release

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/icon"
	"github.com/feedingfriend/skill/internal/model"
)

// Kind is the kind of every finding of this package.
const Kind = "package"

const (
	configFile   = "skill.yaml"
	manifestFile = "skill-package/skill.json"
	packageDir   = "skill-package"
)

// manifest is the part of skill.json the release depends on.
type manifest struct {
	Manifest struct {
		PublishingInformation struct {
			Locales map[string]struct {
				SmallIconURI string `json:"smallIconUri"`
				LargeIconURI string `json:"largeIconUri"`
			} `json:"locales"`
			DistributionCountries []string `json:"distributionCountries"`
		} `json:"publishingInformation"`
		PrivacyAndCompliance struct {
			Locales map[string]struct {
				PrivacyPolicyURL string `json:"privacyPolicyUrl"`
			} `json:"locales"`
		} `json:"privacyAndCompliance"`
		APIs struct {
			Custom struct {
				Endpoint *struct {
					URI string `json:"uri"`
				} `json:"endpoint"`
				Interfaces []struct {
					Type string `json:"type"`
				} `json:"interfaces"`
			} `json:"custom"`
		} `json:"apis"`
	} `json:"manifest"`
}

// Check reads the repository root and returns what stops the skill's release:
// errors for example values, a missing or stale endpoint, an endpoint outside
// the Alexa regions, missing or mis-sized icons and a missing interface; a
// warning for a UK skill whose function is not in config.UKRegion.
func Check(root fs.FS) []content.Finding {
	var out []content.Finding
	add := func(file string, sev content.Severity, format string, args ...any) {
		out = append(out, content.Finding{File: file, Severity: sev, Kind: Kind, Msg: fmt.Sprintf(format, args...)})
	}
	errf := func(file, format string, args ...any) { add(file, content.SeverityError, format, args...) }

	data, err := fs.ReadFile(root, configFile)
	if err != nil {
		errf(configFile, "cannot read it: %v", err)
		return out
	}
	sk, err := config.Parse(data)
	if err != nil {
		errf(configFile, "%v", err)
		return out
	}
	for _, p := range sk.Placeholders() {
		errf(configFile, "%s %q %s: give your own (skill init --help)", p.Key, p.Value, p.Why)
	}
	if sk.Endpoint == "" {
		errf(configFile, "no endpoint: deploy the function (sam deploy), then skill init --endpoint with the stack's AlexaFunctionArn output")
	}

	b, err := fs.ReadFile(root, manifestFile)
	if err != nil {
		errf(manifestFile, "cannot read it: %v (run skill model build)", err)
		return out
	}
	var mf manifest
	if err := json.Unmarshal(b, &mf); err != nil {
		errf(manifestFile, "not JSON: %v", err)
		return out
	}
	m := mf.Manifest

	// The endpoint.
	switch ep := m.APIs.Custom.Endpoint; {
	case ep == nil || ep.URI == "":
		errf(manifestFile, "apis.custom.endpoint is missing: Alexa has nowhere to send requests (set endpoint in skill.yaml, then skill model build)")
	default:
		if why := config.PlaceholderWhy(ep.URI); why != "" {
			errf(manifestFile, "apis.custom.endpoint %q %s", ep.URI, why)
		}
		if err := config.CheckEndpoint(ep.URI); err != nil {
			errf(manifestFile, "apis.custom.endpoint: %v", err)
		}
		if sk.Endpoint != "" && ep.URI != sk.Endpoint {
			errf(manifestFile, "apis.custom.endpoint %q is not skill.yaml's %q: run skill model build", ep.URI, sk.Endpoint)
		}
		if r := config.EndpointRegion(ep.URI); r != "" && r != config.UKRegion && slices.Contains(m.PublishingInformation.DistributionCountries, "GB") {
			add(manifestFile, content.SeverityWarning, "the function is in %s: for listeners in the UK deploy it in %s, Alexa's European region", r, config.UKRegion)
		}
	}

	// The interfaces.
	var have []string
	for _, i := range m.APIs.Custom.Interfaces {
		have = append(have, i.Type)
	}
	for _, want := range model.AlexaInterfaces {
		if !slices.Contains(have, want) {
			errf(manifestFile, "apis.custom.interfaces lacks %s (run skill model build)", want)
		}
	}

	// Each locale's icons and privacy policy.
	locales := make([]string, 0, len(m.PublishingInformation.Locales))
	for l := range m.PublishingInformation.Locales {
		locales = append(locales, l)
	}
	sort.Strings(locales)
	if len(locales) == 0 {
		errf(manifestFile, "publishingInformation.locales is empty")
	}
	checked := map[string]bool{}
	for _, l := range locales {
		loc := m.PublishingInformation.Locales[l]
		for _, ic := range []struct {
			field, uri string
			size       int
		}{{"smallIconUri", loc.SmallIconURI, icon.Small}, {"largeIconUri", loc.LargeIconURI, icon.Large}} {
			switch {
			case ic.uri == "":
				errf(manifestFile, "%s has no %s: Alexa will not certify a skill without icons", l, ic.field)
			case config.PlaceholderWhy(ic.uri) != "":
				errf(manifestFile, "%s %s %q %s", l, ic.field, ic.uri, config.PlaceholderWhy(ic.uri))
			case strings.HasPrefix(ic.uri, "file://") && !checked[ic.uri]:
				checked[ic.uri] = true
				file := path.Join(packageDir, strings.TrimPrefix(ic.uri, "file://"))
				png, err := fs.ReadFile(root, file)
				if err != nil {
					errf(file, "%s %s: the file is missing (run skill model build)", l, ic.field)
				} else if err := icon.Check(png, ic.size); err != nil {
					errf(file, "%s %s: %v", l, ic.field, err)
				}
			case !strings.HasPrefix(ic.uri, "file://") && !strings.HasPrefix(ic.uri, "https://"):
				errf(manifestFile, "%s %s %q: a file:// path in the package or an https address", l, ic.field, ic.uri)
			}
		}
		pp := m.PrivacyAndCompliance.Locales[l].PrivacyPolicyURL
		switch {
		case pp == "":
			errf(manifestFile, "%s has no privacyPolicyUrl", l)
		case config.PlaceholderWhy(pp) != "":
			errf(manifestFile, "%s privacyPolicyUrl %q %s", l, pp, config.PlaceholderWhy(pp))
		}
	}
	return out
}
