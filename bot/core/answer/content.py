"""Questions answered from inside a plan's summary: the sentence that holds
the phrase asked about, quoted, with the plan it comes from."""

from __future__ import annotations

import datetime as dt
import re

from rapidfuzz import fuzz

from bot.core.answer.common import title
from bot.core.answer.plan import suggestions
from bot.core.intents import Decision, Field
from bot.core.normalize import normalize
from bot.core.types import Reply
from bot.knowledge.models import KnowledgeBase, Plan

_SENTENCE = re.compile(r"[^。]+。?")


def sentences(summary: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(summary.replace("\n", "")) if s.strip()]


def best_sentences(plan: Plan, phrase: str, limit: int = 2) -> list[str]:
    """The summary's sentences that say most of the phrase, best first."""
    key = normalize(phrase)
    scored = []
    for n, s in enumerate(sentences(plan.summary)):
        score = fuzz.partial_ratio(key, normalize(s)) if key else 0.0
        scored.append((score, -n, s))
    scored.sort(reverse=True)
    top = scored[0][0] if scored else 0
    return [s for score, _, s in scored[:limit] if score >= max(50.0, top - 5)] or (
        [scored[0][2]] if scored else []
    )


def answer(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    plans = [kb.plan(p) for p in d.plans]
    parts = []
    for plan in plans:
        quoted = "".join(best_sentences(plan, d.content or ""))
        t = title(kb, plan, d)
        if d.english:
            parts.append(f"The summary of {t} says (in Japanese):\n「{quoted}」")
        else:
            parts.append(f"{t}の概要には、次のように書かれています。\n「{quoted}」")
    return Reply(
        "\n\n".join(parts),
        "content",
        tuple(p.id for p in plans),
        suggestions(kb, plans[0], (Field.SUMMARY,)) if plans else (),
        tuple(f"{p.id}.summary" for p in plans),
    )
