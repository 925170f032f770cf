"""Kanji typed by the wrong conversion: 任程 for 認定, 系格 for 計画, 返光 for 変更.

An input method offers every word with the reading typed, and a hurried hand
takes the wrong one. Such a slip is two or three kanji that make no word of their
own but read like a word the bot knows (a field, a word of a plan's name): it is
put back to that word before the question is read. A real word (機関 beside 期間)
is left as it is: the slip may be meant.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from bot.core.normalize import READER

_KANJI_RUN = re.compile(r"[一-龥々]{2,}")
# readings tried for one window: each kanji has a handful (返: へん, かえし, …)
MAX_COMBINATIONS = 256
# kanji runs remembered with what they read as (a dict read by threads: a lost
# write only means reading a run again)
RUNS_KEPT = 65536


class SlipFixer:
    """Puts back the known words (`terms`, kanji compounds) a question mistypes."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._by_reading: dict[str, str] = {}
        for term in terms:
            # a title's words one by one (地域再生計画: 地域, 再生, 計画)
            for word in {term, *READER.nouns(term)}:
                if 2 <= len(word) <= 3 and _KANJI_RUN.fullmatch(word):
                    self._by_reading.setdefault(READER.read(word), word)
        self._surfaces = frozenset(self._by_reading.values())
        self._sizes = sorted({len(t) for t in self._surfaces}, reverse=True)
        self._runs: dict[str, str] = {}  # each kanji run read once (runs repeat: 計画, 認定日)

    def fix(self, text: str) -> str:
        """The text with each slip put back (the text itself when there is none)."""
        if not self._by_reading or _KANJI_RUN.search(text) is None:
            return text
        return _KANJI_RUN.sub(lambda m: self._fix_run(m.group()), text)

    def _fix_run(self, run: str) -> str:
        if (done := self._runs.get(run)) is not None:
            return done
        if len(self._runs) >= RUNS_KEPT:
            self._runs.clear()
        self._runs[run] = fixed = self._fixed(run)
        return fixed

    def _fixed(self, run: str) -> str:
        out, i = [], 0
        while i < len(run):
            for size in self._sizes:
                window = run[i : i + size]
                if len(window) != size:
                    continue
                if window in self._surfaces:
                    # a word the bot knows is kept whole: its second kanji starts no slip
                    # (計画第何回: not 計 + 画第 read as 拡大)
                    out.append(window)
                    i += size
                    break
                if (term := self._slip_for(window)) is not None:
                    out.append(term)
                    i += size
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)

    def _slip_for(self, window: str) -> str | None:
        if window in self._surfaces or _is_word(window):
            return None
        choices = [_readings(c) for c in window]
        if any(not c for c in choices):
            return None
        count = 1
        for c in choices:
            count *= len(c)
        if count > MAX_COMBINATIONS:
            return None
        for parts in itertools.product(*choices):
            term = self._by_reading.get("".join(parts))
            if term is not None:
                return term
        return None


@lru_cache(maxsize=8192)
def _readings(kanji: str) -> tuple[str, ...]:
    """Every reading the dictionary gives one kanji (程: てい, ほど)."""
    return tuple(sorted({reading for _, reading in READER.entries(kanji)} - {""}))


@lru_cache(maxsize=65536)
def _is_word(surface: str) -> bool:
    """Is this a word of the dictionary (機関, 人定), not a slip?"""
    return any(found == surface for found, _ in READER.entries(surface))
