package alexa

import (
	"strings"

	"github.com/feedingfriend/skill/internal/skill"
)

// supportedLocale reports whether locale is served (a missing locale counts as en-GB).
func supportedLocale(locale string) bool {
	if locale == "" {
		return true
	}
	for _, l := range skill.Locales() {
		if strings.EqualFold(l, locale) {
			return true
		}
	}
	return false
}
