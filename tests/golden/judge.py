"""Judge an answer against a golden question's expectations.

The same rules as the shared evaluation (groups of alternatives, dates in any
usual form, how many plans an answer names), written independently of the bot
so that the bot's own date code is not used to check itself.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_ERAS = [("令和", dt.date(2019, 5, 1)), ("平成", dt.date(1989, 1, 8)), ("昭和", dt.date(1926, 12, 25))]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip
# Words that show an answer names a plan (kept apart from knowledge/aliases.yaml
# on purpose: the judge must not share the bot's vocabulary).
PLAN_MARKERS = {
    "water-history-transit": ["水と歴史", "公共交通を活かす", "長井市地域再生計画"],
    "dmo-tourism": ["dmo", "観光地域づくり"],
    "sixth-industry": ["6次産業化", "六次産業化", "販路拡大"],
    "parallel-work": ["パラレルワーク", "人材誘致"],
    "machinaka-facility": ["まちなか交流施設"],
    "job-innovation": ["しごと創出", "イノベーション計画"],
}


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _date_forms(iso: str) -> list[str]:
    d = dt.date.fromisoformat(iso)
    forms = [f"{d.year}年{d.month}月{d.day}日", f"{d.year}-{d.month:02d}-{d.day:02d}",
             f"{d.year}/{d.month}/{d.day}", f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"]
    for era, start in _ERAS:
        if d >= start:
            n = d.year - start.year + 1
            forms.append(f"{era}{'元' if n == 1 else n}年{d.month}月{d.day}日")
            break
    return [norm(f) for f in forms]


def _appears(alt: str, answer: str) -> bool:
    forms = _date_forms(alt[2:]) if alt.startswith("D:") else [norm(alt)]
    return any(f in answer for f in forms)


def plans_named(answer: str) -> set[str]:
    return {p for p, marks in PLAN_MARKERS.items() if any(norm(m) in answer for m in marks)}


def judge(expect: dict, raw: str) -> list[str]:
    """The reasons an answer falls short; empty when it passes."""
    answer = norm(raw)
    if not answer:
        return ["empty answer"]
    reasons = [f"missing one of {' | '.join(g)}" for g in expect.get("all", [])
               if not any(_appears(a, answer) for a in g)]
    reasons += [f"must not say {a}" for a in expect.get("none", []) if _appears(a, answer)]
    named = plans_named(answer)
    if len(named) < expect.get("plans_min", 0):
        reasons.append(f"names {sorted(named)}, wants at least {expect['plans_min']}")
    if len(named) > expect.get("plans_max", 99):
        reasons.append(f"names {sorted(named)}, wants at most {expect['plans_max']}")
    return reasons
