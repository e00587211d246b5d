package content

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/feedingfriend/skill/internal/skill"
)

// AgeRange is an inclusive range of ages in days; Max < 0 means no upper bound.
type AgeRange struct {
	Min, Max int
}

// Contains reports whether days falls in the range.
func (r AgeRange) Contains(days int) bool {
	return days >= r.Min && (r.Max < 0 || days <= r.Max)
}

// ParseAge parses "0 to 2 days", "2 to 6 weeks" or "from 6 weeks". An upper bound
// in weeks or months covers the whole of its last unit ("to 6 weeks" ends on day 48).
func ParseAge(s string) (AgeRange, error) {
	f := strings.Fields(strings.ToLower(strings.TrimSpace(s)))
	bad := fmt.Errorf("age %q: want \"A to B days|weeks|months\" or \"from A days|weeks|months\"", s)
	switch {
	case len(f) == 3 && f[0] == "from":
		n, err := strconv.Atoi(f[1])
		unit, ok := skill.AgeUnitDays(f[2])
		if err != nil || !ok || n < 0 {
			return AgeRange{}, bad
		}
		return AgeRange{Min: n * unit, Max: -1}, nil
	case len(f) == 4 && f[1] == "to":
		a, err1 := strconv.Atoi(f[0])
		b, err2 := strconv.Atoi(f[2])
		unit, ok := skill.AgeUnitDays(f[3])
		if err1 != nil || err2 != nil || !ok || a < 0 || b < a {
			return AgeRange{}, bad
		}
		return AgeRange{Min: a * unit, Max: (b+1)*unit - 1}, nil
	}
	return AgeRange{}, bad
}
