"""What staff read about inquiries in Slack, as Block Kit, and its action ids.

(What residents read is the core's: bot/core/inquiry/notices.py.)

Staff: the inquiry's post in the inquiry channel (number, channel,
question, what the bot had answered, status, assignee, buttons), the lines
the worker adds to its thread (a resident's follow-up, whether an answer
reached the resident), the `/keikaku inquiries` list and the draft answer.

Never shown in Slack: the resident's platform id. What residents wrote is
escaped, so a resident cannot ping a channel (`<!channel>`) or fake a link.
Facts (the office's name, dates, phone numbers) come from the knowledge base.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from bot.channels.slack.render import escape, split_text
from bot.clock import JST
from bot.core.inquiry import ASSIGNED, CLOSED, NOTICE_CLOSED, STAFF, Inquiry, InquiryMessage
from bot.core.types import Reply
from bot.knowledge.era import to_wareki
from bot.knowledge.models import KnowledgeBase, PageStatus, Plan

# Slack message metadata on everything the worker posts: {"outbox_id", "inquiry_id"}
EVENT_TYPE = "nagai_outbox"
ASSIGN_ACTION = "inquiry_assign"
CLOSE_ACTION = "inquiry_close"
# Thread replies starting with one of these stay among staff.
MEMO_PREFIXES = ("//", "(メモ)", "（メモ）", "【メモ】")

CHANNEL_NAMES = {"line": "LINE", "web": "Webページ", "slack": "Slack"}
STATUS_NAMES = {"open": "未対応", ASSIGNED: "対応中", CLOSED: "完了"}

SECTION_LIMIT = 2900  # below Slack's 3000, leaving room for a label
ELLIPSIS = "…"

# -- staff: the inquiry's post -----------------------------------------------------


def inquiry_post(kb: KnowledgeBase, record: Inquiry) -> tuple[str, list[dict[str, Any]]]:
    """The inquiry's message in the inquiry channel: fallback text and blocks."""
    question = _quote(record.text)
    fallback = f"問い合わせ 受付番号 {record.id}（{_channel(record)}）\n{question}"
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": f"問い合わせ 受付番号 {record.id}"},
        },
        {
            "type": "section",
            "fields": [
                _field("経路", _channel(record)),
                _field("状態", STATUS_NAMES.get(record.status, record.status)),
                _field("担当", f"<@{record.assignee}>" if record.assignee else "未定"),
                _field("受付", format_time(record.created_at)),
            ],
        },
        _section("住民の質問", record.text),
    ]
    if record.bot_answer.strip():
        blocks.append(_section("ボットの回答", record.bot_answer))
    if record.status == CLOSED:
        closed = f"<@{record.closed_by}> が完了にしました" if record.closed_by else "完了"
        when = f"（{format_time(record.closed_at)}）" if record.closed_at else ""
        blocks.append(_context(f"{closed}{when}。住民には完了をお知らせしました。"))
    else:
        blocks.append(
            _context(
                "このスレッドに返信すると、住民にそのまま届きます。"
                "職員間のメモは「//」で始めてください（住民には届きません）。"
            )
        )
        blocks.append(
            {
                "type": "actions",
                "block_id": f"inquiry_{record.id}",
                "elements": [
                    _button("担当する", ASSIGN_ACTION, record.id, style="primary"),
                    {
                        **_button("完了", CLOSE_ACTION, record.id),
                        "confirm": {
                            "title": {"type": "plain_text", "text": "完了にしますか"},
                            "text": {
                                "type": "plain_text",
                                "text": f"受付番号 {record.id} を完了にすると、"
                                "住民に完了のお知らせが届きます。",
                            },
                            "confirm": {"type": "plain_text", "text": "完了にする"},
                            "deny": {"type": "plain_text", "text": "やめる"},
                        },
                    },
                ],
            }
        )
    return fallback, blocks


def resident_followup(record: Inquiry, message: InquiryMessage) -> str:
    """A further message of the resident, posted in the inquiry's thread: as
    text, which Slack takes up to 40,000 characters, so it is never clipped."""
    quoted = _quote(message.text, limit=None)
    return f"住民からの追加メッセージです（受付番号 {record.id}）:\n{quoted}"


def delivery_note(record: Inquiry, message: InquiryMessage, outcome: str) -> str:
    """The thread's line saying whether a staff answer (or notice) reached the resident."""
    what = "完了のお知らせ" if message.notice == NOTICE_CLOSED else _excerpt(message)
    how = {"line": "LINEで", "web": "Webページで", "slack": "SlackのDMで"}.get(record.channel, "")
    if outcome == "delivered":
        return f":white_check_mark: {what}を{how}お届けしました。"
    reason = message.delivery_error or "理由は不明です"
    return f":warning: {what}をお届けできませんでした: {escape(reason)}"


def _excerpt(message: InquiryMessage, limit: int = 20) -> str:
    if message.author != STAFF:
        return "メッセージ"
    text = " ".join(message.text.split())
    text = text if len(text) <= limit else text[:limit] + ELLIPSIS
    return f"返信「{escape(text)}」"


# -- staff: commands ---------------------------------------------------------------


