"""The analytics tables on both backends: the parts the channel tests do not reach."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.store import Store
from bot.store.analytics import DuplicateAlias
from tests.store.conftest import FakeClock


def ask(store: Store, user: str, text: str, outcome: str = "out_of_scope") -> int:
    return store.analytics.record("line", user, f"line:{user}", text, outcome, outcome, (), None)


def test_old_question_texts_are_forgotten_but_counted_and_the_open_queue_kept(
    timed: Store, clock: FakeClock
) -> None:
    handled = ask(timed, "U1", "ごみの日は?")
    timed.analytics.close_questions((handled,), "dismissed", "U0STAFF01", "queue.dismiss", {})
    ask(timed, "U2", "天気は?")  # still open: staff have not seen it yet
    clock.advance(dt.timedelta(days=100))
    assert timed.analytics.forget_texts(dt.timedelta(days=90)) == 1
    assert [q.text for q in timed.analytics.open_queue()] == ["天気は?"]
    assert timed.analytics.figures().outcomes["out_of_scope"] == 2


def test_a_rating_too_late_rates_nothing(timed: Store, clock: FakeClock) -> None:
    ask(timed, "U1", "DMOの計画はいつまで?", "answered")
    clock.advance(dt.timedelta(minutes=31))
    assert timed.analytics.rate_last("line", "U1", "line:U1", "up", dt.timedelta(minutes=30)) is None


def test_one_phrase_is_one_active_alias_and_can_be_added_again_after_removal(
    store: Store,
) -> None:
    a = store.analytics
    first = a.add_alias("dmo-tourism", "雪灯りまつり", "U1", {})
    with pytest.raises(DuplicateAlias):
        a.add_alias("parallel-work", "雪灯りまつり", "U2", {})
    version = a.alias_version()
    a.remove_alias(first, "U1")
    assert a.alias_version() == version + 1 and a.active_aliases() == []
    a.add_alias("parallel-work", "雪灯りまつり", "U2", {})
    assert [(x.plan_id, x.added_by) for x in a.active_aliases()] == [("parallel-work", "U2")]


def test_the_store_prune_blanks_old_question_texts_by_the_retention_setting(
    timed: Store, clock: FakeClock
) -> None:
    from bot.store import Retention

    handled = ask(timed, "U1", "ごみの日は?")
    timed.analytics.close_questions((handled,), "dismissed", "U0STAFF01", "queue.dismiss", {})
    clock.advance(dt.timedelta(days=20))
    report = timed.prune(Retention(question_texts=dt.timedelta(days=30)))
    assert report.removed["question_texts"] == 0  # younger than the setting: kept
    clock.advance(dt.timedelta(days=20))
    report = timed.prune(Retention(question_texts=dt.timedelta(days=30)))
    assert report.removed["question_texts"] == 1
    assert timed.analytics.figures().outcomes["out_of_scope"] == 1  # still counted
