"""Turn what people type into a matching key, and read kanji as hiragana.

The key folds the ways one question can be typed: full/half width (NFKC),
repeated marks and spaces between Japanese words (neologdn), letter case,
ASCII hyphens typed for ー, and katakana (folded to hiragana). Readings come
from SudachiPy's core dictionary, the only reader measured to read 六次産業化
and 最上川 right (see research/japanese_matching.md).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import jaconv
import neologdn

# ASCII hyphen or other dash typed between katakana for the long vowel mark
_KATAKANA_DASH = re.compile(r"(?<=[ァ-ヴー])[-‐‑–—―−－ｰ](?=[ァ-ヴー]|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACES = re.compile(r"\s+")
# "sixth-industry", "after-school": an English compound is its words
_ENGLISH_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")


def clean(text: str) -> str:
    """The user's text fit for display and logging: control characters and
    runs of white space removed, width and compatibility forms folded."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def normalize(text: str) -> str:
    """The matching key: NFKC, neologdn, lower case, ー for dashes, hiragana."""
    return jaconv.kata2hira(normalize_keeping_kana(text))


def normalize_keeping_kana(text: str) -> str:
    """The key before katakana is folded: the same characters at the same places,
    so a word found in the key can be read as it was typed (スペース)."""
    text = clean(text)
    text = _KATAKANA_DASH.sub("ー", text).replace("〜", "~")
    return _ENGLISH_HYPHEN.sub(" ", neologdn.normalize(text).lower())


def normalize_pattern(word: str) -> str:
    """A vocabulary word as it appears in a key (no neologdn: it would mangle
    regular expression syntax)."""
    return jaconv.kata2hira(unicodedata.normalize("NFKC", word).lower())


class Reader:
    """Hiragana readings through SudachiPy (core dictionary, mode C).

    Loading the dictionary costs ~0.1 s, so it is done once, lazily, and shared;
    Sudachi tokenizers are not thread-safe, hence one per thread.
    """

    _local = threading.local()
    _dictionary = None
    _lock = threading.Lock()

    def _tokenizer(self):  # type: ignore[no-untyped-def]
        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            from sudachipy import dictionary

            with self._lock:
                if Reader._dictionary is None:
                    Reader._dictionary = dictionary.Dictionary(dict="core")
            tokenizer = Reader._dictionary.tokenizer(mode="C")
            self._local.tokenizer = tokenizer
        return tokenizer

    def entries(self, surface: str) -> list[tuple[str, str]]:
        """The dictionary's entries for exactly this surface, as (surface, reading in
        hiragana): 程 → (程, てい), (程, ほど); none for what is no word (任程)."""
        self._tokenizer()  # (loads the shared dictionary)
        with self._lock:  # (a Dictionary's lookup is not documented as thread-safe)
            found = list(Reader._dictionary.lookup(surface))  # type: ignore[union-attr]
        return [(m.surface(), jaconv.kata2hira(m.reading_form())) for m in found]

    def read(self, key: str) -> str:
        """The hiragana reading of a key (already normalized). Characters Sudachi
        does not know (Latin letters, digits) are kept as they are."""
        if not key or key.isascii():
            return key
        return _read_cached(self, key)

    def nouns(self, key: str) -> list[str]:
        """The nouns of a key (Sudachi's 名詞), as they appear in it."""
        return [surface for surface, _ in self.noun_tokens(key)]

    def noun_tokens(self, key: str) -> list[tuple[str, bool]]:
        """The nouns of a key, each with whether it names a thing (水位, 運賃, 雪)
        rather than an action (想定, 運営: サ変可能)."""
        if not key:
            return []
        out = []
        for m in self._tokenizer().tokenize(key):
            pos = m.part_of_speech()
            if pos[0] == "名詞":
                out.append((m.surface(), "サ変可能" not in pos[2]))
        return out


@lru_cache(maxsize=65536)
def _read_cached(reader: Reader, key: str) -> str:
    parts = []
    for morpheme in reader._tokenizer().tokenize(key):
        reading = morpheme.reading_form()
        surface = morpheme.surface()
        # Sudachi reads unknown or symbol tokens as "キゴウ" or leaves them empty
        parts.append(surface if not reading or reading == "キゴウ" else reading)
    return jaconv.kata2hira("".join(parts))


READER = Reader()
