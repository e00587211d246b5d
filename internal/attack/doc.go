// Package attack tries, on temporary copies, what a careless hand, a failing
// disk or an attacker could do to the approval store (the answer files'
// approval records, content/audit.jsonl and content/approved/), and reports
// per case how many variants were tried, how many were refused cleanly and
// how many lost data. `skill content attack` prints the table that
// docs/approval-store-attacks.md keeps; TestAttacks holds every case to
// "all refused cleanly, nothing lost".
//
// A tampered store is refused cleanly when the skill, built as every
// deployment builds it (app.New, approved-only), refuses to start with a
// content.IntegrityError whose problems name a file, and the refusal changed
// no file. A step under a fault (a read-only folder, a full disk, a crash)
// is refused cleanly when it reports failure and leaves every file as it was,
// or, after a crash, when the next start (content.Repo.Recover) finishes or
// undoes it and the store verifies. Data is lost when an entry or approval
// that was committed before the attempt is gone or changed, or when an
// uncommitted step leaves a trace.
//
// Two more groups try requests over HTTP on 127.0.0.1 against the real
// handlers (studio.go: the content studio; serve.go: the Alexa and Dialogflow
// ES routes as `skill serve` builds them): a request is refused cleanly when
// it is answered 4xx or 503, never 5xx, and the content directory (answers,
// approved/, audit.jsonl) is as it was; data is lost when it changed.
//
// It never touches the repository's own content.
package attack
