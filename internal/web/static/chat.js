// chat.js turns the web chat's form into a chat: each question, button and
// suggested topic is sent to /chat/api and the answer is added to the
// conversation, which screen readers announce (role="log"). Without it the
// form posts to /chat and the page shows the answer.
//
// Privacy: nothing is stored unless the parent ticks "Remember my baby's age
// on this device"; then only the age, in localStorage, deleted when they
// untick it. The conversation's state travels in a signed token the page
// holds in memory and in the form, never in a cookie. Voice is offered only
// where the browser recognises speech on the device, and answers are read
// aloud only with a voice on the device: the parent's words go to no one
// but this service.
"use strict";

(function () {
  const form = document.getElementById("ask");
  if (!form || !window.fetch) return;

  const log = document.getElementById("conversation");
  const input = document.getElementById("q");
  const state = document.getElementById("state");
  const status = document.getElementById("status");
  const keepAge = document.getElementById("keep-age");
  const readAloud = document.getElementById("read-aloud");
  const speakButton = document.getElementById("speak");
  const name = (document.querySelector(".nhsuk-header__service-name") || document.getElementById("title")).textContent.replace(/^Ask /, "").trim();
  const AGE_KEY = "ff-baby-age-days";
  const CONSENT_KEY = "ff-keep-age";
  let busy = false;
  let lastAge = null;
  let localVoice = null;

  // Storage only after consent; a browser that refuses storage still chats.
  const store = {
    get(k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set(k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* not kept */ } },
    del(k) { try { window.localStorage.removeItem(k); } catch (e) { /* nothing kept */ } },
  };

  document.getElementById("device-options").hidden = false;
  keepAge.checked = store.get(CONSENT_KEY) === "yes";
  keepAge.addEventListener("change", function () {
    if (keepAge.checked) {
      store.set(CONSENT_KEY, "yes");
      if (lastAge !== null) store.set(AGE_KEY, String(lastAge));
      announce("Your baby's age will be kept on this device.");
    } else {
      store.del(CONSENT_KEY);
      store.del(AGE_KEY);
      announce("Your baby's age has been deleted from this device.");
    }
  });

  function announce(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function hidden(text) { return el("span", "nhsuk-u-visually-hidden", text); }

  // segments adds text to parent with each number to dial as a tel: link.
  function segments(parent, segs) {
    (segs || []).forEach(function (s) {
      if (s.tel) {
        const a = el("a", "ff-tel", s.text);
        a.href = s.tel;
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(s.text));
      }
    });
    return parent;
  }

  function parentTurn(text) {
    const turn = el("div", "ff-turn ff-turn--parent");
    const p = el("p", "ff-bubble ff-bubble--parent");
    p.appendChild(hidden("You asked: "));
    p.appendChild(document.createTextNode(text));
    turn.appendChild(p);
    log.appendChild(turn);
  }

  function urgentBox(u) {
    const level = u.level === "urgent" ? "urgent" : "emergency";
    const card = el("div", "nhsuk-card nhsuk-card--care nhsuk-card--care--" + level + " ff-urgent");
    card.setAttribute("role", "alert");
    card.dataset.level = u.level;
    const head = el("div", "nhsuk-card--care__heading-container");
    const h = el("h3", "nhsuk-card--care__heading");
    h.appendChild(hidden("Urgent: "));
    h.appendChild(document.createTextNode(u.heading));
    head.appendChild(h);
    card.appendChild(head);
    const content = el("div", "nhsuk-card__content");
    const ul = el("ul", "ff-calls");
    u.calls.forEach(function (c) {
      const li = el("li");
      if (c.tel) {
        const a = el("a", "ff-call", c.label);
        a.href = c.tel;
        li.appendChild(a);
      } else {
        li.appendChild(el("span", "ff-call ff-call--text", c.label));
      }
      ul.appendChild(li);
    });
    content.appendChild(ul);
    card.appendChild(content);
    return card;
  }

  function answerTurn(r) {
    const turn = el("div", "ff-turn ff-turn--answer");
    turn.dataset.outcome = r.outcome;
    turn.dataset.topic = r.topic;
    if (r.urgent) turn.appendChild(urgentBox(r.urgent));
    const p = el("p", "ff-bubble ff-bubble--answer");
    p.appendChild(hidden(name + " says: "));
    turn.appendChild(segments(p, r.text));
    if (r.draft) {
      const d = el("p", "ff-draft");
      d.appendChild(el("strong", "nhsuk-tag nhsuk-tag--grey", "Draft"));
      d.appendChild(document.createTextNode(" Not yet approved by a clinician."));
      turn.appendChild(d);
    }
    if (r.card) {
      const card = el("div", "nhsuk-card ff-card");
      const content = el("div", "nhsuk-card__content");
      content.appendChild(el("h3", "nhsuk-card__heading nhsuk-heading-s", r.card.title));
      (r.card.lines || []).forEach(function (line) {
        content.appendChild(segments(el("p", "nhsuk-card__description"), line));
      });
      card.appendChild(content);
      turn.appendChild(card);
    }
    if (r.suggestions && r.suggestions.length) {
      const ul = el("ul", "ff-suggestions");
      ul.setAttribute("aria-label", "Suggested questions");
      r.suggestions.forEach(function (s) {
        const f = el("form", "ff-chip-form");
        f.method = "post";
        f.action = form.getAttribute("action");
        const b = el("button", "ff-chip", s.label);
        b.type = "submit";
        if (s.topic) {
          b.name = "topic";
          b.value = s.topic;
        } else {
          b.name = "say";
          b.value = s.text;
        }
        f.appendChild(b);
        const li = el("li");
        li.appendChild(f);
        ul.appendChild(li);
      });
      turn.appendChild(ul);
    }
    if (r.end_session) {
      turn.appendChild(el("p", "ff-ended", "This conversation has ended. You can ask another question below."));
    }
    log.appendChild(turn);
    return turn;
  }

  function errorTurn(message, safetyNet) {
    const turn = el("div", "ff-turn ff-turn--answer");
    turn.dataset.outcome = "error";
    const p = el("p", "ff-bubble ff-bubble--error");
    p.setAttribute("role", "alert");
    p.appendChild(document.createTextNode(message + " "));
    if (safetyNet && safetyNet.length) {
      segments(p, safetyNet);
    } else {
      p.appendChild(document.createTextNode((document.getElementById("safety-net") || {}).textContent || ""));
    }
    turn.appendChild(p);
    log.appendChild(turn);
  }

  function speak(text) {
    if (!readAloud.checked || !localVoice || !window.speechSynthesis) return;
    window.speechSynthesis.cancel();
    const u = new window.SpeechSynthesisUtterance(text);
    u.voice = localVoice;
    u.lang = localVoice.lang;
    window.speechSynthesis.speak(u);
  }

  // While a turn is on its way further turns wait; the buttons keep focus.
  function setBusy(on) {
    busy = on;
    log.setAttribute("aria-busy", on ? "true" : "false");
  }

  async function send(body, said) {
    if (busy) return;
    body.state = state.value;
    const kept = store.get(CONSENT_KEY) === "yes" ? parseInt(store.get(AGE_KEY), 10) : NaN;
    if (!isNaN(kept)) body.age_days = kept;
    if (said) parentTurn(said);
    setBusy(true);
    try {
      const res = await fetch("/chat/api", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
      });
      let r = null;
      try { r = await res.json(); } catch (e) { r = null; }
      if (!res.ok || !r) {
        let msg = (r && r.error) || "Sorry, something went wrong.";
        if (r && r.restart) {
          // The conversation could not go on (the server's key changed, or
          // the page was left open too long): the next turn starts anew.
          state.value = "";
          msg += ". A new conversation has started: please ask again.";
        }
        errorTurn(msg, r && r.safety_net);
        return;
      }
      if (body.action === "restart") {
        log.textContent = "";
      }
      state.value = r.state || "";
      if (typeof r.age_days === "number") {
        lastAge = r.age_days;
        if (keepAge.checked) store.set(AGE_KEY, String(r.age_days));
      }
      const turn = answerTurn(r);
      turn.scrollIntoView({ block: "nearest" });
      speak((r.urgent ? r.urgent.heading + ". " : "") + r.speech);
    } catch (e) {
      errorTurn("Sorry, the chat could not be reached. Check your connection.", null);
    } finally {
      setBusy(false);
    }
  }

  // The question form and each suggestion's own form (so that Enter in the
  // box never presses a suggestion).
  document.addEventListener("submit", function (ev) {
    if (ev.target !== form && !ev.target.classList.contains("ff-chip-form")) return;
    ev.preventDefault();
    const b = ev.submitter;
    if (b && b.name === "action") {
      send({ action: b.value }, b.textContent.trim());
    } else if (b && b.name === "topic") {
      send({ topic: b.value }, b.textContent.trim());
    } else if (b && b.name === "say") {
      send({ text: b.value }, b.textContent.trim());
    } else {
      const text = input.value.trim();
      if (!text) {
        announce("Type your question first.");
        input.focus();
        return;
      }
      input.value = "";
      send({ text: text }, text);
    }
    if (!b || b.name !== "action") input.focus();
  });

  // Answers read aloud only with a voice on this device.
  function findVoice() {
    if (!window.speechSynthesis) return;
    const voices = window.speechSynthesis.getVoices().filter(function (v) { return v.localService && /^en/i.test(v.lang); });
    localVoice = voices.find(function (v) { return /^en-GB/i.test(v.lang); }) || voices[0] || null;
    document.getElementById("read-aloud-item").hidden = !localVoice;
  }
  if (window.speechSynthesis) {
    findVoice();
    window.speechSynthesis.addEventListener("voiceschanged", findVoice);
  }

  // A question spoken only where the browser recognises speech on the device.
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  if (Recognition && typeof Recognition.available === "function") {
    Recognition.available({ langs: ["en-GB"], processLocally: true }).then(function (a) {
      if (a !== "available") return;
      speakButton.hidden = false;
      speakButton.addEventListener("click", function () {
        const rec = new Recognition();
        rec.lang = "en-GB";
        rec.processLocally = true;
        rec.interimResults = false;
        rec.maxAlternatives = 1;
        rec.addEventListener("result", function (e) {
          const text = e.results[0][0].transcript.trim();
          if (text) send({ text: text }, text);
        });
        rec.addEventListener("end", function () { speakButton.textContent = "Speak your question"; });
        speakButton.textContent = "Listening…";
        announce("Listening. Say your question.");
        rec.start();
      });
    }).catch(function () { /* no voice: type instead */ });
  }
})();
