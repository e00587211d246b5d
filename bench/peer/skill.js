'use strict';
// Feeding Friend written with the official Alexa Skills Kit SDK for Node.js
// (ask-sdk-core 2.14), as a fair peer for the Go skill in bench/run.sh.
//
// It is a real skill, not a stub: at start-up it loads the same answer files
// (content/*.yaml), the same topic intents (intents/topics/*.yaml) and the same
// skill.yaml, fills the signposting placeholders, and then answers Launch, every
// topic intent, TopicIntent with a resolved slot, Help, Stop/Cancel, Yes/More,
// No, Repeat, Fallback and SessionEndedRequest with XML-escaped SSML (phone
// numbers read digit by digit), a Simple card, a reprompt and session
// attributes that carry the conversation between turns, like the Go skill.
// It is bench code: the Go skill is the product.

const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');
const Alexa = require('ask-sdk-core');

const ROOT = path.resolve(__dirname, '..', '..');

// The help menu's sections, in menu order (internal/content.Groups).
const GROUPS = [
  ['getting-started', 'getting started, like latching and feeding positions'],
  ['going-well', 'knowing feeding is going well, like nappies and weight'],
  ['problems', 'problems, like sore nipples or mastitis'],
  ['expressing', 'expressing and storing milk'],
  ['your-health', 'your own health, like medicines, food and drink'],
  ['life', 'life and work, like feeding in public or going back to work'],
  ['safety', 'urgent help and where to get support'],
];

const URGENT_ID = 'urgent-help';
const OFFER_MORE = 'Would you like to hear more?';
const ASK_ANYTHING = "Is there anything else you'd like to know?";
const ASK_WHAT = 'What would you like to know?';
const HINT_HELP = 'What would you like to know? You can say help to hear the topics.';
const ASK_AGE = 'If you tell me how old your baby is, I can give you the figures for that age. Or say more to hear more.';
const ASK_AGE_REPEAT = 'How old is your baby? For example, you can say 5 days, or 6 weeks.';
const HELPLINE_LINE = "If you'd like to talk to someone, you can call {{helpline_name}} on {{helpline_number}}.";
const HELPLINE_CARD = '{{helpline_name}}: {{helpline_number}}\nIn an emergency, call {{emergency_number}}.';

const UNIT_DAYS = { day: 1, days: 1, week: 7, weeks: 7, month: 30, months: 30 };

// parseAge reads "0 to 13 days" or "from 2 weeks" into an inclusive range of days.
function parseAge(s) {
  const f = String(s).trim().toLowerCase().split(/\s+/);
  if (f.length === 3 && f[0] === 'from' && UNIT_DAYS[f[2]]) {
    return { min: Number(f[1]) * UNIT_DAYS[f[2]], max: -1 };
  }
  if (f.length === 4 && f[1] === 'to' && UNIT_DAYS[f[3]]) {
    const u = UNIT_DAYS[f[3]];
    return { min: Number(f[0]) * u, max: (Number(f[2]) + 1) * u - 1 };
  }
  throw new Error(`age ${JSON.stringify(s)}: want "A to B days|weeks|months" or "from A days|weeks|months"`);
}

// clean folds white space and drops control characters, as the Go speech builder does.
function clean(s) {
  return String(s).replace(/[\s\u0000-\u001f\u007f\ufffe\uffff]+/g, ' ').trim();
}

const XML_ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
function escapeXml(s) {
  return s.replace(/[&<>"']/g, (c) => XML_ESC[c]);
}

// Numbers a listener has to dial are read digit by digit.
const PHONE_RE = /\b(0\d{2,4}(?: \d{3,4}){1,2}|116 ?\d{3}|999|111)\b/g;

// ssmlBody escapes text for XML and wraps phone numbers in say-as.
function ssmlBody(text) {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PHONE_RE)) {
    out += escapeXml(text.slice(last, m.index));
    out += '<say-as interpret-as="telephone">' + escapeXml(m[0]) + '</say-as>';
    last = m.index + m[0].length;
  }
  return out + escapeXml(text.slice(last));
}

