"""Questions that combine parts: several fields, yes/no checks, filters over
plans, content inside the summaries, references to the previous answer, time
since, dialect and English. Each asserts what the resident reads."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.answer import HANDLERS
from bot.core.bot import Bot
from bot.core.intents import Decision, Kind
from bot.core.types import MemoryContextStore, Message, Reply
from bot.knowledge import KnowledgeBase, load_knowledge

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
def ask(kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    bot = Bot(kb, MemoryContextStore(), today=lambda: TODAY)

    def ask(text: str, user: str = "u") -> Reply:
        return bot.handle(Message("test", user, text))

    return ask


def test_every_field_asked_is_answered(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("まちなか交流施設整備計画の認定日と変更の有無")
    assert "平成31年3月29日" in reply.text and "変更はありません" in reply.text
    both = ask("電話番号とFAX番号、両方お願いします")
    assert "0238-87-0714" in both.text and "0238-83-1070" in both.text


def test_yes_no_about_a_town_that_does_not_take_part(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("パラレルワークの計画に白鷹町は参加してる?")
    assert reply.text.startswith("いいえ") and "長井市の計画" in reply.text
    assert ask("白鷹町ってDMOの計画に入ってますか?").text.startswith("はい")


def test_who_certifies_is_read_from_the_knowledge(ask, kb: KnowledgeBase) -> None:  # type: ignore[no-untyped-def]
    reply = ask("市長が認定したの?")
    assert reply.text.startswith("いいえ") and kb.city.scheme.certified_by in reply.text


def test_same_round_check_and_same_day_filter(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("DMOと6次産業化の計画は同じ回の認定?").text.startswith("はい")
    assert ask("パラレルワークとDMOの計画は同じ日に認定された?").text.startswith("いいえ")
    same_day = ask("まちなか交流施設整備計画と同じ日に認定された計画は?")
    assert set(same_day.plans) == {"dmo-tourism", "sixth-industry"}


def test_period_length_filter_counts(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("期間が3年の計画はいくつ?")
    assert "3件" in reply.text and len(reply.plans) == 3


def test_superlative_by_any_date_role(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("いちばん期間が長かった計画は?").plans == ("water-history-transit",)
    assert ask("一番最初に終わった計画はどれ?").plans == ("job-innovation",)


def test_content_question_quotes_the_summary(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("災害のときに一時避難スペースになるのはどこですか")
    assert reply.plans == ("machinaka-facility",) and "市民協働ホール" in reply.text
    assert "「" in reply.text  # quoted, not paraphrased


def test_a_word_of_a_summary_alone_is_not_a_plan_question(ask) -> None:  # type: ignore[no-untyped-def]
    for text in ("最上川で釣りはできますか", "移住したいのですが支援はありますか", "観光案内所の電話番号"):
        reply = ask(text, user=text)
        assert reply.intent == "out_of_scope" and not reply.plans, text


def test_the_previous_answers_plans(ask) -> None:  # type: ignore[no-untyped-def]
    assert len(ask("第51回で認定された計画ってどれがある?").plans) == 3
    changed = ask("そのうち変更があったのは?")
    assert set(changed.plans) == {"dmo-tourism", "sixth-industry"}
    rest = ask("残りの一つは期間いつまで?")
    assert rest.plans == ("machinaka-facility",) and "令和6年3月31日" in rest.text


def test_whose_is_it(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("ハイパー学童クラブって6次産業化の計画のやつ?")
    assert reply.text.startswith("いいえ") and reply.plans == ("parallel-work",)


def test_time_since_the_end_and_since_certification(ask) -> None:  # type: ignore[no-untyped-def]
    assert "約7年8か月" in ask("しごと創出イノベーション計画が終わってから何年経った?").text
    assert "認定から約7年" in ask("DMOの計画が認定されてから何年たった?").text


def test_okitama_forms(ask) -> None:  # type: ignore[no-untyped-def]
    assert "令和4年3月31日" in ask("DMOの計画はいつまでだべ?").text
    assert ask("おしょうしな!").intent == "thanks"


def test_english_is_answered_in_english(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("When does the DMO plan end?")
    assert "March 31, 2022" in reply.text and "です" not in reply.text
    partners = ask("Which plan is Nanyo City part of?", user="e2")
    assert partners.plans == ("dmo-tourism",) and "Nanyo City" in partners.text
    follow = ask("Was it ever revised?", user="e2")
    assert follow.text.startswith("Yes") and "March 30, 2020" in follow.text


def test_the_reply_carries_the_query(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("パラレルワークの計画に白鷹町は参加してる?")
    assert reply.query is not None
    assert reply.query["kind"] == "check" and reply.query["plans"] == ["parallel-work"]
    assert reply.query["operation"] == "partner"


def test_every_kind_has_a_handler_and_a_wrong_kind_is_an_error() -> None:
    assert set(HANDLERS) == set(Kind)
    with pytest.raises(ValueError, match="plna"):
        Decision("plna")


def test_two_superlatives_in_one_question_are_both_answered_in_order(ask) -> None:  # type: ignore[no-untyped-def]
    reply = ask("一番古い計画と一番新しい計画を教えて")
    assert reply.plans == ("water-history-transit", "parallel-work")
    assert reply.text.index("早く認定") < reply.text.index("新しく認定")
    # a word of the first (最初 in 最初に終わった) is not a second superlative
    assert ask("一番最初に終わった計画はどれ?", user="v").plans == ("job-innovation",)
