"""What every kind of answer shares: the names of fields, button labels,
dates in the asker's language, and the office's contact block."""

from __future__ import annotations

import datetime as dt

from bot.core import phrases as ph
from bot.core.intents import Decision, Field, Moment
from bot.core.types import Suggestion
from bot.knowledge.models import KnowledgeBase, PeriodStatus, Plan

# Longest list an answer prints; a prefecture's knowledge base may hold thousands.
LIST_LIMIT = 10
LABEL_LIMIT = 20  # LINE quick-reply labels

FIELD_NAMES: dict[Field, str] = {
    Field.CERTIFIED: "認定日",
    Field.ROUND: "認定の回",
    Field.CHANGES: "変更日",
    Field.PERIOD: "計画期間",
    Field.STATUS: "実施状況",
    Field.SUMMARY: "概要",
    Field.PARTNERS: "連携する市町",
    Field.CONTACT: "問い合わせ先",
    Field.OVERVIEW: "内容",
    Field.DATES: "認定日と計画期間",
    Field.DOCUMENT: "詳細のファイル",
    Field.UNLISTED: "ページにない事柄",
}
FIELD_NAMES_EN: dict[Field, str] = {
    Field.CERTIFIED: "certification date",
    Field.ROUND: "certification round",
    Field.CHANGES: "changes",
    Field.PERIOD: "plan period",
    Field.STATUS: "status",
    Field.SUMMARY: "summary",
    Field.PARTNERS: "partner municipalities",
    Field.CONTACT: "contact",
    Field.OVERVIEW: "overview",
    Field.DATES: "dates",
    Field.DOCUMENT: "detailed file",
    Field.UNLISTED: "details the page does not give",
}
# A day in a plan's life, as the answers name it.
MOMENT_NAMES: dict[Moment, str] = {
    Moment.CERTIFIED: "認定日",
    Moment.CHANGED: "変更日",
    Moment.FIRST_CHANGE: "最初の変更日",
    Moment.LAST_CHANGE: "最後の変更日",
    Moment.STARTS: "計画期間の始まり",
    Moment.ENDS: "計画期間の終わり",
}
# The question a suggestion button asks for each field.
FIELD_QUESTIONS: dict[Field, str] = {
    Field.CERTIFIED: "の認定日",
    Field.CHANGES: "の変更日",
    Field.PERIOD: "の計画期間",
    Field.STATUS: "は実施中?",
    Field.SUMMARY: "の概要",
    Field.PARTNERS: "の連携する市町",
    Field.OVERVIEW: "について",
}
# The same buttons for an English answer: a tap asks in English again.
FIELD_QUESTIONS_EN: dict[Field, str] = {
    Field.CERTIFIED: "When was the {name} plan certified?",
    Field.CHANGES: "When was the {name} plan changed?",
    Field.PERIOD: "What is the plan period of the {name} plan?",
    Field.STATUS: "Is the {name} plan still running?",
    Field.SUMMARY: "What does the {name} plan do?",
    Field.PARTNERS: "Which towns take part in the {name} plan?",
    Field.OVERVIEW: "Tell me about the {name} plan",
}
STATUS_WORDS = {
    PeriodStatus.ENDED: "終了",
    PeriodStatus.NOT_STARTED: "開始前",
    PeriodStatus.RUNNING: "実施中",
}
STATUS_WORDS_EN = {
    PeriodStatus.ENDED: "ended",
    PeriodStatus.NOT_STARTED: "not started yet",
    PeriodStatus.RUNNING: "running",
}
LIST_ALL = Suggestion("計画の一覧", "計画の一覧")
CONTACT = Suggestion("問い合わせ先", "問い合わせ先を教えて")
SCHEME = Suggestion("地域再生制度とは", "地域再生制度とは?")
IN_ENGLISH = {
    LIST_ALL: Suggestion("List of plans", "List all the plans"),
    CONTACT: Suggestion("Contact", "Whom should I contact?"),
    SCHEME: Suggestion("The scheme", "What is the regional revitalization scheme?"),
}


