"""Numbered questions in one message, found apart from dates and labels."""

from __future__ import annotations

from bot.core.parts import numbered_parts


def test_numbered_questions_are_split_with_what_comes_before() -> None:
    assert numbered_parts("①計画の総数 ②最新の認定日") == ("", ["計画の総数", "最新の認定日"])
    assert numbered_parts("DMOについて、(1)認定日 (2)期間を教えて") == (
        "DMOについて、", ["認定日", "期間を教えて"])  # fmt: skip
    assert numbered_parts("1) DMOの変更日 2) 6次産業化の変更日")[1] == ["DMOの変更日", "6次産業化の変更日"]


def test_no_split_for_a_date_a_single_number_or_labels_referred_to() -> None:
    assert numbered_parts("令和3.3.31までですか 1. です")[1] == []
    assert numbered_parts("③は?")[1] == []
    assert numbered_parts("①まちなか ②6次産業化 まず①の認定日を")[1] == []


def test_listed_items_and_sentences() -> None:
    from bot.core.parts import listed_parts, sentences

    assert listed_parts("メモ\n・認定日\n・期間\n") == ("メモ", ["認定日", "期間"])
    assert listed_parts("---\n本文\n---")[1] == []  # a rule of dashes is no list
    assert sentences("「いつ認定?」と聞かれました。期間は?") == ["「いつ認定?」と聞かれました。", "期間は?"]


def test_two_questions_joined_on() -> None:
    from bot.core.parts import joined_parts

    assert joined_parts("認定日と、それから始発の時刻も") == ["認定日", "始発の時刻も"]
    assert joined_parts("When was it certified? Also, book a hotel") == [
        "When was it certified?", "book a hotel"]  # fmt: skip
    assert joined_parts("認定日と期間") == []
