"""What a plan's summary names and dates in its own words: the names it quotes
(地域DMO「やまがた長井観光局」, 「市民協働ホール」) and what it says has gone on
since a year (平成28年度から取り組んでいる).

A question asking a thing's name (「DMOの名前は?」 "What is the name of the
local DMO?") or since when something has been done (「いつから取り組んでるの?」)
is answered from these, by quoting the summary's sentence; neither is a field
of the plan, so nothing else in the parser finds them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import jaconv

from bot.core import lexicon as lx
from bot.core.normalize import normalize_keeping_kana
from bot.knowledge.models import KnowledgeBase


def fold(text: str) -> str:
    """Text folded as the parser folds a question (katakana as hiragana, dialect
    standardized), so a summary's words and a question's compare."""
    return lx.standardize(jaconv.kata2hira(normalize_keeping_kana(text)))


_QUOTED = re.compile(r"「([^「」]{2,40})」|『([^『』]{2,40})』")
# 「平成28年度から取り組んでいる」: a year, then what has been done since
_SINCE = re.compile(
    r"(?:(?:平成|令和|昭和)(?:\d+|元)|\d{4})年度?(?:から|より)(?P<verb>[一-龥ぁ-ゖ]{2})"
)
_SINCE_RAW = re.compile(r"年度?(?:から|より)")

# 「DMOの名前は?」「観光局の正式名称」「なんていう名前?」 "the name of the local DMO"
NAME_ASKED = re.compile(
    r"(?:の|って|は)?\s?(?:正式な?)?(?:名前|名称|なまえ|めいしょう)"
    r"|(?:は|って)?\s?(?:なんて|何て|なんと|何と)(?:いう|言う|いい|言い)"
)
NAME_ASKED_EN = re.compile(
    r"\b(?:the )?(?:name|names) of (?:the |its |their )?(?P<after>[a-z][a-z ]*)"
)
# 「いつから取り組んでるの?」 "since when"
SINCE_ASKED = re.compile(r"いつから|何年から|何年度から|なんねんから|なんねんどから|\bsince when\b")
_GOING_ON = re.compile(r"(?:活動|やって|実施|運営|行って|展開|存在|ある|あった|あるの)")
# what only a plan itself is named by, whose name the plan's title gives
_PLAN_NOUNS = re.compile(r"(?:計画|事業|ぷろじぇくと|ぷらん|plan|project)$")
_PARTICLE_END = re.compile(r"[のがをはにでともへ、。,.!?？!\s]")


@dataclass(frozen=True)
class QuotedName:
    plan_id: str
    name: str  # as the summary writes it (katakana kept)
    folded: str  # the name folded
    before: str  # the folded words just before it (地域dmo in 地域DMO「…」)


@dataclass(frozen=True)
class SinceStatement:
    plan_id: str
    verb: str  # folded: the first two letters of what has been done since (取り)


class SummaryFacts:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.names: list[QuotedName] = []
        self.since: list[SinceStatement] = []
        for plan in kb.plans:
            summary = plan.summary.replace("\n", "")
            for m in _QUOTED.finditer(summary):
                name = m.group(1) or m.group(2)
                before = fold(summary[max(0, m.start() - 12) : m.start()])
                self.names.append(QuotedName(plan.id, name, fold(name), before))
            if not _SINCE_RAW.search(summary):
                continue  # (most summaries: folding each costs start-up at 50,000 plans)
            folded = fold(summary).replace("取組", "取り組")
            for m in _SINCE.finditer(folded):
                self.since.append(SinceStatement(plan.id, m.group("verb")))

    def names_asked(self, key: str) -> tuple[QuotedName, ...]:
        """The quoted names a question asks for: 「DMOの名前は?」 → やまがた長井観光局;
        none when what is named is a plan (「計画の名前」 is its title) or nothing the
        summaries quote."""
        if not self.names:
            return ()
        nouns = []
        for m in NAME_ASKED.finditer(key):
            nouns.extend(_tails(key[: m.start()]))
        for m in NAME_ASKED_EN.finditer(key):
            words = m.group("after").split()
            nouns.extend(" ".join(words[i : i + n]) for n in (2, 1) for i in range(len(words)))
        for noun in nouns:
            if _PLAN_NOUNS.search(noun):
                return ()
            found = tuple(q for q in self.names if noun in q.folded or q.before.endswith(noun))
            if found:
                return found
        return ()

    def since_asked(self, key: str) -> tuple[tuple[str, str], ...]:
        """(plan, its statement's verb) for each plan whose summary says since when
        the thing asked about has gone on: 「いつから取り組んでるの?」 and
        平成28年度から取り組んでいる."""
        if not self.since or not SINCE_ASKED.search(key):
            return ()
        key = key.replace("取組", "取り組")
        asked = key[SINCE_ASKED.search(key).end() :]  # type: ignore[union-attr]
        # 「いつから活動してるの?」: another verb of going on says the same (not 始まった,
        # いつまで, nor a bare いつから?, which ask the plan's period)
        going_on = bool(_GOING_ON.match(asked))
        return tuple(
            (s.plan_id, s.verb) for s in self.since if going_on or asked.startswith(s.verb)
        )


def _tails(before: str) -> list[str]:
    """The noun a 「…の名前」 is of: the words since the last particle, longest
    first (「そのDMOの」 → そのdmo, のdmo, dmo)."""
    before = before.rstrip("のってはが \u3000")
    cut = max((m.end() for m in _PARTICLE_END.finditer(before)), default=0)
    word = before[cut:] if len(before) - cut >= 2 else before
    return [word[i:] for i in range(len(word) - 1)]
