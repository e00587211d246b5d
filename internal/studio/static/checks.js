// checks.js: the live checks of the content studio's edit form. It mirrors
// internal/studio/measure.go (MeasureText and Checks), which mirrors the
// rules of internal/content/check.go, so what an editor sees while typing is
// what the server finds on save. The browser test compares the two on real
// answers and on awkward text; change both together.

// Go's strings.Fields splits on unicode.IsSpace.
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/
// content's placeholder pattern (RE2's \s is [\t\n\f\r ]).
const PLACEHOLDER = /\{\{[\t\n\f\r ]*([a-z_]*)[\t\n\f\r ]*\}\}/g
const DIGIT = /\p{Nd}/gu
const EDGE = /^[^\p{L}\p{Nd}]+|[^\p{L}\p{Nd}]+$/gu

export function fields (s) {
  return s.split(SPACE).filter((w) => w !== '')
}

export function wordCount (s) {
  return fields(s).length
}

// sentences splits after ".", "!" or "?" ending a word, as content.Sentences.
export function sentences (text) {
  const words = fields(text)
  const out = []
  let start = 0
  words.forEach((w, i) => {
    if (w.replace(/["')]+$/, '').endsWith('.') || w.endsWith('?') || w.endsWith('!')) {
      out.push(words.slice(start, i + 1).join(' '))
      start = i + 1
    }
  })
  if (start < words.length) out.push(words.slice(start).join(' '))
  return out
}

function digits (w) {
  return (w.match(DIGIT) || []).length
}

// syllables is content.Syllables: vowel groups less a silent final "e";
// numerals one syllable per digit pair.
export function syllables (word) {
  const w = word.toLowerCase()
  const d = digits(w)
  if (d > 0) return Math.max(1, Math.floor((d + 1) / 2))
  let n = 0
  let prev = false
  for (const r of w) {
    const v = 'aeiouy'.includes(r)
    if (v && !prev) n++
    prev = v
  }
  if (w.endsWith('e') && !w.endsWith('le') && n > 1) n--
  return Math.max(n, 1)
}

// readingAge is content.ReadingAge: Flesch-Kincaid grade + 5.
export function readingAge (text) {
  text = text.replace(PLACEHOLDER, 'service')
  const s = Math.max(sentences(text).length, 1)
  let words = 0
  let syl = 0
  for (let w of fields(text)) {
    w = w.replace(EDGE, '')
    if (w === '') continue
    words++
    syl += syllables(w)
  }
  if (words === 0) return 0
  const grade = 0.39 * words / s + 11.8 * syl / words - 15.59
  return Math.max(grade, 0) + 5
}

export function fill (text, sp) {
  return text.replace(PLACEHOLDER, (m, name) => (Object.hasOwn(sp, name) && name !== 'nation' ? sp[name] : m))
}

// speakingSeconds: 150 words a minute; a long numeral is a word per 2 digits.
export function speakingSeconds (text, wpm) {
  let words = 0
  for (const w of fields(text)) {
    const d = digits(w)
    words += d >= 3 ? Math.floor((d + 1) / 2) : 1
  }
  return words * 60 / wpm
}

// measure is studio.MeasureText.
export function measure (text, signs, limits) {
  const m = { words: wordCount(text), sentences: 0, longest: 0, seconds: 0, readingAge: 0, markup: [], chars: [...text].length }
  const ss = sentences(text)
  m.sentences = ss.length
  for (const s of ss) m.longest = Math.max(m.longest, wordCount(s.replace(PLACEHOLDER, 'X')))
  for (const sp of signs) m.seconds = Math.max(m.seconds, speakingSeconds(fill(text, sp), limits.wordsPerMin))
  m.readingAge = readingAge(text)
  for (const r of text) {
    if ((r === '&' || r === '<' || r === '>') && !m.markup.includes(r)) m.markup.push(r)
  }
  return m
}

// rows is studio.Checks: the rows shown under a text box (none for text
// with no words).
export function rows (kind, m, limits) {
  if (m.words === 0) return []
  if (kind === 'card') {
    return [
      { label: 'Words', value: String(m.words), warn: false, limit: '' },
      { label: 'Characters', value: String(m.chars), warn: m.chars >= limits.platformChars, limit: `under ${limits.platformChars}` }
    ]
  }
  const out = [{ label: 'Words', value: String(m.words), warn: false, limit: '' }]
  const seconds = `about ${m.seconds.toFixed(0)} seconds`
  if (kind === 'first') {
    out[0].warn = m.words > limits.answerWords
    out[0].limit = `at most ${limits.answerWords}`
    out.push({ label: 'Speaking time', value: seconds, warn: m.seconds > limits.firstSeconds, limit: `up to ${limits.firstSeconds} seconds` })
  } else {
    out.push({ label: 'Speaking time', value: seconds, warn: false, limit: '' })
  }
  out.push(
    { label: 'Reading age', value: m.readingAge.toFixed(1), warn: m.readingAge > limits.readingAge, limit: `up to ${limits.readingAge}` },
    { label: 'Longest sentence', value: `${m.longest} words`, warn: m.longest > limits.sentenceWords, limit: `up to ${limits.sentenceWords}` },
    { label: 'Sentences', value: String(m.sentences), warn: m.sentences > limits.sentences, limit: `up to ${limits.sentences}` },
    { label: 'SSML characters', value: m.markup.length ? m.markup.join(' ') : 'none', warn: m.markup.length > 0, limit: 'say "and", not &; no < or >' }
  )
  return out
}
