"""Kanji slips of an input method put back to the words the bot knows."""

from __future__ import annotations

from bot.core.slips import SlipFixer


def test_a_slip_is_put_back_and_a_real_word_is_kept() -> None:
    fixer = SlipFixer(["認定", "計画", "変更", "期間", "しごと創出イノベーション計画"])
    assert fixer.fix("任程日はいつ") == "認定日はいつ"
    assert fixer.fix("しごと相出の系格") == "しごと創出の計画"
    assert fixer.fix("返光は何回") == "変更は何回"
    # 機関 is a word of its own (a body, an organisation): it may be meant
    assert fixer.fix("中心になる機関は") == "中心になる機関は"
    assert fixer.fix("長井市の人口") == "長井市の人口"
