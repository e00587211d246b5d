package alexa

import (
	"strings"

	"github.com/feedingfriend/skill/internal/skill"
)

// NeutralIntent maps an Alexa intent name to the neutral name the conversation
// handles: AMAZON.HelpIntent becomes HelpIntent, AMAZON.NextIntent becomes
// MoreIntent, and any other AMAZON.* intent the skill does not know becomes
// FallbackIntent, so it gets the fallback's guidance rather than an error.
// Custom intents keep their names.
func NeutralIntent(name string) string {
	rest, ok := strings.CutPrefix(name, "AMAZON.")
	if !ok {
		return name
	}
	switch rest {
	case skill.HelpIntent, skill.StopIntent, skill.CancelIntent, skill.FallbackIntent, skill.YesIntent,
		skill.NoIntent, skill.MoreIntent, skill.RepeatIntent, skill.NavigateHomeIntent, skill.StartOverIntent:
		return rest
	case "NextIntent":
		return skill.MoreIntent
	}
	return skill.FallbackIntent
}

// IntentName maps a neutral intent name to Alexa's: the built-ins get the
// AMAZON. prefix, custom intents keep their names.
func IntentName(neutral string) string {
	switch neutral {
	case skill.HelpIntent, skill.StopIntent, skill.CancelIntent, skill.FallbackIntent, skill.YesIntent,
		skill.NoIntent, skill.MoreIntent, skill.RepeatIntent, skill.NavigateHomeIntent, skill.StartOverIntent:
		return "AMAZON." + neutral
	}
	return neutral
}

// Locales are the locales the skill serves, the first being the one its content
// is written for; the others get the same content.
func Locales() []string { return []string{"en-GB", "en-US", "en-AU", "en-CA", "en-IN"} }

// supportedLocale reports whether locale is served (a missing locale counts as en-GB).
func supportedLocale(locale string) bool {
	if locale == "" {
		return true
	}
	for _, l := range Locales() {
		if strings.EqualFold(l, locale) {
			return true
		}
	}
	return false
}
