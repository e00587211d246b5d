package skill

// EdgeTexts are the few things a platform adapter says itself, outside the
// conversation: after a failure, in a locale the skill does not speak, and to
// a request type it does not handle. They are the skill's own words (the
// content's prompts, approved like an answer); the wiring gives them to the
// adapter, filled for the deployment's nation.
type EdgeTexts struct {
	// Failure is said when the conversation failed: no detail, and the
	// emergency number.
	Failure string
	// WrongLocale is said in a locale the skill has no content for.
	WrongLocale string
	// Unsupported ends a request the skill does not handle outside a
	// session; UnsupportedInSession keeps the session, with Reprompt.
	Unsupported, UnsupportedInSession, Reprompt string
}
