package alexa

// What Alexa sends from a fixed set, which the log may carry as it is; the
// adapter passes every request value through skill.LogValue with one of
// these (or Config.KnownIntents), so anything else is logged as "other". Free
// text (an error message, a request id, a slot value) is never logged.

// knownType reports whether t is a request type Alexa sends to custom skills.
func knownType(t string) bool {
	switch t {
	case LaunchRequest, IntentRequest, SessionEndedRequest, CanFulfillIntentRequest, ExceptionEncounteredRequest,
		"SessionResumedRequest", "Dialog.API.Invoked", "Dialog.InputRequest",
		"AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackFinished", "AudioPlayer.PlaybackStopped",
		"AudioPlayer.PlaybackNearlyFinished", "AudioPlayer.PlaybackFailed",
		"PlaybackController.NextCommandIssued", "PlaybackController.PauseCommandIssued",
		"PlaybackController.PlayCommandIssued", "PlaybackController.PreviousCommandIssued",
		"Display.ElementSelected", "Alexa.Presentation.APL.UserEvent", "Alexa.Presentation.APL.LoadIndexListData",
		"Alexa.Presentation.APL.LoadTokenListData", "Alexa.Presentation.APL.RuntimeError", "Alexa.Presentation.APLT.UserEvent",
		"Alexa.Presentation.HTML.Message", "Alexa.Presentation.HTML.RuntimeError",
		"Connections.Request", "Connections.Response", "Messaging.MessageReceived",
		"AlexaSkillEvent.SkillEnabled", "AlexaSkillEvent.SkillDisabled", "AlexaSkillEvent.SkillAccountLinked",
		"AlexaSkillEvent.SkillPermissionAccepted", "AlexaSkillEvent.SkillPermissionChanged",
		"AlexaSkillEvent.ProactiveSubscriptionChanged":
		return true
	}
	return false
}

// knownReason reports whether r is a reason a SessionEndedRequest gives.
func knownReason(r string) bool {
	switch r {
	case "USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS":
		return true
	}
	return false
}

// knownErrorType reports whether t is the type of an error Alexa reports in a
// SessionEndedRequest or System.ExceptionEncountered.
func knownErrorType(t string) bool {
	switch t {
	case "INVALID_RESPONSE", "DEVICE_COMMUNICATION_ERROR", "INTERNAL_SERVICE_ERROR", "ENDPOINT_TIMEOUT", "INTERNAL_ERROR":
		return true
	}
	return false
}

// knownLocale reports whether l is a locale Alexa has (as Alexa writes it).
func knownLocale(l string) bool {
	switch l {
	case "ar-SA", "de-DE", "en-AU", "en-CA", "en-GB", "en-IN", "en-US", "es-ES", "es-MX", "es-US",
		"fr-CA", "fr-FR", "hi-IN", "it-IT", "ja-JP", "nl-NL", "pt-BR":
		return true
	}
	return false
}
