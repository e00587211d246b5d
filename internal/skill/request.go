package skill

// RequestType says why the platform called the skill.
type RequestType int

// The request types every platform can express.
const (
	// Launch opens the skill with no question ("Alexa, open feeding friend").
	Launch RequestType = iota
	// Intent carries a recognised intent with its slots.
	Intent
	// SessionEnd tells the skill the session has closed; nothing can be spoken.
	SessionEnd
)

func (t RequestType) String() string {
	switch t {
	case Launch:
		return "launch"
	case Intent:
		return "intent"
	case SessionEnd:
		return "session-end"
	}
	return "unknown"
}

// Neutral intent names. Adapters map platform names onto these (AMAZON.HelpIntent
// becomes HelpIntent); topic intents keep their own names (LatchIntent).
const (
	HelpIntent         = "HelpIntent"
	StopIntent         = "StopIntent"
	CancelIntent       = "CancelIntent"
	FallbackIntent     = "FallbackIntent"
	YesIntent          = "YesIntent"
	NoIntent           = "NoIntent"
	MoreIntent         = "MoreIntent"
	RepeatIntent       = "RepeatIntent"
	NavigateHomeIntent = "NavigateHomeIntent"
	StartOverIntent    = "StartOverIntent"
	TopicIntent        = "TopicIntent"
	BabyAgeIntent      = "BabyAgeIntent"
	UrgentHelpIntent   = "UrgentHelpIntent"
	// UrgentMotherIntent and MentalHealthCrisisIntent are urgent help about the
	// mother and a mental-health crisis, for platforms that send only an
	// intent (Alexa): each gets its own urgent answer.
	UrgentMotherIntent       = "UrgentMotherIntent"
	MentalHealthCrisisIntent = "MentalHealthCrisisIntent"
	// DescribeIntent, DescribeBabyIntent and DescribeSelfIntent carry the
	// parent's own words in DescriptionSlot where the platform would otherwise
	// drop them ("my baby {description}", "i {description}").
	DescribeIntent      = "DescribeIntent"
	DescribeBabyIntent  = "DescribeBabyIntent"
	DescribeSelfIntent  = "DescribeSelfIntent"
	DescribeCantIntent  = "DescribeCantIntent"
	DescribeKeepIntent  = "DescribeKeepIntent"
	DescribeWorryIntent = "DescribeWorryIntent"
	// GreetingIntent ("hello", "good morning") and ThanksIntent ("thank you",
	// "cheers") are the social turns: a short welcome, and a warm close or an
	// offer of anything else. Custom intents on every platform.
	GreetingIntent = "GreetingIntent"
	ThanksIntent   = "ThanksIntent"
)

// Slot names used by the neutral model.
const (
	TopicSlot     = "topic"
	AgeNumberSlot = "ageNumber"
	AgeUnitSlot   = "ageUnit"
	LevelSlot     = "level"
	// WhoSlot says who an urgent situation is about: baby, mother or
	// mental-health (set by the red-flag layer; empty for anyone).
	WhoSlot = "who"
	// DescriptionSlot is the phrase slot of the Describe intents.
	DescriptionSlot = "description"
)

// The levels of urgent help, the values of LevelSlot: 999 or A&E, and the
// nation's urgent service (NHS 111) the same day.
const (
	LevelEmergency = "emergency"
	LevelUrgent    = "urgent"
)

// Slot is one filled slot: the words heard and, when the platform resolved them to
// a known value, that value's id.
type Slot struct {
	Value string
	ID    string
}

// Key returns the resolved id when there is one, else the heard value.
func (s Slot) Key() string {
	if s.ID != "" {
		return s.ID
	}
	return s.Value
}

// Request is one turn of a conversation, whatever platform it came from.
type Request struct {
	Type   RequestType
	Intent string
	Slots  map[string]Slot
	// Session holds the attributes the skill returned last turn (empty when new).
	Session map[string]any
	Locale  string
	// NewSession is true on the first request of a session.
	NewSession bool
	// Utterance is what the user said, when the platform tells us (Dialogflow and
	// the offline tools do; Alexa does not). It is never logged.
	Utterance string
	// Candidates are the topic ids the language understanding also considered,
	// best first, when known. Fallback offers them.
	Candidates []string
	// SafetyNet is set when the user's words came close to a red flag
	// without being sure enough to route to urgent help (nlu.CautionMin): the
	// reply then leads with the safety net, when to call 111 and 999, unless
	// it is urgent help or carries the safety net already. Only the language
	// understanding's guard sets it.
	SafetyNet bool
	// Reason says why a session ended, for SessionEnd requests.
	Reason string
	// PhoneCall is true when the user is on a telephone call the platform
	// connected (Dialogflow CX's phone gateway or a partner telephony
	// integration): the call itself can be transferred, and "use your phone"
	// means "hang up and dial". Only the CX adapter sets it.
	PhoneCall bool
}

// Slot returns the named slot's key ("" when absent).
func (r *Request) Slot(name string) string {
	if r == nil || r.Slots == nil {
		return ""
	}
	return r.Slots[name].Key()
}
