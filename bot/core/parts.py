"""A message of several questions asks each: numbered (①…②…, (1)…, 1)…), listed
(・… on lines of their own, as a phone memo has them), or sentence after sentence.

A council member preparing a question, or a clerk pasting a letter, writes
「①計画の総数 ②終了した計画の名前 ③最新の認定日」 or 「第51回で認定された計画を
教えてください。また、そのうち一度も変更されていないものはどれですか。」: questions to
answer in turn, not one question mixing their words.
"""

from __future__ import annotations

import re
import unicodedata

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"  # (also how the answers to them are marked)
# an enumerator: a circled number, or a digit in brackets or before ")" / "．",
# at the start or after a space or a stop (not 3.31 in a date)
_ENUMERATOR = re.compile(
    r"(?P<circled>[①-⑩])|[(（](?P<bracketed>[1-9１-９])[)）]"
    r"|(?:(?<=^)|(?<=[\s、。，,:：]))(?P<bare>[1-9１-９])[)）．.](?![0-9０-９])"
    # 「Q1. …Q2. …」「問1 …」: a form's questions
    r"|(?:(?<=^)|(?<=[\s、。，,:：?？]))(?:Q|Ｑ|問)(?P<asked>[1-9１-９])(?:[.．:：)）]|\s)"
)


def numbered_parts(text: str) -> tuple[str, list[str]]:
    """What a message says before its numbered questions (「…終了した計画について、」),
    and the questions, in order (the words after the last belong to it: 「…③ファックス
    を教えて」); no questions when it does not number at least two, 1 then 2."""
    found = []
    for m in _ENUMERATOR.finditer(text):
        if m.group("circled"):
            n = CIRCLED.index(m.group("circled")) + 1
        else:
            n = unicodedata.digit(m.group("bracketed") or m.group("bare") or m.group("asked"))
        found.append((n, m))
    # keep a run 1, 2, 3 … (a stray 「3)」 elsewhere is no list)
    run: list[re.Match[str]] = []
    for n, m in found:
        if n == len(run) + 1:
            run.append(m)
    if len(run) < 2 or len(found) > len(run):
        # (「①まちなか ②6次産業化 まず①の認定日を」: the numbers label plans to refer to)
        return text, []
    parts = []
    for i, m in enumerate(run):
        end = run[i + 1].start() if i + 1 < len(run) else len(text)
        part = text[m.end() : end].strip(" 　、。,，\n")
        if part:
            parts.append(part)
    return text[: run[0].start()].strip(), parts if len(parts) >= 2 else []



# a line that is an item of a list: 「・計画は何年までか」
# (not a rule of dashes, 「---」, that sets a pasted mail apart)
_BULLET = re.compile(r"^[ 　]*(?:[・*●○◆◇■□•‣]|-(?!-))[ 　]*(?=[^\s\-―─ー])", re.M)


def listed_parts(text: str) -> tuple[str, list[str]]:
    """What a message says before its listed items, and the items (at least two)."""
    found = list(_BULLET.finditer(text))
    if len(found) < 2:
        return text, []
    parts = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        line = text[m.end() : end].split("\n", 1)[0].strip()
        if line:
            parts.append(line)
    return text[: found[0].start()].strip(), parts if len(parts) >= 2 else []


# a sentence ends at a question mark, a full stop or a line's end, not inside a
# quotation (「…いつ認定されたの?」と聞かれました)
_SENTENCE = re.compile(r"(?:「[^」]*」|[^?？。！!\n「])+[?？。！!]*")


def sentences(text: str) -> list[str]:
    """The message's sentences, in order (「また、」 and the like left on them)."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip(" 　、。")]


# 「…の認定日と、それからフラワー長井線の始発の時刻も」: a second question joined on
_JOINED = re.compile(
    # (not 「ところで、それと同じ回で…」: それと is "with it" there)
    r"(?:と、?|、)\s?(?:それから|あと|それと(?!同じ|おなじ|一緒|いっしょ|比べ|くらべ|違|ちが)|ついでに"
    r"|加えて)[、,\s]*|(?<=[.?!])\s+also,?\s+",
    re.I,
)
# an opening that asks nothing of its own (「ところで、」「じゃあ、」)
_OPENING = re.compile(r"^(?:ところで|では|じゃあ|じゃ|それで|さて|で|あ|あの|えっと|えーと)$")


def joined_parts(text: str) -> list[str]:
    """The two questions of 「AとそれからB」, "A. Also, B", or [] when it joins none."""
    m = _JOINED.search(text)
    if m is None or m.start() < 2 or len(text) - m.end() < 2:
        return []
    if _OPENING.match(text[: m.start()].strip(" 、,")):
        return []
    return [text[: m.start()].strip(), text[m.end() :].strip()]  # (the first keeps its "?")
