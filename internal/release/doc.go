// Package release decides whether the repository is ready to submit the Alexa
// skill for certification: skill.yaml holds no example values, the generated
// skill-package/skill.json has a real endpoint in an Alexa region, every locale
// has its icons at the sizes Alexa wants and a real privacy policy, and the
// manifest declares CanFulfillIntentRequest. `skill release check` runs it with
// the content's own release check.
//
// It reads files only (no network, no account): what it cannot see, such as
// whether the endpoint answers, is left to Amazon's certification. It imports
// config (the placeholder and endpoint rules), content (the finding type),
// icon and model (the interfaces the package declares).
package release
