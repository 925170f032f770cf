"""The unanswered queue grouped by similar wording: twenty residents asking the
same thing are one row with a count.

Greedy single pass, oldest first: a question joins the first group whose
first question it resembles (rapidfuzz ratio on the hiragana readings of the
matching keys, so width, kana or kanji and spacing do not split a group),
else it starts a group. The queue holds at most a few hundred open
questions, so the pass is cheap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.analytics.records import DOWN, QuestionRecord
from bot.core.normalize import READER, normalize

SIMILAR = 80.0  # ratio out of 100; 「ごみの日は?」 and 「ゴミの日はいつ」 are alike
_PUNCTUATION = re.compile(r"[\s?？!！。、,.「」『』]+")


@dataclass(frozen=True)
class QueueGroup:
    """One row of the queue: its first question stands for the rest."""

    key: int  # the first question's id: what the row's buttons carry
    text: str
    question_ids: tuple[int, ...]
    residents: int  # distinct users
    reasons: dict[str, int]  # out_of_scope / ambiguous / down
    first_at: dt.datetime
    last_at: dt.datetime

    @property
    def count(self) -> int:
        return len(self.question_ids)


def wording_key(text: str) -> str:
    """The question as read aloud: kanji and kana spellings of one word agree."""
    return READER.read(_PUNCTUATION.sub("", normalize(text)))


def group_questions(
    records: Iterable[QuestionRecord], similar: float = SIMILAR
) -> list[QueueGroup]:
    """Groups, the most asked first (then the most recent)."""
    groups: list[tuple[str, list[QuestionRecord]]] = []
    for record in sorted(records, key=lambda r: r.id):
        key = wording_key(record.text)
        for head, members in groups:
            if key == head or fuzz.ratio(key, head) >= similar:
                members.append(record)
                break
        else:
            groups.append((key, [record]))
    result = [_group(members) for _, members in groups]
    result.sort(key=lambda g: (-g.count, -g.last_at.timestamp()))
    return result


def _group(members: list[QuestionRecord]) -> QueueGroup:
    reasons = Counter(DOWN if m.rating == DOWN else m.outcome for m in members)
    return QueueGroup(
        key=members[0].id,
        text=members[0].text,
        question_ids=tuple(m.id for m in members),
        residents=len({m.user_tag for m in members}),
        reasons=dict(reasons),
        first_at=min(m.created_at for m in members),
        last_at=max(m.created_at for m in members),
    )


def find_group(groups: Iterable[QueueGroup], key: int) -> QueueGroup | None:
    """The group a row's button names, or the group that now holds that question."""
    for group in groups:
        if group.key == key or key in group.question_ids:
            return group
    return None
