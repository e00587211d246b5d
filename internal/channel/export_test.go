package channel

// StandInRedFlag reports whether the Alexa driver's stand-in for Amazon's NLU
// finds a red flag in text (it must not: Amazon runs none of this skill's).
func StandInRedFlag(p Platform, text string) bool {
	_, ok := p.(*alexaPlatform).standIn.RedFlag(text)
	return ok
}
