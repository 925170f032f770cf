"""Learned aliases: phrases staff taught from the unanswered queue, merged into
the knowledge the Bot is built with, and validated as aliases.yaml is.

A learned alias becomes one of the plan's `names` (answered like a name, not
like a content word). It is refused, with the plan it collides with, when
- the phrase already names another plan (the bot would now have to ask which), or
- another plan's own names would stop being understood as that plan, or
- the phrase is only field or question words (「認定日は」), or
- the phrase, once added, still does not lead to the plan chosen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.analytics.records import LearnedAlias
from bot.core.matcher import QuestionParser
from bot.core.normalize import clean, normalize
from bot.knowledge.models import KnowledgeBase, PlanAliases

MIN_CHARS, MAX_CHARS = 2, 40
# What a question adds around the words that name a plan: asked fields and endings.
_ENDINGS = re.compile(
    r"(?:の|って|は|について|に関して|とは)?"
    r"(?:計画|プロジェクト|事業)?"
    r"(?:の|って|は|について)?"
    r"(?:いつ.*|何.*|なに.*|どこ.*|だれ.*|誰.*|教えて.*|概要.*|認定.*|期間.*|内容.*|連絡.*|"
    r"問い合わせ.*|ですか.*|ありますか.*|ある.*|知りたい.*)?$"
)
_TRAILING = re.compile(r"[\s?？!！。、,.]+$")


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class AliasRefused(ValueError):
    """Why a phrase cannot become an alias, in the clerk's words."""


@dataclass(frozen=True)
class AliasCheck:
    plan_id: str
    phrase: str


def suggested_phrase(question: str) -> str:
    """The part of a question that names the plan: 「雪灯りまつりの計画はいつまで?」
    → 「雪灯りまつり」. Staff see it before it is added."""
    text = _TRAILING.sub("", clean(question))
    stripped = _ENDINGS.sub("", text).strip()
    return stripped if len(stripped) >= MIN_CHARS else text


def merge_aliases(kb: KnowledgeBase, learned: Iterable[LearnedAlias]) -> KnowledgeBase:
    """The knowledge with each learned phrase added to its plan's names."""
    extra: dict[str, list[str]] = {}
    for alias in learned:
        if alias.plan_id in kb.by_id:
            extra.setdefault(alias.plan_id, []).append(alias.phrase)
    if not extra:
        return kb
    aliases = dict(kb.aliases)
    for plan_id, phrases in extra.items():
        current = kb.aliases_of(plan_id)
        names = tuple(dict.fromkeys((*current.names, *phrases)))
        if not current.names:
            # the first name is the button label: keep the title's place for it
            names = (kb.plan(plan_id).title, *names)
        aliases[plan_id] = PlanAliases.model_validate({**current.model_dump(), "names": names})
    return KnowledgeBase(plans=kb.plans, aliases=aliases, city=kb.city)


def check_alias(kb: KnowledgeBase, plan_id: str, phrase: str) -> AliasCheck:
    """The cleaned phrase when it may become `plan_id`'s alias; AliasRefused otherwise.

    `kb` is the knowledge as it is now (learned aliases included)."""
    phrase = clean(phrase)
    if plan_id not in kb.by_id:
        raise AliasRefused(f"計画「{plan_id}」は知識ファイルにありません。")
    if not MIN_CHARS <= len(phrase) <= MAX_CHARS:
        raise AliasRefused(f"呼び方は{MIN_CHARS}文字以上{MAX_CHARS}文字以内にしてください。")
    title = kb.plan(plan_id).title
    key = normalize(phrase)
    for other in kb.plans:
        known = (other.title, *kb.aliases_of(other.id).all())
        if any(normalize(name) == key for name in known):
            if other.id == plan_id:
                raise AliasRefused(
                    f"「{phrase}」はすでに「{title}」の呼び方として登録されています。"
                )
            raise AliasRefused(f"「{phrase}」はすでに「{other.title}」の呼び方です。")
    before = QuestionParser(kb)
    parsed = before.parse(phrase)
    if not parsed.plans and not parsed.named_something:
        # 「認定日は」: only field or question words; as a name it would answer
        # every such question with this plan
        raise AliasRefused(f"「{phrase}」には計画の名前になる言葉が含まれていません。")
    named = parsed.plans
    others = [p for p in named if p != plan_id]
    if others:
        raise AliasRefused(
            f"「{phrase}」はすでに「{kb.plan(others[0]).title}」のことと読まれるため、"
            "登録すると質問がどちらの計画か分からなくなります。"
        )
    merged = merge_aliases(kb, [LearnedAlias(0, plan_id, phrase, "", _EPOCH)])
    after = QuestionParser(merged)
    for other in kb.plans:
        if other.id == plan_id:
            continue
        for name in (other.title, *kb.aliases_of(other.id).names):
            if before.parse(name).plans == (other.id,) and after.parse(name).plans != (other.id,):
                raise AliasRefused(
                    f"「{phrase}」を登録すると、「{other.title}」についての質問"
                    f"（「{name}」など）がどちらの計画か分からなくなります。"
                )
    if after.parse(phrase).plans != (plan_id,):
        raise AliasRefused(f"「{phrase}」では「{title}」を特定できません。")
    return AliasCheck(plan_id, phrase)
