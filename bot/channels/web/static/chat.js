// The chat page's script. Answers are shown with text nodes only (never parsed
// as markup): the text comes from the server and may contain anything a
// visitor typed.
"use strict";

(() => {
  const MAX_LENGTH = 2000;
  const STORAGE_KEY = "nagai-plan-bot:user";
  // The id of the last staff message shown in this browser, so a reload does
  // not show it again.
  const INBOX_KEY = "nagai-plan-bot:inbox-after";
  const INBOX_PAGE_SIZE = 50; // chat.py INBOX_PAGE_SIZE: a full page means more may wait
  // Staff answers take hours, so a slow poll is enough. `?inbox_poll_ms=` and
  // `?inbox_idle_ms=` are for tests, which cannot wait that long.
  const POLL_MS = fromQuery("inbox_poll_ms", 15000);
  const MAX_BACKOFF_MS = 5 * 60 * 1000;
  // Nobody reads a tab left alone for an hour; polling resumes on return.
  const IDLE_STOP_MS = fromQuery("inbox_idle_ms", 60 * 60 * 1000);
  const URL_PATTERN = /https?:\/\/[^\s<>"'「」『』（）()、。]+/g;

  const log = document.getElementById("log");
  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const sendButton = document.getElementById("send");

  let memoryInboxAfter = 0;
  // Requests go one after another so answers appear in the order asked and
  // the conversation context on the server follows the same order.
  let queue = Promise.resolve();
  let pending = 0;

  // Which browser this is, the server keeps in an HttpOnly cookie the page
  // cannot read (so it can never leak it). An id an older version of this
  // page kept in localStorage is handed over once, with the greeting, so a
  // resident's earlier inquiry still finds its answers; then it is removed.
  function legacyUserId() {
    try {
      const id = window.localStorage.getItem(STORAGE_KEY);
      return id && /^[0-9a-f]{32}$/.test(id) ? id : null;
    } catch (_error) {
      return null;
    }
  }

  function forgetLegacyUserId() {
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch (_error) {
      // private mode: nothing was stored
    }
  }

  function fromQuery(name, fallback) {
    const raw = new URLSearchParams(window.location.search).get(name);
    const asked = Number(raw);
    return raw && Number.isFinite(asked) && asked >= 200 && asked <= 86400000 ? asked : fallback;
  }

  function storedInboxAfter() {
    try {
      const value = Number(window.localStorage.getItem(INBOX_KEY));
      return Number.isSafeInteger(value) && value > 0 ? value : 0;
    } catch (_error) {
      return memoryInboxAfter;
    }
  }

  function storeInboxAfter(id) {
    memoryInboxAfter = Math.max(memoryInboxAfter, id);
    try {
      // Another tab may have shown later messages: never move back.
      if (id > storedInboxAfter()) window.localStorage.setItem(INBOX_KEY, String(id));
    } catch (_error) {
      // private mode: remembered for this page only
    }
  }

  // Phone numbers become tel: links (a tap calls the office); FAX numbers
  // and both kinds are kept on one line.
  const PHONE_PATTERN = /0\d{1,4}-\d{1,4}-\d{3,4}/g;
  const FAX_BEFORE = /(FAX|ＦＡＸ|ファクス|ファックス)[\s:：]*$/i;

  function appendPhones(element, text) {
    let last = 0;
    for (const match of text.matchAll(PHONE_PATTERN)) {
      if (match.index > last) element.append(text.slice(last, match.index));
      const before = text.slice(Math.max(0, match.index - 8), match.index);
      let node;
      if (FAX_BEFORE.test(before)) {
        node = document.createElement("span");
      } else {
        node = document.createElement("a");
        node.href = `tel:${match[0]}`;
      }
      node.className = "nowrap";
      node.textContent = match[0];
      element.append(node);
      last = match.index + match[0].length;
    }
    if (last < text.length) element.append(text.slice(last));
  }

  function appendLinkedText(element, text) {
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      if (match.index > last) appendPhones(element, text.slice(last, match.index));
      const link = document.createElement("a");
      link.href = match[0];
      link.textContent = match[0];
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      element.append(link);
      last = match.index + match[0].length;
    }
    if (last < text.length) appendPhones(element, text.slice(last));
  }

  function scrollToShow(element) {
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const logBox = log.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    const gap = 12;
    // A long answer is read from its start; a short one just comes into view
    // at the bottom.
    const offset = box.height > logBox.height - 2 * gap
      ? box.top - logBox.top - gap
      : box.bottom - logBox.bottom + gap;
    if (offset > 0 || box.height > logBox.height - 2 * gap) {
      log.scrollTo({ top: log.scrollTop + offset, behavior: smooth ? "smooth" : "auto" });
    }
  }

  function addMessage(role, text) {
    const item = document.createElement("div");
    item.className = `msg msg-${role}`;
    const speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.textContent = role === "user" ? "あなた：" : "案内：";
    const blocks = role === "user" ? null : listBlocks(text);
    const body = document.createElement(blocks ? "div" : "p");
    body.className = "msg-text";
    body.append(speaker);
    if (blocks) {
      appendBlocks(body, blocks);
    } else {
      appendLinkedText(body, text);
    }
    item.append(body);
    log.append(item);
    return item;
  }

  // An answer listing plans ("・title" lines, each perhaps followed by an
  // indented "　details" line) is shown as a list, so that a screen reader
  // says how many items there are and a phone wraps each item on its own.
  // Null when the text has fewer than two such lines.
  function listBlocks(text) {
    const lines = text.split("\n");
    if (lines.filter((line) => line.startsWith("・")).length < 2) return null;
    const blocks = [];
    for (const line of lines) {
      const last = blocks[blocks.length - 1];
      if (line.startsWith("・")) {
        if (!last || last.kind !== "list") blocks.push({ kind: "list", items: [] });
        blocks[blocks.length - 1].items.push({ head: line.slice(1), details: [] });
      } else if (line.startsWith("　") && last && last.kind === "list") {
        last.items[last.items.length - 1].details.push(line.trim());
      } else {
        blocks.push({ kind: "text", text: line });
      }
    }
    return blocks;
  }

  function appendBlocks(body, blocks) {
    for (const block of blocks) {
      if (block.kind === "text") {
        const paragraph = document.createElement("p");
        paragraph.className = "msg-body";
        appendLinkedText(paragraph, block.text);
        body.append(paragraph);
        continue;
      }
      const list = document.createElement("ul");
      list.className = "msg-list";
      for (const entry of block.items) {
        const li = document.createElement("li");
        appendLinkedText(li, entry.head);
        for (const detail of entry.details) {
          const span = document.createElement("span");
          span.className = "msg-detail";
          appendLinkedText(span, detail);
          li.append(span);
        }
        list.append(li);
      }
      body.append(list);
    }
  }

  // A message from the contact office: its own bubble, labelled, so it is
  // never taken for the bot's automatic answer.
  function addStaffMessage(message) {
    const item = document.createElement("div");
    item.className = `msg msg-staff${message.kind === "closed" ? " msg-notice" : ""}`;
    item.dataset.id = String(message.id);
    const body = document.createElement("div");
    body.className = "msg-text";
    const head = document.createElement("p");
    head.className = "msg-from";
    const from = document.createElement("span");
    from.className = "msg-label";
    from.textContent = message.kind === "closed" ? "お知らせ" : "担当者より";
    head.append(from);
    if (typeof message.created_label === "string" && message.created_label) {
      const time = document.createElement("time");
      time.className = "msg-time";
      if (typeof message.created === "string") time.dateTime = message.created;
      time.textContent = message.created_label;
      head.append(" ", time);
    }
    const text = document.createElement("p");
    text.className = "msg-body";
    appendLinkedText(text, message.text);
    body.append(head, text);
    item.append(body);
    log.append(item);
    return item;
  }

  function addSuggestions(item, suggestions) {
    const usable = suggestions.filter(
      (s) => s && typeof s.label === "string" && typeof s.text === "string" && s.text.trim(),
    );
    if (!usable.length) return;
    const group = document.createElement("div");
    group.className = "suggestions";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "次のご質問の候補");
    for (const suggestion of usable) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "suggestion";
      button.textContent = suggestion.label || suggestion.text;
      button.dataset.text = suggestion.text;
      if (suggestion.label !== suggestion.text) button.title = suggestion.text;
      button.addEventListener("click", (event) => {
        send(suggestion.text);
        afterSuggestion(event);
      });
      group.append(button);
    }
    item.append(group);
  }

  // The pressed button scrolls away as the answer arrives: focus must not stay
  // on it. A keyboard press (detail 0) goes on at the input; a tap on a touch
  // screen moves focus to the conversation instead, so no keyboard pops up.
  function afterSuggestion(event) {
    const touch = event.detail !== 0 && window.matchMedia("(pointer: coarse)").matches;
    if (touch) {
      log.focus({ preventScroll: true });
    } else {
      input.focus({ preventScroll: true });
    }
  }

  function addReply(data) {
    const item = addMessage("bot", data.answer);
    if (typeof data.intent === "string") item.dataset.intent = data.intent;
    if (data.intent === "handoff.accepted") {
      // Unlike a LINE talk, a web page is gone once closed: say where the
      // answer will appear.
      const note = document.createElement("p");
      note.className = "msg-note";
      note.textContent = "担当者からのお返事は、このブラウザでこのページを開くと表示されます。";
      item.append(note);
    }
    addSuggestions(item, Array.isArray(data.suggestions) ? data.suggestions : []);
    scrollToShow(item);
  }

  function addError(message, retry) {
    const item = addMessage("bot", message);
    item.classList.add("msg-error");
    if (retry) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "suggestion retry";
      button.textContent = "もう一度送る";
      button.addEventListener("click", () => {
        button.disabled = true;
        enqueue(retry);
      });
      item.append(button);
    }
    scrollToShow(item);
  }

  function setBusy(busy) {
    pending += busy ? 1 : -1;
    const isBusy = pending > 0;
    log.setAttribute("aria-busy", String(isBusy));
    let typing = document.getElementById("typing");
    if (isBusy && !typing) {
      typing = document.createElement("div");
      typing.id = "typing";
      typing.className = "msg msg-bot typing";
      typing.setAttribute("aria-hidden", "true");
      typing.textContent = "回答を準備しています…";
      log.append(typing);
      scrollToShow(typing);
    } else if (!isBusy && typing) {
      typing.remove();
    }
  }

  async function fetchReply(request, retry) {
    let response = null;
    let data = null;
    setBusy(true);
    try {
      response = await fetch(request.url, request.init);
      data = await response.json().catch(() => null);
    } catch (_error) {
      response = null;
    } finally {
      // Gone before the answer is added, so that the answer does not move.
      setBusy(false);
    }
    if (!response) {
      addError("通信できませんでした。インターネット接続をご確認のうえ、もう一度お試しください。", retry);
    } else if (response.ok && data && typeof data.answer === "string") {
      addReply(data);
    } else {
      const message = data && typeof data.error === "string"
        ? data.error
        : "申し訳ありません。ただいま回答できませんでした。時間をおいて、もう一度お試しください。";
      // A refused question (too long, empty) would be refused again: no retry button.
      addError(message, response.status >= 500 ? retry : null);
    }
    return Boolean(response && response.ok);
  }

  function askRequest(text) {
    return {
      url: "api/ask",
      init: {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ text }),
      },
    };
  }

  function enqueue(text) {
    // After each answer: it may have been a hand-off, or staff may have
    // written meanwhile.
    queue = queue
      .then(() => fetchReply(askRequest(text), text))
      .then(() => {
        if (inboxStarted) pollSoon(0);
      });
    return queue;
  }

  function send(rawText) {
    const text = rawText.trim();
    if (!text) return;
    if (text.length > MAX_LENGTH) {
      addError(`ご質問が長すぎます。${MAX_LENGTH}文字以内でお願いいたします。`, null);
      return;
    }
    scrollToShow(addMessage("user", text));
    enqueue(text);
  }

  // -- messages from the contact office ----------------------------------------
  // Polled while the tab is visible (and right after each answer); an error
  // doubles the wait up to MAX_BACKOFF_MS; after IDLE_STOP_MS without the
  // visitor doing anything, it stops until they come back.

  let inboxAfter = storedInboxAfter();
  let pollTimer = null;
  let polling = false;
  let pollAgain = false;
  let failures = 0;
  let lastActivity = Date.now();
  let inboxStarted = false; // not before the greeting, which comes first

  function validStaffMessage(m) {
    return m && Number.isSafeInteger(m.id) && m.id > inboxAfter && typeof m.text === "string";
  }

  async function pollInbox() {
    if (polling) {
      pollAgain = true; // e.g. an answer arrived while a poll was on its way
      return;
    }
    polling = true;
    let ok = false;
    let full = false;
    try {
      const url = `api/inbox?after=${inboxAfter}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const data = response.ok ? await response.json() : null;
      if (Array.isArray(data)) {
        ok = true;
        full = data.length >= INBOX_PAGE_SIZE;
        const fresh = data.filter(validStaffMessage).sort((a, b) => a.id - b.id);
        for (const message of fresh) {
          if (message.id <= inboxAfter) continue;
          scrollToShow(addStaffMessage(message));
          inboxAfter = message.id;
        }
        if (fresh.length) storeInboxAfter(inboxAfter);
      }
    } catch (_error) {
      ok = false;
    } finally {
      polling = false;
    }
    failures = ok ? 0 : failures + 1;
    if (pollAgain || full) {
      pollAgain = false;
      pollSoon(0);
    } else {
      pollSoon(Math.min(POLL_MS * 2 ** failures, Math.max(MAX_BACKOFF_MS, POLL_MS)));
    }
  }

  function pollSoon(delay) {
    clearTimeout(pollTimer);
    pollTimer = null;
    if (document.visibilityState === "hidden") return; // resumed when shown again
    if (Date.now() - lastActivity > IDLE_STOP_MS) return; // resumed on activity
    pollTimer = setTimeout(pollInbox, delay);
  }

  function active() {
    const wasStopped = pollTimer === null && !polling;
    lastActivity = Date.now();
    if (wasStopped && inboxStarted) pollSoon(0);
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      active();
    } else {
      clearTimeout(pollTimer);
      pollTimer = null;
    }
  });
  window.addEventListener("focus", active);
  window.addEventListener("pointerdown", active, { passive: true });
  window.addEventListener("keydown", active);

  function greet() {
    const headers = { Accept: "application/json" };
    const legacy = legacyUserId();
    if (legacy) headers["X-Chat-Legacy-Id"] = legacy;
    // The greeting goes first (it sets the cookie); what staff wrote comes after it.
    const request = { url: "api/greeting", init: { headers } };
    queue = queue
      .then(() => fetchReply(request, null))
      .then((ok) => {
        if (legacy && ok) forgetLegacyUserId(); // the cookie now holds it
        inboxStarted = true;
        pollSoon(0);
      });
  }

  // Enter in a Japanese IME confirms the conversion; only a plain Enter sends.
  // Browsers differ in whether that Enter reaches the form (Safari reports it
  // as keyCode 229 after compositionend), so remember it for this turn.
  let imeEnter = false;
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.isComposing || event.keyCode === 229)) {
      imeEnter = true;
      setTimeout(() => {
        imeEnter = false;
      }, 0);
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (imeEnter) return;
    const text = input.value;
    if (!text.trim()) {
      input.focus();
      return;
    }
    input.value = "";
    send(text);
    input.focus();
  });

  // In the widget's panel (an iframe on the city's site), Escape closes the
  // panel: the keys go to this frame, so the widget is told by a message.
  if (window.parent !== window) {
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") window.parent.postMessage({ type: "nagai-chat:close" }, "*");
    });
  }

  sendButton.disabled = false;
  greet();
})();
