"""English words typed a letter off (certifed, runing, amendmend) put right.

A resident writing English as a second language, or in a hurry on a phone, drops
or swaps a letter; the words the bot reads (its English vocabulary and the words of
the plans' English names) are known, so a word one edit from exactly one of them,
and no word itself, is that word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

# shorter words are too often another word one letter off (plan, play; when, then)
MIN_LENGTH = 5
_WORD = re.compile(r"[a-z]+", re.IGNORECASE)


class EnglishSpelling:
    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._words = frozenset(w for w in vocabulary if w.isascii() and w.isalpha())
        # words by length, to compare a typed word only with those a letter longer,
        # shorter or as long
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for w in sorted(self._words):
            if len(w) >= MIN_LENGTH - 1:
                self._by_length[len(w)].append(w)

    def fix(self, text: str) -> str:
        """The text with each English word a letter off put right."""
        if not text.isascii():
            return text
        return _WORD.sub(lambda m: self._word(m.group()), text)

    def _word(self, as_typed: str) -> str:
        typed = as_typed.lower()
        if len(typed) < MIN_LENGTH or typed in self._words:
            return as_typed
        close = [
            w
            for n in (len(typed) - 1, len(typed), len(typed) + 1)
            for w, _, _ in process.extract(typed, self._by_length.get(n, ()), scorer=OSA.distance,
                                           score_cutoff=1, limit=2)
        ]
        return close[0] if len(close) == 1 else as_typed
