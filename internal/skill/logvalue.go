package skill

// Other is what a log records in place of a value from a request that is not
// in a known set.
const Other = "other"

// Known reports whether a value taken from a request belongs to a known set
// (an intent of the model, a locale the platform has, a request type it
// sends), so that it may be logged as it is.
type Known func(string) bool

// KnownValues is the Known of exactly these values.
func KnownValues(values ...string) Known {
	set := make(map[string]bool, len(values))
	for _, v := range values {
		set[v] = true
	}
	return func(v string) bool { return set[v] }
}

// LogValue is the one rule for logging what a request says: v as it is when
// known reports it, "" when it is empty, and Other for anything else, so a
// forged request cannot write its own text into the logs. A nil known knows
// nothing.
func LogValue(v string, known Known) string {
	switch {
	case v == "":
		return ""
	case known != nil && known(v):
		return v
	}
	return Other
}
