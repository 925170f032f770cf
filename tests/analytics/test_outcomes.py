"""Which messages are ratings (bot.analytics.outcomes.rating_of)."""

from __future__ import annotations

import pytest

from bot.analytics.outcomes import RATE_DOWN, RATE_UP, rating_of
from bot.analytics.records import DOWN, UP


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        (RATE_UP.text, UP),
        (RATE_DOWN.text, DOWN),
        ("役に立った", UP),
        ("役に立たなかった", DOWN),
        ("　役に立った ", UP),  # typed with spaces
        ("👍　役に立った", UP),
        ("\uf9f7\u5f79に\uf9f7った", None),  # a compatibility 立: read as 立, but not 役に立った
        ("役\uf9f7った", None),
    ],
)
def test_the_rating_buttons_and_their_words_typed_are_ratings(text: str, rating: str) -> None:
    assert rating_of(text) == rating


def test_a_compatibility_form_of_the_words_is_read_as_they_are() -> None:
    assert rating_of("役に\uf9f7った") == UP  # U+F9F7 is 立 under NFKC


@pytest.mark.parametrize("text", ["DMOの計画はいつまで?", "役所の電話番号", "", "👍"])
def test_control_other_messages_are_not_ratings(text: str) -> None:
    assert rating_of(text) is None
