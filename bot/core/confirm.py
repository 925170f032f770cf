"""A claim put to be confirmed (「…で正しいですか」「0238-87-0714でよろしいでしょうか」
"Is that right?"): when the answer states every value the asker gives, it begins
with はい (Yes), so the asker need not compare the two themselves.

Deciding only from the question's text and the answer's: nothing here knows the
plans. Only claims of values the answer can be seen to state are affirmed (days,
numbers, rounds, towns, "never changed"); anything else the question claims
(a negation, a count) leaves the answer as it is.
"""

from __future__ import annotations

import re

from bot.core.lexicon import ENGLISH_MONTHS
from bot.core.normalize import normalize
from bot.knowledge.era import find_dates

# 「…これで正しいですか」「…でよろしゅうございましょうか」「…で間違いない?」 "Is that right?"
_CONFIRM = re.compile(
    r"(?:正し(?:い|く)|合って(?:い)?(?:ます|る)|あって(?:い)?(?:ます|る)|で(?:よろし|宜し)"
    r"|間違い(?:ない|ありません|ございません)|誤りは?(?:ない|ありません)"
    r"|\b(?:is|am|are) (?:that|this|it|i) (?:right|correct)\b|\b(?:correct|right)\s*\?)"
)
# a claim the affirmation cannot check: 「…ではない」「…入っていない」 "not …"
_NEGATED = re.compile(r"(?:ない|なし|無し|ません|ず[、。]|\bnot\b|n't\b|\bnever\b|\bno\b)")
# 「変更はなし」「変更されていない」: the one negation an answer's words can bear out
_NEVER_CHANGED = re.compile(r"変更(?:は|が)?(?:なし|無し|ない|されていない|されてない|ありません)")
_UNCHANGED_SAID = re.compile(r"変更はありません|never been changed|no amendments")
_CHANGED_SAID = re.compile(r"回変更されています|\bwas changed\b")
_NUMBER = re.compile(r"\d{2,5}-\d{2,4}-\d{3,4}")
_ROUND = re.compile(r"第(\d+)回")
_TOWN = re.compile(r"[一-龥]{1,3}(?:市|町|村)")
# "March 29, 2019", as English answers write a day (the lexicon's month names)
_ENGLISH_DATE = re.compile(
    r"\b(" + "|".join(ENGLISH_MONTHS) + r") (\d{1,2}),? (\d{4})\b", re.IGNORECASE
)
_ALREADY = re.compile(r"^(?:はい|いいえ|yes|no)\b|^(?:はい|いいえ)", re.IGNORECASE)


def affirmed(question: str, answer: str, english: bool = False) -> str:
    """The answer, with はい (Yes) first when the question asks to confirm values
    that the answer states, every one of them."""
    said = normalize(question)
    if not _CONFIRM.search(said) or _ALREADY.match(answer.strip()):
        return answer
    never_changed = bool(_NEVER_CHANGED.search(said))
    if _NEGATED.search(_NEVER_CHANGED.sub("", said)):
        return answer  # 「南陽市は入っていない、で合ってる?」: not a value this can check
    if never_changed and _CHANGED_SAID.search(answer):
        # 「…変更はなし、で合ってる?」 of a plan that was changed: the answer says when
        return ("No. " if english else "いいえ。") + answer
    if never_changed and not _UNCHANGED_SAID.search(answer):
        return answer
    claims = _values(said) | _english_dates(said)
    if not claims and not never_changed:
        return answer
    if not claims <= _values(normalize(answer)) | _english_dates(answer):
        return answer
    return ("Yes. " if english else "はい。") + answer


def _values(text: str) -> set[str]:
    days = {m.date.isoformat() for m in find_dates(text) if m.date is not None}
    rounds = {f"round {n}" for n in _ROUND.findall(text)}
    return days | rounds | set(_NUMBER.findall(text)) | set(_TOWN.findall(text))


def _english_dates(text: str) -> set[str]:
    return {f"{int(y):04d}-{ENGLISH_MONTHS.index(m.lower()) + 1:02d}-{int(d):02d}"
            for m, d, y in _ENGLISH_DATE.findall(text)}  # fmt: skip
