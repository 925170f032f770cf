"""The App Home view stays inside Slack's Block Kit limits however long the
queue and the alias list grow (Slack refuses the whole view otherwise)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.analytics.grouping import group_questions
from bot.analytics.records import LearnedAlias, QuestionRecord
from bot.channels.slack.home import OfficeHandlers
from bot.channels.slack.staff import StaffDirectory
from bot.knowledge import KnowledgeBase

NOW = dt.datetime(2026, 11, 26, 1, 0, tzinfo=dt.UTC)


class _Live:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    found = []
    for b in blocks:
        if "text" in b:
            found.append(b["text"]["text"])
        for e in b.get("elements", []):
            if isinstance(e.get("text"), dict):
                found.append(e["text"]["text"])
            if isinstance(e.get("text"), str):
                found.append(e["text"])
    return found


def test_a_long_queue_and_many_aliases_fit_one_home_view(kb: KnowledgeBase) -> None:
    # sixty different questions, each long
    wordings = [
        "".join(chr(0x4E00 + (n * 97 + i * 31) % 20000) for i in range(300)) for n in range(60)
    ]
    questions = [
        QuestionRecord(n + 1, "line", f"tag{n}", text, "out_of_scope", "out_of_scope", (), None,
                       None, "open", NOW)
        for n, text in enumerate(wordings)
    ]  # fmt: skip
    aliases = [LearnedAlias(n, "dmo-tourism", f"呼び方{n}", "U0STAFF01", NOW) for n in range(80)]
    home = OfficeHandlers(_Live(kb), None, StaffDirectory(None))  # type: ignore[arg-type]
    groups = group_questions(questions)
    assert len(groups) == 60
    blocks = [*home.queue_blocks(groups), {"type": "divider"}, *home.alias_blocks(aliases)]
    assert len(blocks) <= 100
    assert all(len(t) <= 3000 for t in texts(blocks))
    for block in blocks:
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
            assert len({e["action_id"] for e in block["elements"]}) == len(block["elements"])
            for e in block["elements"]:
                if e["type"] == "static_select":
                    assert 0 < len(e["options"]) <= 100
                    assert all(len(o["text"]["text"]) <= 75 for o in e["options"])
                    assert all(len(o["value"]) <= 150 for o in e["options"])
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
    assert "ほか 45 件" in "".join(texts(blocks))


def test_an_empty_queue_says_so(kb: KnowledgeBase) -> None:
    home = OfficeHandlers(_Live(kb), None, StaffDirectory(None))  # type: ignore[arg-type]
    assert "未回答の質問はありません。" in texts(home.queue_blocks([]))