def inquiry_list(records: Sequence[Inquiry], now: dt.datetime) -> str:
    """`/keikaku inquiries`: the open inquiries, oldest first."""
    if not records:
        return "未完了のお問い合わせはありません。"
    lines = [f"*未完了のお問い合わせ（{len(records)}件）*"]
    for r in records:
        assignee = f"<@{r.assignee}>" if r.assignee else "未定"
        first = (r.text.strip().splitlines() or [""])[0]
        first = first if len(first) <= 60 else first[:60] + ELLIPSIS
        lines.append(
            f"• *受付番号 {r.id}*｜{STATUS_NAMES.get(r.status, r.status)}｜担当: {assignee}"
            f"｜{_channel(r)}｜{age(r.created_at, now)}\n    {escape(first)}"
        )
    return "\n".join(lines)


def list_blocks(text: str) -> list[dict[str, Any]]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in split_text(text, SECTION_LIMIT)[:50]
    ]


def draft_answer(
    kb: KnowledgeBase, question: str, reply: Reply
) -> tuple[str, list[dict[str, Any]]]:
    """The bot's answer to a forwarded question, for staff to check, edit and send."""
    facts = used_facts(kb, reply)
    source = kb.city.source
    checked = f"（{to_wareki(source.checked)}確認）"
    fallback = f"下書き: {reply.text}"
    blocks: list[dict[str, Any]] = [
        _context(
            "ボットの回答の下書きです。内容を確かめ、直してからお送りください。"
            "この下書きはあなたにだけ表示されています。"
        ),
        _section("お問い合わせ", question),
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*下書き*\n```" + _clip(escape(reply.text)) + "```"},
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*使った情報*\n" + _clip("\n".join(f"• {escape(f)}" for f in facts)),
            },
        },
        _context(escape(f"出典: {source.publisher}「{source.title}」{checked}")),
    ]
    return fallback, blocks


def used_facts(kb: KnowledgeBase, reply: Reply) -> list[str]:
    """The reply's `facts` ("plan-id.field", "city.contact") as staff can read them."""
    shown: list[str] = []
    for fact in reply.facts:
        owner, _, field = fact.partition(".")
        if owner == "city":
            shown.append(_city_fact(kb, field))
        elif owner in kb.by_id:
            plan = kb.plan(owner)
            shown.append(f"{plan.title} — {_plan_fact(plan, field)}")
        else:
            shown.append(fact)
    if not shown:
        shown = [
            f"{kb.plan(p).title}（計画の一覧・条件による検索）"
            for p in reply.plans
            if p in kb.by_id
        ]
    return shown or ["（知識ベースの個別の情報は使っていません）"]


def _plan_fact(plan: Plan, field: str) -> str:
    c, p = plan.certification, plan.period
    period = f"{to_wareki(p.start)}〜{to_wareki(p.end)}"
    values = {
        "certified": f"認定日: {to_wareki(c.date)}（第{c.round}回）",
        "round": f"認定の回: 第{c.round}回（{to_wareki(c.date)}）",
        "changes": "変更日: " + ("、".join(to_wareki(d) for d in plan.changes) or "なし"),
        "period": f"計画期間: {period}",
        "status": f"計画期間: {period}（ページでの掲載: "
        + ("実施中の計画" if plan.status is PageStatus.CURRENT else "終了した計画")
        + "）",
        "summary": f"概要: {_short(plan.summary)}",
        "partners": "連携する市町: " + ("、".join(plan.partners) or "なし"),
        "overview": f"概要: {_short(plan.summary)}／計画期間: {period}",
        "dates": f"認定日: {to_wareki(c.date)}（第{c.round}回）／計画期間: {period}",
        "contact": "問い合わせ先（市の担当課）",
    }
    return values.get(field, field)


def _city_fact(kb: KnowledgeBase, field: str) -> str:
    c = kb.city.contact
    if field == "contact":
        where = f"〒{c.postal_code} {c.address}"
        return f"問い合わせ先: {kb.city.office}（電話 {c.phone}、FAX {c.fax}、{where}）"
    if field == "scheme":
        return f"制度の説明: {kb.city.scheme.name}"
    return f"市の情報: {field}"


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + ELLIPSIS


# -- small pieces --------------------------------------------------------------------


def format_time(moment: dt.datetime) -> str:
    """令和8年11月26日 10:42, in Nagai's time."""
    local = moment.astimezone(JST)
    return f"{to_wareki(local.date())} {local.hour}:{local.minute:02d}"


def age(created: dt.datetime, now: dt.datetime) -> str:
    minutes = int((now - created).total_seconds() // 60)
    if minutes < 1:
        return "たった今"
    if minutes < 60:
        return f"{minutes}分前"
    if minutes < 24 * 60:
        return f"{minutes // 60}時間前"
    return f"{minutes // (24 * 60)}日前"


def _channel(record: Inquiry) -> str:
    return CHANNEL_NAMES.get(record.channel, record.channel)


def _quote(text: str, limit: int | None = SECTION_LIMIT) -> str:
    lines = escape(text).splitlines() or [""]
    quoted = "\n".join(f"> {line}" for line in lines)
    return quoted if limit is None else _clip(quoted, limit)


def _clip(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def _field(label: str, value: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": f"*{label}*\n{value}"}


def _section(label: str, text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": f"*{label}*\n{_quote(text)}"}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _button(
    label: str, action_id: str, inquiry_id: int, style: str | None = None
) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label},
        "value": str(inquiry_id),
    }
    if style:
        button["style"] = style
    return button
