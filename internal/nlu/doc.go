// Package nlu is the offline language understanding: text to intent, slots, a
// score and ranked candidates, with a rejection threshold that yields
// FallbackIntent. It trains at start-up from the neutral interaction model, so it
// needs no cloud service.
//
// An utterance is normalised (case, punctuation, contractions, British and US
// spelling and parents' own words from the lexicon, number words, stems), checked
// against the red-flag rules first (a match is always UrgentHelpIntent), stripped
// of any baby's age (returned as slots), and then scored against every sample with
// TF-IDF cosine similarity over words, word pairs and topic-synonym features. The
// model was chosen by measurement on a held-out set; see Evaluate and the README.
//
// It imports the skill domain and the model; it knows nothing of platforms.
package nlu
