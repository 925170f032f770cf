"""Questions answered from inside a plan's summary: the sentence that holds
the phrase asked about, quoted, with the plan it comes from."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re

from rapidfuzz import fuzz

from bot.core.answer.common import LIST_LIMIT, title
from bot.core.answer.plan import field_text, suggestions
from bot.core.intents import Decision, Field
from bot.core.normalize import normalize
from bot.core.plan_index import english_stems, word_chunks
from bot.core.types import Reply
from bot.knowledge.models import KnowledgeBase, Plan

_SENTENCE = re.compile(r"[^。]+。?")


def sentences(summary: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(summary.replace("\n", "")) if s.strip()]


def _chunks(phrase: str) -> list[str]:
    by_particles, by_kanji = word_chunks(normalize(phrase))
    return sorted(set(by_particles) | set(by_kanji), key=len, reverse=True)


def best_sentences(plan: Plan, phrase: str, limit: int = 2) -> list[str]:
    """The summary's sentences that say the phrase's words, in the summary's
    order: the best one, and a second only for words the first does not say
    (「販売活動は? 連携はどこで?」 asks about two sentences)."""
    chunks = _chunks(phrase)
    texts = sentences(plan.summary)
    keys = [normalize(t) for t in texts]
    asked = normalize(phrase)
    # how close each sentence is as a whole, once: it breaks ties of words said
    closeness = [fuzz.partial_ratio(asked, key) / 1000 for key in keys]

    def says(i: int, words: list[str]) -> float:
        return sum(len(w) for w in words if w in keys[i]) + closeness[i]

    if not texts:
        return []
    first = max(range(len(texts)), key=lambda i: says(i, chunks))
    # sentences that say the asked words as fully as the best one are all quoted:
    # in 「整備する施設は?」 two sentences each say 整備 and 施設, about two facilities
    full = int(says(first, chunks))
    picked = [i for i in range(len(texts)) if int(says(i, chunks)) == full][:3]
    if full == 0:
        picked = [first]
    rest = [w for w in chunks if not any(w in keys[i] for i in picked)]
    if rest and limit > 1:
        second = max(range(len(texts)), key=lambda i: says(i, rest))
        if second not in picked and says(second, rest) >= 2:
            picked.append(second)
    picked = [j for i in picked for j in with_the_one_before(texts, i)]
    return [texts[i] for i in sorted(set(picked))]


def with_the_one_before(texts: list[str], i: int) -> list[int]:
    """The sentence, and the one before it when it leans on it: 「これらの取組により関係
    人口の拡大を図ります」 says how only with what comes before."""
    return [i - 1, i] if i > 0 and _REFERS_BACK.match(texts[i]) else [i]


# a sentence that leans on the one before it (its これら, この, そのため)
_REFERS_BACK = re.compile(r"(?:これら|これに|こうした|このような|そのため|それにより|それら)")


# a sentence ends at ". " before a capital (not at "Co. (山形鉄道株式会社)")
_EN_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
def best_english(summary: str, phrase: str) -> list[str]:
    """The English summary's sentences sharing most words (by their first five
    letters, so move / moving match) with an English question; all when none does."""
    texts = [s.strip() for s in _EN_SENTENCE_END.split(summary) if s.strip()]
    stems = english_stems(phrase)
    scores = [len(stems & english_stems(t)) for t in texts]
    best = max(scores, default=0)
    if best == 0:
        return texts
    return [t for t, s in zip(texts, scores, strict=True) if s == best]


def answer(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    # a reply holds the quotes of a list's worth of plans (a generic word of a
    # large knowledge base is in hundreds of summaries); the rest are counted
    plans = [kb.plan(p) for p in d.plans[:LIST_LIMIT]]
    rest = len(d.plans) - len(plans)
    parts = []
    if d.unsaid:
        return _not_on_the_page(kb, plans, d, today)
    for plan in plans:
        # English words cannot be found in a Japanese summary: quote all of it
        english = (d.content or "").isascii()
        # 「施設の構成要素を列挙して」 about the facility plan: 施設 is its title's word,
        # which tells no sentence from another, so the whole summary is quoted
        own = all(c in normalize(plan.title) for c in _chunks(d.content or ""))
        whole = english or own
        quoted = plan.summary if whole else "".join(best_sentences(plan, d.content or ""))
        t = title(kb, plan, d)
        translated = kb.aliases_of(plan.id).summary_en
        if d.english and translated:
            said = " ".join(best_english(translated, d.content or "")) if english else translated
            parts.append(f"The summary of {t} says (translated from the city's page):\n“{said}”")
        elif d.english:
            parts.append(f"The summary of {t} says (in Japanese):\n「{quoted}」")
        else:
            parts.append(f"{t}の概要には、次のように書かれています。\n「{quoted}」")
        parts.extend(field_text(kb, plan, f, today, d) for f in d.fields)
    if d.affirm and parts:  # 「ECサイトでの販売は6次産業化の計画に含まれてる?」
        parts[0] = ("Yes. " if d.english else "はい。") + parts[0]
    if rest > 0:
        parts.append(f"…and {rest} more plans' summaries say it too." if d.english
                     else f"ほかに{rest}件の計画の概要にも書かれています。")  # fmt: skip
    return _reply(kb, plans, parts, d)


def _not_on_the_page(kb: KnowledgeBase, plans: list[Plan], d: Decision, today: dt.date) -> Reply:
    """「しごと創出の計画で造成する工業団地は何ヘクタール?」: the plan's summary does
    not speak of it. Said so, with what the summary does say (the sentence for
    the rest of the question, or the whole summary), and whom to ask."""
    c = kb.city.contact
    things = "や".join(f"「{w}」" for w in d.unsaid)
    rest = [w for w in _chunks(d.content or "") if not any(w in normalize(u) for u in d.unsaid)]
    parts = []
    for plan in plans:
        t = title(kb, plan, d)
        said = best_sentences(plan, "、".join(rest)) if _says_any(plan, rest) else []
        quoted = "".join(said) or plan.summary
        if d.english:
            parts.append(
                f"The city's page says nothing about {things.replace('や', ', ')} for {t}. "
                f"What its summary says (in Japanese):\n「{quoted}」"
            )
        else:
            parts.append(
                f"{t}の概要には、{things}についての記載はありません。"
                + ("お尋ねのほかの点については、次のように書かれています。" if said
                   else "概要に書かれているのは次のとおりです。")
                + f"\n「{quoted}」"
            )
        parts.extend(field_text(kb, plan, f, today, d) for f in d.fields)
    # 「しごと創出の計画は住宅取得を支援する計画?」: the plan whose summary does say it
    elsewhere = _saying_elsewhere(kb, plans, d.unsaid)
    if elsewhere:
        names = "、".join(title(kb, p, d) for p in elsewhere)
        parts.append(f"The summary of {names} does mention it." if d.english
                     else f"なお、{things}については、{names}の概要に書かれています。")  # fmt: skip
    if d.english:
        office = kb.city.english.office if kb.city.english else kb.city.office
        parts.append(f"For more, please ask {office} (phone: {c.phone}).")
    else:
        parts.append(f"詳しくは、{kb.city.office}（電話: {c.phone}）へお問い合わせください。")
    return _reply(kb, plans, parts, d)


def _reply(kb: KnowledgeBase, plans: list[Plan], parts: list[str], d: Decision) -> Reply:
    return Reply(
        "\n\n".join(parts),
        "content",
        tuple(p.id for p in plans),
        suggestions(kb, plans[0], (Field.SUMMARY,), d.english) if plans else (),
        tuple(f"{p.id}.summary" for p in plans),
    )


def _saying_elsewhere(kb: KnowledgeBase, plans: list[Plan], words: tuple[str, ...]) -> list[Plan]:
    """Other plans whose summary says every word (the first few: a large knowledge
    base may have hundreds)."""
    asked = [normalize(w) for w in words]
    # by id: comparing Plan models field by field, once per plan of a large
    # knowledge base, cost half a second at 50,000 (ids are unique, the loader
    # sees to it)
    named = {p.id for p in plans}
    # normalizing every summary afresh was most of the 9 s such an answer took
    joined, starts = _summary_keys(kb)
    # the plans holding the longest word, in the knowledge's order, found by
    # searching all the summaries at once: mostly no other plan says it, and
    # even with the summaries normalized, reading 50,000 in turn took a tenth
    # of a second
    probe = max(asked, key=len, default="")
    found: list[Plan] = []
    at = joined.find(probe)
    while at != -1 and len(found) < 3:
        n = bisect.bisect_right(starts, at) - 1
        key = joined[starts[n] : starts[n + 1] - 1]
        if kb.plans[n].id not in named and all(w in key for w in asked):
            found.append(kb.plans[n])
        at = joined.find(probe, starts[n + 1])
    return found


# The knowledge's summaries normalized, joined by a character no key holds (it
# is a control character, which normalizing removes), and where each starts;
# for the last knowledge asked about, whose plans it keeps.
_SEPARATOR = "\x00"
_joined: tuple[tuple[Plan, ...], str, list[int]] | None = None


def _summary_keys(kb: KnowledgeBase) -> tuple[str, list[int]]:
    global _joined
    memo = _joined  # read once: another thread may replace it
    if memo is None or memo[0] is not kb.plans:
        keys = [normalize(p.summary) for p in kb.plans]
        starts = list(itertools.accumulate((len(k) + 1 for k in keys), initial=0))
        memo = _joined = (kb.plans, _SEPARATOR.join(keys), starts)
    return memo[1], memo[2]


def _says_any(plan: Plan, words: list[str]) -> bool:
    key = normalize(plan.summary)
    return any(len(w) >= 2 and w in key for w in words)
