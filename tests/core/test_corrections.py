"""A writer who corrects themselves is read as they meant it."""

from __future__ import annotations

from bot.core.corrections import corrected


def test_what_is_taken_back_is_not_read() -> None:
    assert corrected("DMOの…あ、違う、6次産業化のほうの認定日") == "6次産業化のほうの認定日"
    assert corrected("第36回…いや第55回だ。") == "第55回だ。"
    assert corrected("平成28年12月…いや3月に認定された計画") == "平成28年3月に認定された計画"
    assert corrected("計画期間は3年じゃなくて5年?") == "計画期間は5年?"


def test_a_question_put_in_the_negative_is_no_correction() -> None:
    for text in ("イノベーション計画って第36回の認定じゃなかった?", "いやあ、DMOの期間は?",
                 "第36回認定じゃなかった、ってことはないよね?"):  # fmt: skip
        assert corrected(text) == text
