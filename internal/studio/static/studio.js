// studio.js: progressive enhancement for the content studio. Every page works
// without it; with it, the NHS.UK components start, the edit form's checks
// update as you type, and the preview reads the answer aloud.
import { initAll } from './nhsuk-frontend.min.js'
import { measure, rows, fill } from './checks.js'

document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('nhsuk-frontend-supported')
initAll()

const form = document.getElementById('edit-form')
if (form) liveChecks(form)

function liveChecks (form) {
  const signs = JSON.parse(form.dataset.signposts)
  const preview = JSON.parse(form.dataset.preview)
  const limits = JSON.parse(form.dataset.limits)
  const status = document.getElementById('live-status')
  let timer

  // draw replaces the rows under a text box, as the server draws them, and
  // names them in the box's description only when there are some: an empty
  // box's description is its hint.
  function draw (area) {
    const box = document.getElementById(area.id + '-checks')
    if (!box) return []
    const list = rows(area.dataset.check, measure(area.value, signs, limits), limits)
    const ids = (area.getAttribute('aria-describedby') || '').split(/\s+/).filter((i) => i && i !== box.id)
    if (list.length > 0) ids.push(box.id)
    if (ids.length > 0) area.setAttribute('aria-describedby', ids.join(' '))
    else area.removeAttribute('aria-describedby')
    if (list.length === 0) {
      box.replaceChildren()
      return list
    }
    const dl = document.createElement('dl')
    dl.className = 'ff-checks__list'
    for (const r of list) {
      const item = document.createElement('div')
      item.className = 'ff-checks__item' + (r.warn ? ' ff-checks__item--warn' : '')
      const dt = document.createElement('dt')
      dt.textContent = r.label
      const dd = document.createElement('dd')
      dd.textContent = r.value
      if (r.warn) {
        const tag = document.createElement('strong')
        tag.className = 'nhsuk-tag nhsuk-tag--yellow'
        tag.textContent = 'limit: ' + r.limit
        dd.append(' ', tag)
      }
      item.append(dt, dd)
      dl.append(item)
    }
    box.replaceChildren(dl)
    return list
  }

  // announce tells screen reader users the figures once typing pauses.
  function announce (area, list) {
    clearTimeout(timer)
    timer = setTimeout(() => {
      const label = form.querySelector(`label[for="${area.id}"]`)
      const over = list.filter((r) => r.warn).length
      status.textContent = `${label ? label.textContent.trim() : area.id}: ${list.length ? list[0].value : 'no'} words` +
        (over ? `, ${over} check${over === 1 ? '' : 's'} over the limit` : '')
    }, 1000)
  }

  const cardTitle = document.getElementById('preview-card-title')
  const cardText = document.getElementById('preview-card-text')
  const speech = document.getElementById('preview-speech')
  function drawPreview () {
    cardTitle.textContent = form.elements.title.value.trim().split(/\s+/).join(' ')
    cardText.textContent = fill(form.elements.card.value.replace(/\r\n?/g, '\n').trim(), preview)
    speech.textContent = fill(form.elements.answer.value.trim().split(/\s+/).join(' '), preview)
  }

  form.addEventListener('input', (e) => {
    const t = e.target
    if (t instanceof HTMLTextAreaElement && t.dataset.check) announce(t, draw(t))
    if (t.name === 'title' || t.name === 'card' || t.name === 'answer') drawPreview()
  })

  // Insert a name or number: the placeholder goes in at the cursor of its
  // box, which keeps the focus, and the checks and preview update.
  for (const d of form.querySelectorAll('details[data-insert-into]')) {
    const area = document.getElementById(d.dataset.insertInto)
    if (!area) continue
    d.hidden = false
    d.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-insert]')
      if (!b) return
      area.focus()
      area.setRangeText(b.dataset.insert, area.selectionStart, area.selectionEnd, 'end')
      area.dispatchEvent(new Event('input', { bubbles: true }))
    })
  }

  // Reading aloud: "Stop reading" shows only while the browser is reading.
  const read = document.getElementById('read-aloud')
  const stop = document.getElementById('stop-reading')
  if ('speechSynthesis' in window && read && stop) {
    read.hidden = false
    let reading = null // the utterance being read
    const done = () => {
      reading = null
      const focused = document.activeElement === stop
      stop.hidden = true
      if (focused) read.focus()
    }
    read.addEventListener('click', () => {
      reading = null
      window.speechSynthesis.cancel()
      const u = new SpeechSynthesisUtterance(speech.textContent)
      u.lang = 'en-GB'
      u.rate = 1
      const end = () => { if (reading === u) done() }
      u.addEventListener('end', end)
      u.addEventListener('error', end)
      reading = u
      stop.hidden = false
      window.speechSynthesis.speak(u)
    })
    stop.addEventListener('click', () => {
      window.speechSynthesis.cancel()
      done()
    })
  }
}
