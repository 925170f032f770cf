// The chat page's script. Answers are shown with text nodes only (never parsed
// as markup): the text comes from the server and may contain anything a
// visitor typed.
"use strict";

(() => {
  const MAX_LENGTH = 2000;
  const STORAGE_KEY = "nagai-plan-bot:user";
  const URL_PATTERN = /https?:\/\/[^\s<>"'「」『』（）()、。]+/g;

  const log = document.getElementById("log");
  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const sendButton = document.getElementById("send");

  let memoryUserId = null;
  // Requests go one after another so answers appear in the order asked and
  // the conversation context on the server follows the same order.
  let queue = Promise.resolve();
  let pending = 0;

  function newUserId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // One random id per browser, so follow-up questions ("その期間は？") keep
  // their context. Private modes may refuse localStorage: then keep it for
  // this page only.
  function userId() {
    try {
      let id = window.localStorage.getItem(STORAGE_KEY);
      if (!id || !/^[0-9a-f]{32}$/.test(id)) {
        id = newUserId();
        window.localStorage.setItem(STORAGE_KEY, id);
      }
      return id;
    } catch (_error) {
      if (!memoryUserId) memoryUserId = newUserId();
      return memoryUserId;
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
    const body = document.createElement("p");
    body.className = "msg-text";
    body.append(speaker);
    appendLinkedText(body, text);
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
      button.addEventListener("click", () => send(suggestion.text));
      group.append(button);
    }
    item.append(group);
  }

  function addReply(data) {
    const item = addMessage("bot", data.answer);
    if (typeof data.intent === "string") item.dataset.intent = data.intent;
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
  }

  function askRequest(text) {
    return {
      url: "api/ask",
      init: {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ user: userId(), text }),
      },
    };
  }

  function enqueue(text) {
    queue = queue.then(() => fetchReply(askRequest(text), text));
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

  function greet() {
    const url = `api/greeting?user=${encodeURIComponent(userId())}`;
    queue = queue.then(() => fetchReply({ url, init: { headers: { Accept: "application/json" } } }, null));
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

  sendButton.disabled = false;
  greet();
})();
