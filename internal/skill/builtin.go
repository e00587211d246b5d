package skill

import "strings"

// builtins are the intents every platform provides with its own phrasings
// (Alexa's AMAZON.HelpIntent, Dialogflow's welcome and fallback): the model
// gives them no samples of its own on Alexa.
var builtins = map[string]bool{HelpIntent: true, StopIntent: true, CancelIntent: true, FallbackIntent: true,
	YesIntent: true, NoIntent: true, MoreIntent: true, RepeatIntent: true, NavigateHomeIntent: true, StartOverIntent: true}

// IsBuiltin reports whether a neutral intent name is a platform built-in.
func IsBuiltin(name string) bool { return builtins[name] }

// alexaPrefix is how Alexa names its built-in intents ("AMAZON.HelpIntent").
const alexaPrefix = "AMAZON."

// AlexaIntentName maps a neutral intent name to Alexa's: the built-ins get the
// AMAZON. prefix, custom intents keep their names. It is the one mapping the
// Alexa model generator, the Alexa adapter and the harness share.
func AlexaIntentName(neutral string) string {
	if IsBuiltin(neutral) {
		return alexaPrefix + neutral
	}
	return neutral
}

// NeutralIntentName maps an Alexa intent name to the neutral name the
// conversation handles: AMAZON.HelpIntent becomes HelpIntent,
// AMAZON.NextIntent MoreIntent, and any other AMAZON.* intent the skill does
// not know FallbackIntent, so it gets the fallback's guidance rather than an
// error. Custom intents keep their names.
func NeutralIntentName(alexa string) string {
	rest, ok := strings.CutPrefix(alexa, alexaPrefix)
	switch {
	case !ok:
		return alexa
	case IsBuiltin(rest):
		return rest
	case rest == "NextIntent":
		return MoreIntent
	}
	return FallbackIntent
}

// IsAlexaBuiltin reports whether an Alexa intent name is one of Amazon's
// built-ins (AMAZON.*), known to the skill or not.
func IsAlexaBuiltin(alexa string) bool { return strings.HasPrefix(alexa, alexaPrefix) }

// Locales are the locales the skill is published and served in, the one its
// content is written for first; the others get the same content.
func Locales() []string { return []string{"en-GB", "en-US", "en-AU", "en-CA", "en-IN"} }

// ageUnitDays are the days in each unit a baby's age is given in.
var ageUnitDays = map[string]int{"day": 1, "week": 7, "fortnight": 14, "month": 30}

// AgeUnitDays returns the days in an age unit as a platform or a file gives it:
// "day", "weeks", "fortnights", "months old". It is the one list of age units
// the NLU's canonical units, the Alexa slot check, the age slots and the
// content files' age ranges share.
func AgeUnitDays(unit string) (int, bool) {
	u := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(unit)), " old"), "s")
	d, ok := ageUnitDays[u]
	return d, ok
}
