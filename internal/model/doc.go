// Package model loads the platform-neutral interaction model in intents/ (intents,
// sample utterances, slots, slot types, red flags and out-of-scope examples) and
// generates each platform's model from it.
//
// It is the single source for Alexa, Dialogflow and the offline NLU, so the three
// cannot drift apart. It imports the skill domain and a YAML library; it knows
// nothing of the content store or the conversation.
package model