function lowerFirst(s) {
  if (s.length > 1 && s[1] >= 'A' && s[1] <= 'Z') return s; // NHS, Vitamin D
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function upperFirst(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// loadConfig reads skill.yaml and the nation's signposting (england unless set).
function loadConfig(root) {
  const cfg = yaml.load(fs.readFileSync(path.join(root, 'skill.yaml'), 'utf8'));
  const sp = {
    helpline_name: 'the National Breastfeeding Helpline',
    helpline_number: '0300 100 0212',
    urgent: 'NHS 111',
    urgent_number: '111',
    emergency_number: '999',
    ...(cfg.signposts || {}),
  };
  return {
    name: cfg.name || 'Feeding Friend',
    disclaimer: cfg.disclaimer || 'This is general NHS information, not medical advice.',
    examples: cfg.examples || [],
    signposts: sp,
  };
}

function filler(sp) {
  return (text) => String(text).replace(/\{\{\s*([a-z_]*)\s*\}\}/g, (m, name) => (name in sp ? sp[name] : m));
}

// loadContent reads every answer file, checks the fields the skill relies on and
// fills the signposting placeholders, so a broken file stops start-up.
function loadContent(root, fill) {
  const dir = path.join(root, 'content');
  const topics = new Map();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.yaml') && n !== 'prompts.yaml').sort()) {
    // prompts.yaml holds the skill's own words, not an answer.
    const t = yaml.load(fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const k of ['id', 'title', 'group', 'answer', 'card']) {
      if (!t || typeof t[k] !== 'string' || t[k] === '') throw new Error(`content/${f}: missing ${k}`);
    }
    const topic = {
      id: t.id,
      title: t.title,
      group: t.group,
      status: t.status,
      answer: clean(fill(t.answer)),
      more: (t.more || []).map((m) => clean(fill(m))),
      card: fill(t.card),
      related: t.related || [],
      variants: (t.variants || []).map((v) => ({
        age: v.age ? parseAge(v.age) : null,
        key: v.key || '',
        answer: clean(fill(v.answer)),
        more: (v.more || []).map((m) => clean(fill(m))),
        card: v.card ? fill(v.card) : '',
      })),
    };
    if (topics.has(topic.id)) throw new Error(`content/${f}: duplicate id ${topic.id}`);
    topics.set(topic.id, topic);
  }
  for (const t of topics.values()) {
    for (const r of t.related) {
      if (!topics.has(r)) throw new Error(`content: ${t.id} relates to unknown topic ${r}`);
    }
  }
  return topics;
}

// loadTopicIntents maps intent names to topic ids from intents/topics/*.yaml.
function loadTopicIntents(root, topics) {
  const dir = path.join(root, 'intents', 'topics');
  const out = new Map();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const m = yaml.load(fs.readFileSync(path.join(dir, f), 'utf8'));
    if (!topics.has(m.topic)) throw new Error(`intents/topics/${f}: intent ${m.intent} routes to topic ${m.topic}, which has no answer`);
    out.set(m.intent, m.topic);
  }
  return out;
}

function toInt(v, def) {
  const n = typeof v === 'string' ? parseInt(v, 10) : v;
  return Number.isFinite(n) ? Math.trunc(n) : def;
}

// readState reads the conversation's memory from the session attributes.
function readState(input) {
  const env = input.requestEnvelope;
  const a = (env.session && !env.session.new && env.session.attributes) || {};
  const st = {
    topic: typeof a.topic === 'string' ? a.topic : '',
    part: toInt(a.part, 0),
    ageDays: toInt(a.ageDays, -1),
    last: typeof a.last === 'string' ? a.last : '',
    pending: typeof a.pending === 'string' ? a.pending : '',
    fallbacks: toInt(a.fallbacks, 0),
  };
  if (st.part < 0 || st.part > 100) st.part = 0;
  if (st.ageDays < -1 || st.ageDays > 5 * 365) st.ageDays = -1;
  return st;
}

function encodeState(st) {
  const m = {};
  if (st.topic) { m.topic = st.topic; m.part = st.part; }
  if (st.ageDays >= 0) m.ageDays = st.ageDays;
  if (st.last) m.last = st.last;
  if (st.pending) m.pending = st.pending;
  if (st.fallbacks > 0) m.fallbacks = st.fallbacks;
  return m;
}

