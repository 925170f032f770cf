"""Flex messages where a card reads better than text: the contact card, a plan
card, and the list of plans as a carousel.

Which card an answer gets is read from what the core's Reply already carries
(intent, plans, text), so the core knows nothing of LINE:

- intent "contact" whose text gives the whole office block (address, phone and
  fax) → the contact card; a reply to 「電話番号は?」 alone stays text;
- intent "plan.overview" about one plan → that plan's card;
- intent "aggregate.list" naming 2 to 12 plans → a carousel of plan cards.

English answers stay text (the cards are worded in Japanese). Every card's
altText is the reply's own text, so a notification or an old client shows the
same facts; when that text is longer than altText allows, the answer is sent
as text instead, because a shortened altText would drop facts.

The cards are built as plain dicts (LINE's JSON, easy to read and to size),
sent as they are; the tests validate every kind of card with the SDK's models
(render.render_reply), which cost milliseconds a carousel on the hot path.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from bot.core.types import Reply
from bot.knowledge.era import to_wareki
from bot.knowledge.models import KnowledgeBase, PeriodStatus, Plan

MAX_ALT_TEXT = 1500
MAX_BUBBLES = 12
MAX_BUBBLE_BYTES = 30_000  # LINE refuses a bubble over 30 KB, a carousel over 50 KB
MAX_CAROUSEL_BYTES = 50_000
MAX_ACTION_LABEL = 20
MAX_ACTION_TEXT = 300

ACCENT = "#0b5f86"
MUTED = "#57606a"
TEXT = "#1f2328"
STATUS_COLOURS = {
    PeriodStatus.RUNNING: "#1a7f37",
    PeriodStatus.NOT_STARTED: "#0b5f86",
    PeriodStatus.ENDED: "#57606a",
}
STATUS_WORDS = {
    PeriodStatus.RUNNING: "実施中",
    PeriodStatus.NOT_STARTED: "開始前",
    PeriodStatus.ENDED: "終了",
}


def flex_for(reply: Reply, kb: KnowledgeBase, today: dt.date) -> dict[str, Any] | None:
    """The Flex message (LINE's JSON) for `reply`, or None when text reads better."""
    if _english(reply) or len(reply.text) > MAX_ALT_TEXT:
        return None
    if reply.intent == "contact" and _whole_contact(reply, kb):
        key: tuple[Any, ...] = ("contact",)
    elif reply.intent == "plan.overview" and _known(kb, reply.plans, 1, 1):
        key = ("plan", reply.plans[0], today)
    elif reply.intent == "aggregate.list" and _known(kb, reply.plans, 2, MAX_BUBBLES):
        key = ("list", reply.plans, today)
    else:
        return None
    container = _container(kb, key)
    if container is None:
        return None
    return {"type": "flex", "altText": reply.text, "contents": container}


# A card depends only on the knowledge, the plans and the day: each is built and
# sized once. The knowledge object is kept with its cards, so another knowledge
# base (a test's, a reload) never gets this one's.
_CACHE: dict[tuple[Any, ...], tuple[KnowledgeBase, dict[str, Any] | None]] = {}
_CACHE_SIZE = 256


def _container(kb: KnowledgeBase, key: tuple[Any, ...]) -> dict[str, Any] | None:
    cached = _CACHE.get((id(kb), *key))
    if cached is not None and cached[0] is kb:
        return cached[1]
    contents = _contents(kb, key)
    container = contents if _fits(contents) else None
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[(id(kb), *key)] = (kb, container)
    return container


def _contents(kb: KnowledgeBase, key: tuple[Any, ...]) -> dict[str, Any]:
    if key[0] == "contact":
        return contact_bubble(kb)
    if key[0] == "plan":
        return plan_bubble(kb, kb.plan(key[1]), key[2])
    return {
        "type": "carousel",
        "contents": [plan_bubble(kb, kb.plan(p), key[2], short=True) for p in key[1]],
    }


def _known(kb: KnowledgeBase, plans: tuple[str, ...], least: int, most: int) -> bool:
    return least <= len(plans) <= most and all(p in kb.by_id for p in plans)


def _english(reply: Reply) -> bool:
    return bool(reply.query) and reply.query.get("language") == "en"  # type: ignore[union-attr]


def _whole_contact(reply: Reply, kb: KnowledgeBase) -> bool:
    c = kb.city.contact
    return all(value in reply.text for value in (c.address, c.phone, c.fax))


def _fits(contents: dict[str, Any]) -> bool:
    size = len(json.dumps(contents, ensure_ascii=False).encode())
    if contents["type"] == "carousel":
        return size <= MAX_CAROUSEL_BYTES and all(
            len(json.dumps(b, ensure_ascii=False).encode()) <= MAX_BUBBLE_BYTES
            for b in contents["contents"]
        )
    return size <= MAX_BUBBLE_BYTES


# -- the contact card -----------------------------------------------------------


def contact_bubble(kb: KnowledgeBase) -> dict[str, Any]:
    c = kb.city.contact
    rows = [
        _row("住所", f"〒{c.postal_code}\n{c.address}"),
        _row("電話", c.phone),
        _row("FAX", c.fax),
    ]
    if c.hours:
        rows.append(_row("受付時間", c.hours))
    if not c.mail_form.url:
        rows.append(_row("メール", f"市のページの「{c.mail_form.label}」のフォームから"))
    buttons = [_uri_button("電話をかける", "tel:" + re.sub(r"[^0-9]", "", c.phone), primary=True)]
    if c.mail_form.url:
        buttons.append(_uri_button("メールフォームを開く", c.mail_form.url))
    return {
        "type": "bubble",
        "size": "mega",
        "header": _header("お問い合わせ先", kb.city.office),
        "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": rows},
        "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": buttons},
    }


