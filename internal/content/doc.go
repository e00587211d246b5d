// Package content loads and validates the answer files: one YAML file per topic,
// with its spoken parts, card, age variants, sources and approval record.
//
// Loading checks everything a conversation relies on (ids, groups, related
// topics, placeholders, variants, sources, the approval record) and reports each
// problem as "file:line: what is wrong", so a broken answer fails at start-up or in
// CI, never mid-conversation. Placeholders such as {{helpline_number}} are filled
// with the signposting of the configured nation; the approval hash is taken over
// the text as written and the value each of its placeholders takes in every
// nation (skill.yaml's numbers and names included), so one approval holds for
// every nation and a changed number un-approves every text that speaks it.
//
// It also owns the lifecycle (Repo: enrol, submit, approve, retire, edit,
// all or nothing through a journal), the signed audit log (Audit) and the
// verification every binary runs before it serves anything as approved
// (Verify).
//
// It imports the skill domain and a YAML library only; it knows nothing of
// platforms or the conversation.
package content
