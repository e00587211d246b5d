// Package studio is the content studio: a small server-rendered web app in
// which editors change the answers and clinicians approve them. It lists the
// answers with their lifecycle status, shows each one with its lint findings
// and audit history, edits the answer files in place (keeping the file format
// and every field the form does not show), runs the same live checks in the
// browser as on the server, and sends answers through review and approval
// with content.Repo, so the studio and `skill content` keep one workflow and
// one audit log. A "try it" page shows which answer a question reaches and
// what Alexa and Dialogflow ES would return.
//
// Accounts (editor, clinician) live in a YAML file with bcrypt password
// hashes; sessions are held server-side behind an HttpOnly, SameSite=Strict
// cookie, every form carries a per-session CSRF token, and approval is
// checked against the clinician role on every request.
//
// It imports the content, app, nlu, channel, ratelimit and yamledit packages; only cmd/skill may
// import it, and nothing deployed (functions/) links it.
package studio