def clip(text: str, limit: int = LABEL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def date_text(d: dt.date, decision: Decision) -> str:
    """令和2年3月30日 (with the Western date when asked), or March 30, 2020 in English."""
    if decision.english:
        if decision.fiscal:  # "Which fiscal year did it start in?"
            return f"{date_en(d)} (FY{d.year if d.month >= 4 else d.year - 1})"
        return date_en(d)
    if decision.slash:  # 「YYYY/MM/DDで」: as asked, beside the city's form
        return f"{ph.date_ja(d)}（{d.year}/{d.month:02d}/{d.day:02d}）"
    said = ph.date_ja(d, decision.western)
    if decision.fiscal:
        said += f"（{ph.fiscal_ja(d)}）"  # 「何年度末?」: its fiscal year too
    return said


def date_en(d: dt.date) -> str:
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def place_en(kb: KnowledgeBase, name: str) -> str:
    """南陽市 → Nanyo City (南陽市), when the knowledge gives the English name."""
    english = kb.city.english.places.get(name) if kb.city.english else None
    return f"{english} ({name})" if english else name


def places_en(kb: KnowledgeBase, names: tuple[str, ...]) -> str:
    return ", ".join(place_en(kb, n) for n in names)


def times_en(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def label(kb: KnowledgeBase, plan: Plan) -> str:
    """The plan's short name, for buttons."""
    names = kb.aliases_of(plan.id).names
    return clip(names[0] if names else plan.title)


def label_en(kb: KnowledgeBase, plan: Plan) -> str:
    """The plan's short English name (DMO, Parallel Work), for English buttons."""
    names = kb.aliases_of(plan.id).english
    if not names:
        return label(kb, plan)
    name = names[0]
    return clip(name.upper() if len(name) <= 4 else name.title())


def title(kb: KnowledgeBase, plan: Plan, decision: Decision) -> str:
    """「title」, with its English gloss in English answers."""
    if decision.english:
        gloss = kb.aliases_of(plan.id).title_en
        return f"「{plan.title}」" + (f" ({gloss})" if gloss else "")
    return f"「{plan.title}」"


def status_word(plan: Plan, today: dt.date, english: bool = False) -> str:
    words = STATUS_WORDS_EN if english else STATUS_WORDS
    return words[plan.period.status(today)]


def contact_block(kb: KnowledgeBase) -> str:
    c = kb.city.contact
    return (
        f"{kb.city.office}\n〒{c.postal_code} {c.address}\n電話: {c.phone}\n"
        f"ファックス: {c.fax}\n{mail_sentence(kb)}"
    )


def contact_block_en(kb: KnowledgeBase) -> str:
    c = kb.city.contact
    en = kb.city.english
    office = en.office if en else kb.city.office
    address = en.address if en else c.address
    return (
        f"{office} ({kb.city.office})\n〒{c.postal_code} {address} ({c.address})\n"
        f"Phone: {c.phone}\nFax: {c.fax}\n"
        + (
            f"Mail form: {c.mail_form.url}"
            if c.mail_form.url
            else (f"Mail: the contact form linked on the city's page (「{c.mail_form.label}」); "
                  "no e-mail address is given")
        )
    )


def mail_sentence(kb: KnowledgeBase) -> str:
    form = kb.city.contact.mail_form
    if form.url:
        return f"メールでのお問い合わせは、お問い合わせフォーム（{form.url}）からお願いします。"
    return f"メールでのお問い合わせは、市のページの「{form.label}」のフォームからお願いします。"


def contact_suggestions() -> tuple[Suggestion, ...]:
    return (LIST_ALL, SCHEME)


def about_plan(kb: KnowledgeBase, plan: Plan) -> Suggestion:
    name = label(kb, plan)
    return Suggestion(name, f"{name}について")


def ordinal_en(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
