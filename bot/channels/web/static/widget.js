// The chat as a floating button and panel on a city's own site:
//   <script src="https://BOT-HOST/widget.js" defer></script>
// The button opens the chat page (served by the bot, next to this script) in
// an iframe; the bot's WEB_FRAME_ANCESTORS must name the site. Styles are set
// through the CSSOM, which a host page's CSP without 'unsafe-inline' allows,
// and every name is prefixed so nothing clashes with the host page.
"use strict";

(() => {
  const script = document.currentScript;
  if (!script || document.getElementById("nagai-chat-widget")) return;
  const pageUrl = new URL(".", script.src).href;
  const ACCENT = "#0b5f86";

  const root = document.createElement("div");
  root.id = "nagai-chat-widget";
  Object.assign(root.style, {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000",
    display: "flex", flexDirection: "column", alignItems: "flex-end", gap: "12px",
    fontFamily: "system-ui, sans-serif",
  });

  const panel = document.createElement("div");
  panel.id = "nagai-chat-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "地域再生計画 案内チャット");
  panel.hidden = true;
  Object.assign(panel.style, {
    width: "min(380px, calc(100vw - 32px))", height: "min(600px, calc(100vh - 104px))",
    background: "#fff", border: "1px solid #c9d3db", borderRadius: "14px", overflow: "hidden",
    boxShadow: "0 8px 28px rgba(0, 0, 0, 0.25)",
  });
  let frame = null; // loaded on first opening: a visitor who never opens it costs nothing

  const button = document.createElement("button");
  button.type = "button";
  button.id = "nagai-chat-button";
  button.setAttribute("aria-controls", panel.id);
  button.setAttribute("aria-expanded", "false");
  Object.assign(button.style, {
    minHeight: "48px", padding: "0 20px", border: "0", borderRadius: "999px",
    background: ACCENT, color: "#fff", font: "700 16px system-ui, sans-serif",
    cursor: "pointer", boxShadow: "0 4px 14px rgba(0, 0, 0, 0.25)",
    outlineOffset: "3px",
  });
  const label = (open) => (open ? "チャットを閉じる" : "地域再生計画について質問する");
  button.textContent = label(false);
  // the host page's own focus style may be missing: keep a visible, 3:1 ring
  button.addEventListener("focus", () => { button.style.outline = "3px solid #b25000"; });
  button.addEventListener("blur", () => { button.style.outline = ""; });

  function setOpen(open) {
    if (open && !frame) {
      frame = document.createElement("iframe");
      frame.src = pageUrl;
      frame.title = "長井市 地域再生計画 案内チャット";
      Object.assign(frame.style, { width: "100%", height: "100%", border: "0", display: "block" });
      panel.append(frame);
    }
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.textContent = label(open);
    if (open) frame.focus();
  }

  button.addEventListener("click", () => setOpen(panel.hidden));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) {
      setOpen(false);
      button.focus();
    }
  });

  // Escape pressed inside the panel (chat.js posts this); only our own frame counts.
  window.addEventListener("message", (event) => {
    if (frame && event.source === frame.contentWindow && event.origin === new URL(pageUrl).origin
        && event.data && event.data.type === "nagai-chat:close") {
      setOpen(false);
      button.focus();
    }
  });

  root.append(panel, button);
  (document.body || document.documentElement).append(root);
})();