# -- plan cards -----------------------------------------------------------------


def plan_bubble(
    kb: KnowledgeBase, plan: Plan, today: dt.date, *, short: bool = False
) -> dict[str, Any]:
    """A plan's card: title, 認定日 with its round, the period with its status
    today, the partners; a button asks for the summary (or, in the list, for
    the whole plan)."""
    cert = plan.certification
    status = plan.period.status(today)
    period = f"{to_wareki(plan.period.start)}から\n{to_wareki(plan.period.end)}まで"
    rows = [
        _row("認定日", f"{to_wareki(cert.date)}（第{cert.round}回）"),
        _row("計画期間", period),
        {
            "type": "box",
            "layout": "baseline",
            "spacing": "md",
            "contents": [
                _label("状況"),
                {
                    "type": "text",
                    "text": f"{STATUS_WORDS[status]}（{to_wareki(today)}現在）",
                    "size": "sm",
                    "weight": "bold",
                    "color": STATUS_COLOURS[status],
                    "flex": 5,
                    "wrap": True,
                },
            ],
        },
    ]
    if plan.changes and not short:
        rows.append(_row("変更日", "\n".join(to_wareki(d) for d in plan.changes)))
    if plan.partners:
        rows.append(_row("連携", "・".join(plan.partners)))
    name = _short_name(kb, plan)
    if short:
        button = _message_button("詳しく見る", f"{name}について")
    else:
        button = _message_button("概要を読む", f"{name}の概要")
    return {
        "type": "bubble",
        "size": "mega" if not short else "kilo",
        "header": _header("地域再生計画", plan.title),
        "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": rows},
        "footer": {"type": "box", "layout": "vertical", "contents": [button]},
    }


def _short_name(kb: KnowledgeBase, plan: Plan) -> str:
    names = kb.aliases_of(plan.id).names
    return names[0] if names else plan.title


# -- parts ----------------------------------------------------------------------


def _header(kicker: str, title: str) -> dict[str, Any]:
    return {
        "type": "box",
        "layout": "vertical",
        "backgroundColor": ACCENT,
        "paddingAll": "16px",
        "contents": [
            {"type": "text", "text": kicker, "size": "xs", "color": "#ffffff"},
            {
                "type": "text",
                "text": title,
                "size": "md",
                "weight": "bold",
                "color": "#ffffff",
                "wrap": True,
            },
        ],
    }


def _label(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text, "size": "sm", "color": MUTED, "flex": 2}


def _row(label: str, value: str) -> dict[str, Any]:
    return {
        "type": "box",
        "layout": "baseline",
        "spacing": "md",
        "contents": [
            _label(label),
            {"type": "text", "text": value, "size": "sm", "color": TEXT, "flex": 5, "wrap": True},
        ],
    }


def _uri_button(label: str, uri: str, *, primary: bool = False) -> dict[str, Any]:
    return {
        "type": "button",
        "style": "primary" if primary else "secondary",
        "color": ACCENT if primary else "#e6f1f7",
        "height": "sm",
        "action": {"type": "uri", "label": label[:MAX_ACTION_LABEL], "uri": uri},
    }


def _message_button(label: str, text: str) -> dict[str, Any]:
    return {
        "type": "button",
        "style": "link",
        "color": ACCENT,
        "height": "sm",
        "action": {
            "type": "message",
            "label": label[:MAX_ACTION_LABEL],
            "text": text[:MAX_ACTION_TEXT],
        },
    }
