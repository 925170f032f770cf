"""English words a letter off are put right; words that are words are left."""

from __future__ import annotations

from bot.core.spelling import EnglishSpelling


def test_a_word_a_letter_off_is_put_right_and_others_left() -> None:
    fix = EnglishSpelling({"certified", "running", "period", "plans"}).fix
    assert fix("Which plan was Certifed first?") == "Which plan was certified first?"
    assert fix("still runing") == "still running"
    assert fix("ramen shop") == "ramen shop"  # no word of the bot's near it
    assert fix("長井の計画") == "長井の計画"