// slotKey returns a slot's resolved id when entity resolution matched, else its value.
function slotKey(intent, name) {
  const s = intent && intent.slots && intent.slots[name];
  if (!s) return '';
  const auths = (s.resolutions && s.resolutions.resolutionsPerAuthority) || [];
  for (const a of auths) {
    if (a.status && a.status.code === 'ER_SUCCESS_MATCH' && a.values && a.values.length) return a.values[0].value.id;
  }
  return s.value || '';
}

// buildSkill loads everything and returns the ask-sdk custom skill.
function buildSkill({ root = ROOT, skillId = process.env.SKILL_ID || '' } = {}) {
  const cfg = loadConfig(root);
  const fill = filler(cfg.signposts);
  const topics = loadContent(root, fill);
  const topicIntents = loadTopicIntents(root, topics);
  const groups = new Map();
  for (const t of topics.values()) {
    if (t.status === 'retired') continue;
    if (!groups.has(t.group)) groups.set(t.group, []);
    groups.get(t.group).push(t);
  }
  const helplineLine = fill(HELPLINE_LINE);
  const helplineCard = fill(HELPLINE_CARD);

  // cardText drops a first line that repeats the title and starts each line
  // with a capital (after a "- " bullet), as the Go side's newCard does.
  function cardText(title, text) {
    let lines = String(text).split('\n');
    if (lines.length > 1 && lines[0].trim().toLowerCase() === String(title).trim().toLowerCase()) lines = lines.slice(1);
    return lines.map((l) => {
      const body = l.replace(/^[-*• ]+/, '');
      return l.slice(0, l.length - body.length) + upperFirst(body);
    }).join('\n');
  }

  // reply renders one turn: speech, reprompt, Simple card, session attributes.
  function reply(h, st, outcome, { speech, reprompt, card, end = false, topic = '', approved = false }) {
    const rb = h.responseBuilder;
    rb.speak(ssmlBody(clean(speech)));
    if (reprompt && !end) rb.reprompt(ssmlBody(clean(reprompt)));
    if (card) rb.withSimpleCard(card.title, cardText(card.title, card.text));
    rb.withShouldEndSession(end);
    st.last = outcome;
    const attrs = encodeState(st);
    attrs.answered = topic;
    attrs.approved = approved;
    h.attributesManager.setSessionAttributes(attrs);
    return rb.getResponse();
  }

  function parts(t, ageDays) {
    if (ageDays >= 0) {
      for (const v of t.variants) {
        if (v.age && ageDays >= v.age.min && (v.age.max < 0 || ageDays <= v.age.max)) {
          return [[v.answer, ...(v.more.length ? v.more : t.more)], v.card || t.card];
        }
      }
    }
    return [[t.answer, ...t.more], t.card];
  }

  function relatedLine(t) {
    const titles = [];
    for (const id of t.related) {
      const r = topics.get(id);
      if (r && id !== URGENT_ID && r.status !== 'retired') titles.push(lowerFirst(r.title));
      if (titles.length === 2) break;
    }
    return titles.length ? 'You could also ask about ' + titles.join(', or ') + '. ' : '';
  }

  function welcome(h, st) {
    const ex = cfg.examples.map((e) => `'${e}'`).join(', or ');
    st.pending = ''; st.topic = ''; st.part = 0;
    return reply(h, st, 'welcome', {
      speech: `Welcome to ${cfg.name}. ${cfg.disclaimer} In an emergency, call ${cfg.signposts.emergency_number}. You can ask things like ${ex}. ${ASK_WHAT}`,
      reprompt: HINT_HELP,
      card: { title: cfg.name, text: cfg.disclaimer + '\n' + helplineCard },
      approved: true,
    });
  }

  function topicTurn(h, st, id, n, outcome) {
    const t = topics.get(id);
    if (!t || t.status === 'retired') return fallback(h, st);
    const [ps, card] = parts(t, st.ageDays);
    if (n >= ps.length) n = ps.length - 1;
    st.topic = id; st.part = n;
    let speech;
    let reprompt;
    if (n === 0 && st.ageDays < 0 && t.variants.some((v) => v.age)) {
      st.pending = 'age';
      speech = ps[0] + ' ' + ASK_AGE; reprompt = ASK_AGE_REPEAT;
    } else if (n + 1 < ps.length) {
      st.pending = 'more';
      speech = ps[n] + ' ' + OFFER_MORE;
      reprompt = `Would you like to hear more about ${lowerFirst(t.title)}? You can say yes or no.`;
    } else {
      st.pending = 'anything';
      speech = ps[n] + ' ' + relatedLine(t) + ASK_ANYTHING; reprompt = HINT_HELP;
    }
    return reply(h, st, outcome, { speech, reprompt, card: { title: t.title, text: card }, topic: id, approved: t.status === 'approved' });
  }

  function more(h, st) {
    if (!st.topic) {
      st.pending = '';
      return reply(h, st, 'help', { speech: 'What would you like to hear about? You can say help to hear the topics.', reprompt: HINT_HELP });
    }
    const t = topics.get(st.topic);
    if (!t) return fallback(h, { ...st, topic: '', part: 0 });
    const [ps] = parts(t, st.ageDays);
    if (st.part + 1 >= ps.length) {
      st.pending = 'anything';
      return reply(h, st, 'anything-else', {
        speech: `That's everything I have on ${lowerFirst(t.title)}. ${relatedLine(t)}${ASK_ANYTHING}`, reprompt: HINT_HELP, approved: true,
      });
    }
    return topicTurn(h, st, st.topic, st.part + 1, 'more');
  }

  function helpMenu(st) {
    const labels = [];
    let card = '';
    for (const [id, label] of GROUPS) {
      const ts = groups.get(id);
      if (!ts || !ts.length) continue;
      labels.push(label);
      card += `${upperFirst(label)}: ${ts.map((t) => t.title).join('; ')}\n`;
    }
    if (labels.length > 1) labels[labels.length - 1] = 'and ' + labels[labels.length - 1];
    st.pending = '';
    return {
      speech: 'I can help with ' + labels.join('; ') + '. For example, you can say sore nipples, or how do I store breast milk. ' + ASK_WHAT,
      card: { title: 'What you can ask', text: card + helplineCard },
    };
  }

  function help(h, st) {
    const m = helpMenu(st);
    return reply(h, st, 'help', { speech: m.speech, reprompt: HINT_HELP, card: m.card, approved: true });
  }

  function fallback(h, st) {
    st.fallbacks++;
    if (st.fallbacks >= 3) {
      st.fallbacks = 0;
      const m = helpMenu(st);
      return reply(h, st, 'fallback', { speech: "Sorry, I'm still not sure what you need. " + m.speech, reprompt: HINT_HELP, card: m.card, approved: true });
    }
    st.pending = '';
    return reply(h, st, 'fallback', {
      speech: "Sorry, I don't know about that. " + helplineLine + ' ' + HINT_HELP,
      reprompt: HINT_HELP,
      card: { title: 'Getting help', text: helplineCard },
      approved: true,
    });
  }

  function urgent(h, st, level) {
    const t = topics.get(URGENT_ID);
    const v = t.variants.find((x) => level && x.key === level);
    st.pending = ''; st.topic = URGENT_ID; st.part = 0;
    return reply(h, st, 'urgent', {
      speech: v ? v.answer : t.answer,
      card: { title: t.title, text: (v && v.card) || t.card },
      end: true, topic: URGENT_ID, approved: t.status === 'approved',
    });
  }

  function goodbye(h, st) {
    return reply(h, st, 'goodbye', {
      speech: 'Take care. ' + helplineLine + ' Goodbye.',
      card: { title: cfg.name, text: helplineCard }, end: true, approved: true,
    });
  }

  const intentIs = (input, ...names) => Alexa.getRequestType(input.requestEnvelope) === 'IntentRequest'
    && names.includes(Alexa.getIntentName(input.requestEnvelope));

  const handlers = [
    {
      canHandle: (h) => Alexa.getRequestType(h.requestEnvelope) === 'LaunchRequest',
      handle: (h) => welcome(h, readState(h)),
    },
    {
      canHandle: (h) => Alexa.getRequestType(h.requestEnvelope) === 'IntentRequest'
        && topicIntents.has(Alexa.getIntentName(h.requestEnvelope)),
      handle: (h) => {
        const st = readState(h);
        st.fallbacks = 0;
        const id = topicIntents.get(Alexa.getIntentName(h.requestEnvelope));
        if (id === URGENT_ID) return urgent(h, st, slotKey(h.requestEnvelope.request.intent, 'level'));
        return topicTurn(h, st, id, 0, 'topic');
      },
    },
    {
      canHandle: (h) => intentIs(h, 'TopicIntent'),
      handle: (h) => {
        const st = readState(h);
        const id = slotKey(h.requestEnvelope.request.intent, 'topic');
        if (id === URGENT_ID) return urgent(h, st, slotKey(h.requestEnvelope.request.intent, 'level'));
        if (topics.has(id)) { st.fallbacks = 0; return topicTurn(h, st, id, 0, 'topic'); }
        return fallback(h, st);
      },
    },
    {
      canHandle: (h) => intentIs(h, 'AMAZON.YesIntent'),
      handle: (h) => {
        const st = readState(h);
        st.fallbacks = 0;
        if (st.pending === 'more' || st.pending === 'age') return more(h, st);
        st.pending = '';
        return reply(h, st, 'anything-else', { speech: ASK_WHAT, reprompt: HINT_HELP });
      },
    },
    {
      canHandle: (h) => intentIs(h, 'AMAZON.MoreIntent', 'AMAZON.NextIntent'),
      handle: (h) => { const st = readState(h); st.fallbacks = 0; return more(h, st); },
    },
    {
      canHandle: (h) => intentIs(h, 'AMAZON.NoIntent'),
      handle: (h) => {
        const st = readState(h);
        st.fallbacks = 0;
        if (st.pending === 'anything') return goodbye(h, st);
        st.pending = 'anything';
        return reply(h, st, 'anything-else', { speech: 'OK. ' + ASK_ANYTHING, reprompt: HINT_HELP, approved: true });
      },
    },
    {
      canHandle: (h) => intentIs(h, 'AMAZON.RepeatIntent'),
      handle: (h) => {
        const st = readState(h);
        st.fallbacks = 0;
        if (['topic', 'more', 'repeat'].includes(st.last) && st.topic) return topicTurn(h, st, st.topic, st.part, 'repeat');
        if (st.last === 'welcome') return welcome(h, st);
        if (st.last === 'help') return help(h, st);
        return reply(h, st, 'anything-else', { speech: ASK_WHAT, reprompt: HINT_HELP });
      },
    },
    {
      canHandle: (h) => intentIs(h, 'AMAZON.HelpIntent', 'AMAZON.NavigateHomeIntent'),
      handle: (h) => { const st = readState(h); st.fallbacks = 0; return help(h, st); },
    },
    {
      canHandle: (h) => intentIs(h, 'AMAZON.StopIntent', 'AMAZON.CancelIntent'),
      handle: (h) => goodbye(h, readState(h)),
    },
    {
      canHandle: (h) => Alexa.getRequestType(h.requestEnvelope) === 'SessionEndedRequest',
      handle: (h) => h.responseBuilder.getResponse(),
    },
    {
      // AMAZON.FallbackIntent and any intent this skill does not know.
      canHandle: (h) => Alexa.getRequestType(h.requestEnvelope) === 'IntentRequest',
      handle: (h) => fallback(h, readState(h)),
    },
  ];

  const errorHandler = {
    canHandle: () => true,
    handle: (h, err) => {
      console.error('conversation failed:', err && err.name);
      return h.responseBuilder
        .speak(ssmlBody(`Sorry, I can't answer that right now. ${helplineLine} In an emergency, call ${cfg.signposts.emergency_number}.`))
        .withSimpleCard(cfg.name, helplineCard)
        .withShouldEndSession(true)
        .getResponse();
    },
  };

  let b = Alexa.SkillBuilders.custom().addRequestHandlers(...handlers).addErrorHandlers(errorHandler);
  if (skillId) b = b.withSkillId(skillId);
  return b.create();
}

module.exports = { buildSkill, ssmlBody, parseAge };
