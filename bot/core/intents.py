"""What a question asks, as data: the matcher produces it, the dialogue
completes it from context, the answerer renders it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Field(StrEnum):
    """A plan's field a question asks about."""

    CERTIFIED = "certified"  # 認定日
    ROUND = "round"  # 第何回の認定
    CHANGES = "changes"  # 変更日
    PERIOD = "period"  # 計画期間, いつまで, 何年間
    STATUS = "status"  # 終わった? 実施中?
    SUMMARY = "summary"  # 概要, 何をする
    PARTNERS = "partners"  # 連携する市町
    CONTACT = "contact"  # whom to ask about the plan
    OVERVIEW = "overview"  # 〜について: the plan in brief
    DATES = "dates"  # a bare いつ: certification and period


class ContactPart(StrEnum):
    ALL = "all"
    PHONE = "phone"
    FAX = "fax"
    ADDRESS = "address"
    POSTAL = "postal"
    MAIL = "mail"
    OFFICE = "office"
    HOURS = "hours"


class Social(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    BYE = "bye"


class AggregateKind(StrEnum):
    LIST = "list"
    COUNT = "count"
    NEWEST = "newest"  # most recently certified
    OLDEST = "oldest"
    LONGEST = "longest"  # longest period
    SHORTEST = "shortest"
    LAST_ENDING = "last_ending"  # ends last
    FIRST_ENDING = "first_ending"  # ended first
    MOST_CHANGES = "most_changes"


class DateRole(StrEnum):
    """What a date in an aggregate question is compared with."""

    CERTIFIED = "certified"
    ENDS = "ends"
    STARTS = "starts"
    CHANGED = "changed"
    RUNNING = "running"  # the period covers the date
    ANY = "any"  # 「…に何があった?」: certified, changed, started or ended then


@dataclass(frozen=True)
class DateFilter:
    """A day or a span (令和2年, 2019年3月, 令和2年度) a plan date must fall in."""

    role: DateRole
    first: dt.date
    last: dt.date
    text: str  # as the user wrote it, for the answer: 令和2年

    @property
    def is_day(self) -> bool:
        return self.first == self.last


@dataclass(frozen=True)
class AggregateQuery:
    kind: AggregateKind = AggregateKind.LIST
    status: str | None = None  # "ended" | "running" | None
    dates: tuple[DateFilter, ...] = ()
    round: int | None = None
    partner: str | None = None  # plans a municipality takes part in
    unchanged: bool = False  # plans never changed
    fields: tuple[Field, ...] = ()  # what to show for each plan (e.g. 認定日)


@dataclass(frozen=True)
class Parsed:
    """What one message says on its own, before conversation context."""

    key: str
    fields: tuple[Field, ...] = ()
    contact_parts: tuple[ContactPart, ...] = ()
    plans: tuple[str, ...] = ()  # plans named with confidence
    candidates: tuple[str, ...] = ()  # plans that may be meant (ambiguous or unsure)
    named_something: bool = False  # text left over that may name a plan
    by_name: bool = False  # a plan was named by its title or a name, not a content word
    plan_word: bool = False  # the text says 計画, プロジェクト, plan
    contact_topic: bool = False  # 問い合わせ, 電話 …: about the office itself
    aggregate: AggregateQuery | None = None
    scheme: bool = False
    social: Social | None = None
    handoff: bool = False
    back_to_bot: bool = False
    refers_back: bool = False  # この計画, そっち, のほうは: about the plan under discussion
    other: bool = False  # もう一つの方: the candidate not chosen
    request: bool = False  # a whole request: 「…を教えて」
    continuation: bool = False  # 「概要も」, 「じゃあ」: carries on the conversation
    choice: int | None = None  # "2", "2番目": picks an offered candidate
    english: bool = False
    western: bool = False  # show Western dates too (English, or 西暦 asked)


@dataclass(frozen=True)
class Decision:
    """What to answer: the parsed question completed from context."""

    intent: str
    plans: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    contact_parts: tuple[ContactPart, ...] = ()
    aggregate: AggregateQuery | None = None
    candidates: tuple[str, ...] = ()
    social: Social | None = None
    western: bool = False
