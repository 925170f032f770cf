"""Block Kit JSON drawn as HTML, close enough to Slack's look to show what
staff see in the App Home (Slack has no offline renderer)."""

from __future__ import annotations

import re
from html import escape
from typing import Any

STYLE = """
body{font-family:Lato,sans-serif;margin:0;background:#fff;color:#1d1c1d;width:760px}
.tab{border-bottom:1px solid #ddd;padding:10px 20px;font-weight:bold}
.view{padding:8px 20px} h2{font-size:18px;margin:18px 0 6px}
.section{margin:8px 0;line-height:1.45;display:flex;justify-content:space-between;gap:8px}
.context{color:#616061;font-size:12px;margin:2px 0 10px}
.actions{display:flex;gap:8px;margin:6px 0 4px}
.btn{border:1px solid #bbb;border-radius:4px;padding:4px 12px;font-size:13px;background:#fff}
.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.danger{background:#e01e5a;color:#fff;border-color:#e01e5a}
.select{border:1px solid #bbb;border-radius:4px;padding:4px 12px;font-size:13px;color:#616061}
.select:after{content:" ▾"} hr{border:0;border-top:1px solid #ddd;margin:16px 0}
"""


def mrkdwn(text: str) -> str:
    html = escape(text, quote=False).replace("&amp;lt;", "&lt;").replace("&amp;gt;", "&gt;")
    html = re.sub(r"\*([^*\n]+)\*", r"<b>\1</b>", html)
    html = re.sub(r"&lt;@(U[A-Z0-9]+)&gt;", r'<span style="color:#1264a3">@\1</span>', html)
    return html.replace("\n", "<br>")


def element(e: dict[str, Any]) -> str:
    if e["type"] == "button":
        return f'<span class="btn {e.get("style", "")}">{escape(e["text"]["text"])}</span>'
    if e["type"] == "static_select":
        return f'<span class="select">{escape(e["placeholder"]["text"])}</span>'
    return ""


def render(blocks: list[dict[str, Any]], tab: str = "ホーム") -> str:
    parts = []
    for b in blocks:
        if b["type"] == "header":
            parts.append(f"<h2>{escape(b['text']['text'])}</h2>")
        elif b["type"] == "section":
            accessory = element(b["accessory"]) if "accessory" in b else ""
            parts.append(f'<div class="section"><div>{mrkdwn(b["text"]["text"])}</div>'
                         f"{accessory}</div>")  # fmt: skip
        elif b["type"] == "context":
            parts.append(
                f'<div class="context">{"".join(mrkdwn(e["text"]) for e in b["elements"])}</div>'
            )
        elif b["type"] == "actions":
            parts.append(f'<div class="actions">{"".join(element(e) for e in b["elements"])}</div>')
        elif b["type"] == "divider":
            parts.append("<hr>")
    return (
        f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>{STYLE}</style>'
        f'</head><body><div class="tab">{escape(tab)}</div><div class="view">{"".join(parts)}'
        "</div></body></html>"
    )
