"""The answerer alone: a Decision in, polite Japanese from the knowledge base out."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.answer import Answerer
from bot.core.intents import AggregateKind, AggregateQuery, ContactPart, Decision, Field
from bot.knowledge import KnowledgeBase, load_knowledge

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def answer(kb: KnowledgeBase, decision: Decision, today: dt.date = TODAY):
    return Answerer(kb).answer(decision, today)


def test_certification_in_the_city_form(kb) -> None:
    reply = answer(kb, Decision("plan", plans=("dmo-tourism",), fields=(Field.CERTIFIED,)))
    assert "平成31年3月29日" in reply.text and "第51回" in reply.text
    assert reply.plans == ("dmo-tourism",)
    assert reply.intent == "plan.certified"


def test_facts_come_from_the_knowledge_base(kb) -> None:
    """Change a date in the knowledge and the answer changes with it."""
    plan = kb.plan("parallel-work")
    moved = plan.model_copy(update={"period": plan.period.model_copy(
        update={"end": dt.date(2030, 3, 31)})})
    edited = KnowledgeBase(
        plans=tuple(moved if p.id == plan.id else p for p in kb.plans),
        aliases=kb.aliases, city=kb.city,
    )
    reply = answer(edited, Decision("plan", plans=(plan.id,), fields=(Field.PERIOD,)))
    assert "令和12年3月31日" in reply.text
    assert "実施中" in reply.text  # 2026 is inside the edited period


def test_no_changes_is_said_plainly(kb) -> None:
    reply = answer(kb, Decision("plan", plans=("parallel-work",), fields=(Field.CHANGES,)))
    assert "変更はありません" in reply.text


def test_every_change_date_is_listed(kb) -> None:
    reply = answer(kb, Decision("plan", plans=("water-history-transit",), fields=(Field.CHANGES,)))
    for day in ("平成28年8月30日", "平成29年2月24日", "平成29年5月30日", "平成31年3月29日",
                "令和2年3月30日"):  # fmt: skip
        assert day in reply.text
    assert "5回" in reply.text


def test_status_compares_the_period_with_today(kb) -> None:
    decision = Decision("plan", plans=("machinaka-facility",), fields=(Field.STATUS,))
    assert "終了" in answer(kb, decision).text
    # The page still lists the plan as current; the bot says it has ended anyway.
    assert "計画の一覧に掲載されていますが" in answer(kb, decision).text
    assert "実施中" in answer(kb, decision, today=dt.date(2023, 1, 1)).text


def test_partners_of_the_joint_plan(kb) -> None:
    reply = answer(kb, Decision("plan", plans=("dmo-tourism",), fields=(Field.PARTNERS,)))
    for town in ("長井市", "南陽市", "白鷹町", "飯豊町", "2市2町"):
        assert town in reply.text


def test_an_answer_about_one_plan_names_only_that_plan(kb) -> None:
    reply = answer(kb, Decision("plan", plans=("sixth-industry",), fields=(Field.OVERVIEW,)))
    others = [p.title for p in kb.plans if p.id != "sixth-industry"]
    assert not any(title in reply.text for title in others)


def test_clarify_lists_candidates_as_suggestions(kb) -> None:
    reply = answer(kb, Decision("clarify", fields=(Field.CERTIFIED,)))
    assert len(reply.suggestions) == len(kb.plans)
    assert all(len(s.label) <= 20 for s in reply.suggestions)
    assert "どの計画" in reply.text


def test_aggregate_newest_and_no_running_plan(kb) -> None:
    newest = answer(kb, Decision("aggregate", aggregate=AggregateQuery(kind=AggregateKind.NEWEST)))
    assert newest.plans == ("parallel-work",)
    running = answer(kb, Decision("aggregate", aggregate=AggregateQuery(status="running")))
    assert "ありません" in running.text and running.plans == ()


def test_contact_parts_from_the_knowledge(kb) -> None:
    contact = kb.city.contact
    reply = answer(kb, Decision("contact", contact_parts=(ContactPart.FAX,)))
    assert contact.fax in reply.text and contact.phone not in reply.text
    full = answer(kb, Decision("contact", contact_parts=(ContactPart.ALL,)))
    for part in (contact.office, contact.phone, contact.fax, contact.postal_code, contact.address):
        assert part in full.text


def test_out_of_scope_names_no_plan_and_offers_staff(kb) -> None:
    reply = answer(kb, Decision("out_of_scope", candidates=("dmo-tourism",), staff=True))
    assert not any(p.title in reply.text for p in kb.plans)
    assert kb.city.contact.phone in reply.text
    assert any("担当者" in s.label for s in reply.suggestions)


def test_without_a_staff_side_staff_is_not_offered(kb) -> None:
    reply = answer(kb, Decision("out_of_scope", candidates=("dmo-tourism",)))
    assert kb.city.contact.phone in reply.text
    assert not any("担当者" in s.label for s in reply.suggestions)
    assert "担当者" not in reply.text


def test_polite_japanese_everywhere(kb) -> None:
    for decision in (Decision("scheme"), Decision("empty"), Decision("out_of_scope"),
                     Decision("plan", plans=("dmo-tourism",), fields=(Field.PERIOD,))):  # fmt: skip
        text = answer(kb, decision).text
        assert "です" in text or "ます" in text
