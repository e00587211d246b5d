package alexa

// The types below follow the Alexa request and response JSON reference (ask-sdk-model).
// Only the fields the skill reads or writes are declared; the adapter's decoder
// (decode.go) fills fewer still and skips everything else, as Amazon adds
// properties without notice, and its encoder (encode.go) writes what
// encoding/json would. The struct tags are for callers that marshal
// envelopes themselves (the offline drivers, tests).

// Version is the envelope version Alexa sends and expects.
const Version = "1.0"

// Request types.
const (
	LaunchRequest               = "LaunchRequest"
	IntentRequest               = "IntentRequest"
	SessionEndedRequest         = "SessionEndedRequest"
	CanFulfillIntentRequest     = "CanFulfillIntentRequest"
	ExceptionEncounteredRequest = "System.ExceptionEncountered"
)

// Entity-resolution status codes.
const (
	ERSuccessMatch   = "ER_SUCCESS_MATCH"
	ERSuccessNoMatch = "ER_SUCCESS_NO_MATCH"
	ERErrorTimeout   = "ER_ERROR_TIMEOUT"
	ERErrorException = "ER_ERROR_EXCEPTION"
)

// APLInterface is the supportedInterfaces key of devices with a screen that runs APL.
const APLInterface = "Alexa.Presentation.APL"

// RequestEnvelope is the body of every request Alexa sends to a custom skill.
type RequestEnvelope struct {
	Version string   `json:"version"`
	Session *Session `json:"session,omitempty"`
	Context Context  `json:"context"`
	Request Request  `json:"request"`
}

// Session is present on in-session requests.
type Session struct {
	New         bool           `json:"new"`
	SessionID   string         `json:"sessionId"`
	Application Application    `json:"application"`
	Attributes  map[string]any `json:"attributes,omitempty"`
	User        User           `json:"user"`
}

// Application names the skill a request is for.
type Application struct {
	ApplicationID string `json:"applicationId"`
}

// User is the Alexa account. Its ids and tokens are never logged.
type User struct {
	UserID      string `json:"userId"`
	AccessToken string `json:"accessToken,omitempty"`
}

// Context is the state of the device and the Alexa service.
type Context struct {
	System System `json:"System"`
}

// System is context.System.
type System struct {
	Application    Application `json:"application"`
	User           User        `json:"user"`
	Device         Device      `json:"device"`
	APIEndpoint    string      `json:"apiEndpoint,omitempty"`
	APIAccessToken string      `json:"apiAccessToken,omitempty"`
}

// Device is the device that heard the user.
type Device struct {
	DeviceID            string                        `json:"deviceId"`
	SupportedInterfaces map[string]SupportedInterface `json:"supportedInterfaces,omitempty"`
}

// SupportedInterface describes one interface the device supports.
type SupportedInterface struct {
	Runtime *Runtime `json:"runtime,omitempty"`
}

// Runtime is an interface's runtime, such as the highest APL version the device runs.
type Runtime struct {
	MaxVersion string `json:"maxVersion,omitempty"`
}

// Request is the request object: its Type says which other fields are set.
type Request struct {
	Type      string `json:"type"`
	RequestID string `json:"requestId"`
	Timestamp string `json:"timestamp"`
	Locale    string `json:"locale,omitempty"`
	// DialogState is set only for skills with a dialog model.
	DialogState string  `json:"dialogState,omitempty"`
	Intent      *Intent `json:"intent,omitempty"`
	// Reason says why a session ended (SessionEndedRequest).
	Reason string `json:"reason,omitempty"`
	// Error is set on SessionEndedRequest with reason ERROR and on System.ExceptionEncountered.
	Error *Error `json:"error,omitempty"`
	// Cause names the request whose response failed (System.ExceptionEncountered).
	Cause *Cause `json:"cause,omitempty"`
}

// Intent is a recognised intent with its slots.
type Intent struct {
	Name               string          `json:"name"`
	ConfirmationStatus string          `json:"confirmationStatus,omitempty"`
	Slots              map[string]Slot `json:"slots,omitempty"`
}

// Slot is one slot: the words heard and how they resolved.
type Slot struct {
	Name               string       `json:"name"`
	Value              string       `json:"value,omitempty"`
	ConfirmationStatus string       `json:"confirmationStatus,omitempty"`
	Resolutions        *Resolutions `json:"resolutions,omitempty"`
}

