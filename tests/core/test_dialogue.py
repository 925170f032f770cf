"""Conversation context: follow-ups, switching plans, picking a candidate."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ask(clock):
    from bot.knowledge import load_knowledge

    bot = Bot(load_knowledge(), MemoryContextStore(), today=lambda: dt.date(2026, 11, 26), now=clock)
    return lambda text, user="u": bot.handle(Message("test", user, text))


def test_follow_up_keeps_the_plan(ask) -> None:
    ask("DMOの計画について")
    reply = ask("いつまで?")
    assert reply.plans == ("dmo-tourism",) and "令和4年3月31日" in reply.text


def test_switching_plan_keeps_the_field(ask) -> None:
    ask("DMOの計画はいつまで?")
    reply = ask("まちなか交流施設のほうは?")
    assert reply.plans == ("machinaka-facility",) and "令和6年3月31日" in reply.text


def test_which_plan_then_a_name_settles_it(ask) -> None:
    first = ask("山の港町の計画の期間は?")
    assert first.intent == "clarify" and len(first.plans) == 2
    reply = ask("しごと創出のほう")
    assert reply.plans == ("job-innovation",) and "平成31年3月31日" in reply.text


def test_which_plan_then_a_number_settles_it(ask) -> None:
    listed = ask("認定日を教えて")
    reply = ask("2")
    assert reply.plans == (listed.plans[1],)
    assert reply.intent == "plan.certified"


def test_users_do_not_share_context(ask) -> None:
    ask("DMOの計画について", user="a")
    assert ask("いつまで?", user="b").intent == "clarify"


def test_context_expires(ask, clock) -> None:
    ask("DMOの計画について")
    clock.now += dt.timedelta(hours=2)
    assert ask("いつまで?").intent == "clarify"


def test_a_standalone_request_for_the_same_field_asks_which_plan(ask) -> None:
    """Asking again for the field just answered, naming no plan, is a new
    question: answering about the old plan would likely be wrong."""
    ask("DMOの計画の認定日は?")
    assert ask("認定日を教えて").intent == "clarify"



def test_a_place_in_a_list_after_one_of_it_was_answered(ask) -> None:
    """「2つ目の計画の期間は?」 then 「1つ目の方は?」: the list of two still counts;
    a circled number (「③は?」) is a place too."""
    ask("DMOの計画とパラレルワークの計画、それぞれの認定日を教えて")
    assert "令和5年3月31日" in ask("2つ目の計画の期間は?").text
    assert "令和4年3月31日" in ask("1つ目の方は?").text
    ask("まちなか交流施設と6次産業化としごと創出の認定日を教えて")
    assert "平成28年12月13日" in ask("③は?").text


def test_the_nth_change_of_a_plan(ask) -> None:
    ask("水と歴史の計画の変更は全部で何回?")
    assert "3回目の変更は平成29年5月30日です（変更は全5回）" in ask("3番目の変更日は").text
    assert "2回目の変更は平成29年2月24日" in ask("水と歴史の計画の2回目の変更はいつ?").text
    assert "2回目の変更はありません" in ask("DMOの計画の2回目の変更日は?").text


def test_including_the_ended_plans_is_no_filter(ask) -> None:
    reply = ask("終了したものも含めて全部でいくつある?名前も一緒に")
    assert "6件" in reply.text and len(reply.plans) == 6


def test_a_place_in_an_order_and_a_step_from_the_plan_just_answered(ask) -> None:
    ask("認定日 新しい順")
    assert "平成28年3月15日" in ask("最後のやつ").text  # the last of the list: the oldest
    assert "平成28年12月13日" in ask("その一つ前").text
    ask("長井市の計画でいちばん古いのは?")
    assert "しごと創出" in ask("もう一つ、古いほうから2番目のも教えて").text
    # after a superlative within some plans, the next place is within them too
    ask("2019年に認定された計画って?")
    ask("そのうち期間が一番長いのは")
    second = ask("2番目に長いのは?")
    assert set(second.plans) == {"dmo-tourism", "sixth-industry"}


def test_asking_for_the_year_in_an_era_is_no_era_filter(ask) -> None:
    """「令和何年まで?」 asks a year; 「令和に終わる」 would filter by the era."""
    ask("平成28年に認定された計画を教えてください")
    later = ask("そのうち後に認定された方は令和何年まで？")
    assert later.plans == ("job-innovation",) and "平成31年3月31日" in later.text
    assert "令和3年3月31日" in ask("もう一方は？").text


def test_when_the_plan_discussed_ended_and_a_round_that_is_a_change(ask) -> None:
    ask("しごと創出のやつって何だっけ")
    ended = ask("いつ終わったの")
    assert ended.plans == ("job-innovation",) and "平成31年3月31日" in ended.text
    assert "約2年3か月" in ask("期間は何年だった?").text
    ask("長井の観光局の計画って何なん?")
    assert ask("ほな、もう終わってるやん?").text.startswith("はい。")
    # 「2回目の変更」 is a change, not 第2回
    reply = ask("最初の計画の2回目の変更っていつやったっけ", user="fresh")
    assert "2回目の変更は平成29年2月24日です" in reply.text and "第2回" not in reply.text


def test_the_partners_of_the_plan_discussed_by_their_kind(ask) -> None:
    ask("DMOの計画っていつまでだっけ")
    assert "白鷹町" in ask("それと連携してる町").text
    # 「逆に」 goes on about the same plan, though partners were just answered
    again = ask("逆に、連携してる市は?")
    assert again.plans == ("dmo-tourism",) and "南陽市" in again.text
