"""A speaker who corrects themselves: 「DMOの…あ、違う、6次産業化のほう」.

What comes before the correction is what they did not mean, and must not be read
as a second plan, round or date: 「第36回…いや第55回だ」 asks about round 55,
「平成28年12月…いや3月だったかな」 about March 2016, 「パラレル…じゃなくて、まちなか
交流施設の計画」 about the facility plan only.
"""

from __future__ import annotations

import re

# いや / 違う after a pause (…, 、): a correction, not 「いやあ」 or a verb's 違う
_MARKER = re.compile(
    r"(?:(?:…|‥|\.{2,}|、|,|\s)\s?(?:あ[、,]?\s?)?"
    r"(?:いや(?!あ|ー|だ)|いえ(?!ば)|違う|ちがう|違った|ちがった|間違えた|まちがえた|訂正(?:します)?)"
    # (not 「第36回の認定じゃなかった?」, a question put in the negative)
    r"|(?:じゃ|では)な(?:くて|く)(?![?？]|$)|(?:じゃ|では)なかった(?=[、,…])(?![、,…]\s?って))"
    r"[、,\s]*"
)
# a number said with its unit: 第36回, 12月, 3年
_COUNT = re.compile(r"第?\s?\d{1,4}\s?(年度|年|回|か月|ヶ月|月|日|件|つ)")
_SENTENCE_START = re.compile(r".*[。!?！？\n]")


def corrected(text: str) -> str:
    """The text as its writer meant it, each correction applied in turn."""
    for _ in range(3):  # (a writer rarely corrects more than twice)
        m = _MARKER.search(text)
        if m is None or m.end() >= len(text):
            return text
        before, after = text[: m.start()], text[m.end() :]
        said = _COUNT.match(after)
        same = [c for c in _COUNT.finditer(before) if said and c.group(1) == said.group(1)]
        if same:
            # 「第36回…いや第55回」「平成28年12月…いや3月」「3年じゃなくて5年?」: the
            # number said last replaces the one before it, the rest of the sentence stays
            text = before[: same[-1].start()] + after
        else:
            # 「DMOの…あ、違う、6次産業化のほう」: the sentence starts again
            start = _SENTENCE_START.match(before)
            text = (before[: start.end()] if start else "") + after
    return text
