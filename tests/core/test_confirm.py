"""A claim put to be confirmed gets はい first only when the answer states it."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.bot import Bot
from bot.core.confirm import affirmed
from bot.core.types import MemoryContextStore, Message
from bot.knowledge import load_knowledge


@pytest.fixture(scope="module")
def ask():  # type: ignore[no-untyped-def]
    bot = Bot(load_knowledge(), MemoryContextStore(), today=lambda: dt.date(2026, 11, 26))
    return lambda text: bot.handle(Message("test", "u", text)).text


def test_every_value_claimed_and_stated_is_affirmed(ask) -> None:  # type: ignore[no-untyped-def]
    assert ask("FAX番号は0238-83-1070でよろしいでしょうか").startswith("はい")
    assert ask("パラレルワークの計画は令和2年3月30日の認定で合ってますか").startswith("はい")
    assert ask("So the sixth industry plan was certified on March 29, 2019. Is that correct?"
               ).startswith("Yes")  # fmt: skip


def test_a_wrong_claim_is_never_affirmed(ask) -> None:  # type: ignore[no-untyped-def]
    wrong_day = ask("パラレルワークの計画は令和2年3月31日の認定で正しいですか")
    assert not wrong_day.startswith("はい") and "令和2年3月30日" in wrong_day
    changed = ask("6次産業化の計画は変更なし、で間違いないですか")
    assert changed.startswith("いいえ") and "令和2年3月30日" in changed


def test_claims_it_cannot_check_are_left_as_they_are() -> None:
    answer = "「地域連携DMOを中心とした観光地域づくり計画」の連携市町は長井市・南陽市・白鷹町・飯豊町です。"
    # a negation (南陽市は入っていない) is no value the answer can be seen to state
    assert affirmed("DMOの計画に南陽市は入っていない、で合ってますか", answer) == answer
    # nothing claimed at all
    assert affirmed("これで正しいですか", answer) == answer
    # not a request to confirm
    assert affirmed("DMOの計画に南陽市は入ってますか", answer) == answer