// Resolutions holds entity resolution results, one per authority.
type Resolutions struct {
	ResolutionsPerAuthority []Resolution `json:"resolutionsPerAuthority"`
}

// Resolution is the result from one authority (a custom slot type, say).
type Resolution struct {
	Authority string            `json:"authority"`
	Status    ResolutionStatus  `json:"status"`
	Values    []ResolutionValue `json:"values"`
}

// ResolutionStatus is an entity-resolution status code.
type ResolutionStatus struct {
	Code string `json:"code"`
}

// ResolutionValue wraps one resolved value.
type ResolutionValue struct {
	Value ResolvedValue `json:"value"`
}

// ResolvedValue is a slot type value: its spoken name and its id.
type ResolvedValue struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// Error is an error Alexa reports about the skill's previous response.
type Error struct {
	Type    string `json:"type"`
	Message string `json:"message,omitempty"`
}

// Cause names the request an error relates to.
type Cause struct {
	RequestID string `json:"requestId"`
}

// ResponseEnvelope is the body of every response to Alexa.
type ResponseEnvelope struct {
	Version           string         `json:"version"`
	SessionAttributes map[string]any `json:"sessionAttributes,omitempty"`
	Response          Response       `json:"response"`
}

// Response is the response object. ShouldEndSession is a pointer so that it can
// be sent explicitly as false; it is absent only from the empty responses to
// SessionEndedRequest, System.ExceptionEncountered and CanFulfillIntentRequest.
type Response struct {
	OutputSpeech     *OutputSpeech     `json:"outputSpeech,omitempty"`
	Reprompt         *Reprompt         `json:"reprompt,omitempty"`
	Card             *Card             `json:"card,omitempty"`
	Directives       []Directive       `json:"directives,omitempty"`
	ShouldEndSession *bool             `json:"shouldEndSession,omitempty"`
	CanFulfillIntent *CanFulfillIntent `json:"canFulfillIntent,omitempty"`
}

// OutputSpeech types.
const (
	SpeechSSML      = "SSML"
	SpeechPlainText = "PlainText"
)

// OutputSpeech is speech to say: SSML inside <speak>, or plain text.
type OutputSpeech struct {
	Type string `json:"type"`
	SSML string `json:"ssml,omitempty"`
	Text string `json:"text,omitempty"`
	// ssml is SSML quoted when the speech was rendered (render).
	ssml quoted
}

// Reprompt is said when the user says nothing after the microphone opens.
type Reprompt struct {
	OutputSpeech *OutputSpeech `json:"outputSpeech"`
}

// Card types.
const (
	CardSimple   = "Simple"
	CardStandard = "Standard"
)

// Card is shown in the Alexa app and on screens without APL. Simple cards use
// Content, Standard cards Text.
type Card struct {
	Type    string `json:"type"`
	Title   string `json:"title,omitempty"`
	Content string `json:"content,omitempty"`
	Text    string `json:"text,omitempty"`
	// title and content are Title and Content quoted when the card was
	// made (render).
	title, content quoted
}

// quoted is a string as a JSON string literal, quoted once (skill.Speech and
// skill.Card quote theirs when they are made), with the string it was
// quoted from: the encoder copies it only while the field it stands for
// still holds that string, and quotes the field itself otherwise.
type quoted struct {
	of, json string
}

// Directive is one directive, such as Alexa.Presentation.APL.RenderDocument.
type Directive struct {
	Type        string         `json:"type"`
	Token       string         `json:"token,omitempty"`
	Document    map[string]any `json:"document,omitempty"`
	Datasources map[string]any `json:"datasources,omitempty"`
}

// CanFulfill answers.
const (
	Yes   = "YES"
	No    = "NO"
	Maybe = "MAYBE"
)

// CanFulfillIntent answers a CanFulfillIntentRequest.
type CanFulfillIntent struct {
	CanFulfill string                    `json:"canFulfill"`
	Slots      map[string]CanFulfillSlot `json:"slots,omitempty"`
}

// CanFulfillSlot says whether the skill understands and can act on one slot.
type CanFulfillSlot struct {
	CanUnderstand string `json:"canUnderstand"`
	CanFulfill    string `json:"canFulfill"`
}
