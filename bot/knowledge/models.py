"""Pydantic models of the knowledge files. Unknown keys are refused so that a
misspelt field name is an error, not a silently ignored line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_KANA = r"^[ぁ-ゖー\s]+$"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PageStatus(StrEnum):
    """Where the page listed a plan. This is the page's grouping, not whether the
    plan runs today: that is decided from the period and today's date."""

    CURRENT = "current"  # under the plans list
    ENDED = "ended"  # under 終了した計画


class PeriodStatus(StrEnum):
    """Where a plan's period stands on a given day."""

    NOT_STARTED = "not_started"
    RUNNING = "running"
    ENDED = "ended"


class Certification(_Record):
    date: dt.date
    round: int = Field(ge=1, description="認定の回 (第36回 → 36)")


class Period(_Record):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Period:
        if self.end < self.start:
            raise ValueError(
                f"計画期間の終わり ({self.end}) が始まり ({self.start}) より前になっています"
            )
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def status(self, today: dt.date) -> PeriodStatus:
        """The one rule for "is it still running?": the period includes both ends."""
        if today > self.end:
            return PeriodStatus.ENDED
        if today < self.start:
            return PeriodStatus.NOT_STARTED
        return PeriodStatus.RUNNING


class Plan(_Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    certification: Certification
    changes: tuple[dt.date, ...] = ()
    period: Period
    summary: str = Field(min_length=1)
    partners: tuple[str, ...] = ()
    partnership: str | None = None
    status: PageStatus

    @field_validator("changes")
    @classmethod
    def _changes_sorted_unique(cls, changes: tuple[dt.date, ...]) -> tuple[dt.date, ...]:
        if len(set(changes)) != len(changes):
            raise ValueError("同じ変更日が2回書かれています")
        return tuple(sorted(changes))

    @model_validator(mode="after")
    def _changes_after_certification(self) -> Plan:
        early = [d for d in self.changes if d < self.certification.date]
        if early:
            raise ValueError(
                f"変更日 {early[0]} が認定日 {self.certification.date} より前になっています"
            )
        return self


class PlansFile(_Record):
    plans: tuple[Plan, ...]


class PlanAliases(_Record):
    names: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    english: tuple[str, ...] = ()
    # An English gloss of the title, shown beside it in English answers.
    title_en: str | None = None
    # The summary in English (a translation, no new facts), for English questions.
    summary_en: str | None = None
    # The plan's name as residents write it in Korean, Chinese or Portuguese: read as
    # the plan's first name (a Latin-script one as its first English name) before the
    # question is parsed (bot/core/foreign.py).
    foreign: tuple[str, ...] = ()

    @field_validator("readings")
    @classmethod
    def _hiragana_only(cls, readings: tuple[str, ...]) -> tuple[str, ...]:
        import re

        for reading in readings:
            if not re.match(_KANA, reading):
                raise ValueError(f"読み「{reading}」はひらがなで書いてください")
        return readings

    def all(self) -> tuple[str, ...]:
        return self.names + self.readings + self.words + self.english


class MailForm(_Record):
    label: str
    url: str | None = Field(default=None, pattern=r"^https?://")


class Contact(_Record):
    department: str
    office: str
    postal_code: str = Field(pattern=r"^\d{3}-\d{4}$")
    address: str
    phone: str = Field(pattern=r"^[0-9]{2,5}-[0-9]{1,4}-[0-9]{3,4}$")
    fax: str = Field(pattern=r"^[0-9]{2,5}-[0-9]{1,4}-[0-9]{3,4}$")
    mail_form: MailForm
    hours: str | None = None

    @property
    def name(self) -> str:
        return f"{self.department} {self.office}"


class Scheme(_Record):
    name: str
    law: str
    certified_by: str
    description: str
    nagai_statement: str
    more_info: str
    more_info_url: str | None = Field(default=None, pattern=r"^https?://")


class CityEnglish(_Record):
    """The same facts in English, for questions asked in English."""

    city: str
    office: str
    address: str
    scheme_name: str
    scheme_description: str
    law: str
    certified_by: str
    plan_files: str | None = None  # Source.plan_files in English
    # Municipalities' English names (南陽市: Nanyo City), for questions and answers.
    places: dict[str, str] = {}


class Source(_Record):
    title: str
    publisher: str
    file: str
    url: str | None = Field(default=None, pattern=r"^https?://")
    checked: dt.date
    # what the page says under each plan about its detailed file, word for word
    plan_files: str | None = None


class City(_Record):
    contact: Contact
    scheme: Scheme
    source: Source
    english: CityEnglish | None = None
    # Municipalities' names in Korean and Chinese (난요시: 南陽市), read as the Japanese
    # name before a question in those languages is parsed.
    foreign_places: dict[str, str] = {}

    @property
    def name(self) -> str:
        """The municipality whose plans these are (the page's publisher)."""
        return self.source.publisher

    @property
    def office(self) -> str:
        """長井市 総合政策課 総合戦略室"""
        return f"{self.name} {self.contact.name}"


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the bot knows, validated. Plans keep the file's order."""

    plans: tuple[Plan, ...]
    aliases: dict[str, PlanAliases]
    city: City
    by_id: dict[str, Plan] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {p.id: p for p in self.plans})

    def plan(self, plan_id: str) -> Plan:
        return self.by_id[plan_id]

    def aliases_of(self, plan_id: str) -> PlanAliases:
        return self.aliases.get(plan_id) or PlanAliases()

    @cached_property
    def plans_of_partner(self) -> dict[str, tuple[Plan, ...]]:
        """Each municipality → the plans it takes part in, in the file's order."""
        found: dict[str, list[Plan]] = {}
        for plan in self.plans:
            for town in plan.partners:
                found.setdefault(town, []).append(plan)
        return {town: tuple(plans) for town, plans in found.items()}

    @cached_property
    def plans_by_day(self) -> dict[str, tuple[tuple[dt.date, ...], tuple[int, ...]]]:
        """Each kind of day ("certified", "starts", "ends") → every plan's day
        in order, and beside each the plan's place in `plans` (ties in that
        order): a date filter or a superlative over a large knowledge base
        reads a slice of them, not every plan."""
        days = {
            "certified": [p.certification.date for p in self.plans],
            "starts": [p.period.start for p in self.plans],
            "ends": [p.period.end for p in self.plans],
        }
        ordered = {kind: sorted(zip(d, range(len(d)), strict=True)) for kind, d in days.items()}
        return {
            kind: (tuple(day for day, _ in pairs), tuple(place for _, place in pairs))
            for kind, pairs in ordered.items()
        }

    @cached_property
    def ended_on_page(self) -> int:
        """How many plans the page lists under 終了した計画."""
        return sum(1 for p in self.plans if p.status is PageStatus.ENDED)

    @cached_property
    def certification_rounds(self) -> frozenset[int]:
        return frozenset(p.certification.round for p in self.plans)
