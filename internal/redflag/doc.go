// Package redflag finds red-flag situations in what a parent says: the signs in
// shared/reference/domain.md section 2 that must go straight to 999 or NHS 111.
//
// A situation (intents/red-flags.yaml) names who it is about (the baby, the
// mother, or a mental-health crisis), its level and its source, and is found
// by patterns written over concepts: reusable lists of the many ways parents
// say one thing ({blue} is blue, bluish, purple, dusky...). A pattern may hold
// literal words, {concept} references, * (any one word) and ~ (up to three
// words). Qualifiers the words alone cannot settle (the baby's age, a
// temperature, how many hours) are read from the utterance as Facts and
// checked by a situation's needs.
//
// The layer is designed for recall: it runs before every classifier, and a
// sign said with a negation ("she is not blue") or a cancel phrase of its
// situation does not count. It knows nothing of platforms or answers.
package redflag
