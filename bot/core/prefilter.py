"""A cheap test before an expensive regular expression: the characters one of
which every match must hold.

Most of the lexicon's patterns are not in most questions, yet a search still
costs microseconds when the pattern's alternatives do not start with one shared
literal (a lookbehind, a group or an optional word first): the regex engine
then tries the whole alternation at every position of the key. ~160 such
searches a question were a quarter of the parse. A match of 「(\\d{1,4}|元)年の」
must hold 年, so when the key holds no 年 the answer is known from one scan for
a character class, which the engine runs as a tight loop.

The set is read from the parsed pattern once, at import, and only where it is
certain (literals, small classes, groups, alternatives, repeats of at least
one); when unsure the pattern is returned as it is, and always searched.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

try:  # the regex module's own parser (private; without it, nothing is guarded)
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - another Python
    _parser = None  # type: ignore[assignment]

# A class wider than this (a kanji range) is no useful test.
_MAX_CLASS = 64
# Particles and endings are in nearly every question (and 計画, the thing asked
# about), these letters in nearly every English one: a test on them would
# almost never spare the search, so a rarer mandatory character is preferred.
_COMMON = frozenset("のはがをにでともかいしてたなるっんーすま、 ?" "計画" "etaoinshrl")

Needed = frozenset[str]
_END = sys.maxsize  # re.Pattern's default endpos


def _class_chars(items: list[tuple[Any, Any]]) -> Needed | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, a category (\d, \s, \w), a wide range: anything may match
            return None
    return frozenset(chars) if len(chars) <= _MAX_CLASS else None


def _better(a: Needed | None, b: Needed | None) -> Needed | None:
    """The more telling of two tests: the one fewer questions pass."""
    if a is None or b is None:
        return a if b is None else b

    def cost(s: Needed) -> tuple[int, int]:
        return (len(s & _COMMON), len(s))

    return a if cost(a) <= cost(b) else b


def _needed(items: Any) -> Needed | None:
    """A set of characters one of which every match of this sequence holds, or
    None when none is certain (the sequence may match without consuming any
    character that is known in advance)."""
    best: Needed | None = None
    for op, av in items:
        best = _better(best, _needed_item(op, av))
    return best


def _needed_item(op: Any, av: Any) -> Needed | None:
    if op is _c.LITERAL:
        return frozenset(chr(av))
    if op is _c.IN:
        return _class_chars(av)
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:  # (?i:…) would match other cases
            return None
        return _needed(sub)
    if op is _c.ATOMIC_GROUP:
        return _needed(av)
    if op is _c.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            need = _needed(alternative)
            if need is None:
                return None
            union |= need
        return frozenset(union) if len(union) <= _MAX_CLASS else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _needed(sub) if low >= 1 else None
    # lookarounds and anchors consume nothing; \d, ., [^…], back references
    # may be anything: none of them promises a character
    return None


def _scanned_by_the_engine(items: Any) -> bool:
    """Whether the engine itself skips to candidate positions: a pattern starting
    with a literal, a class, or alternatives that each start with a literal
    (re._compiler's prefix and charset). A test in front of these costs more than
    it spares."""
    while items and items[0][0] is _c.SUBPATTERN and not items[0][1][1]:
        items = items[0][1][3]
    if not items:
        return False
    op, av = items[0]
    if op in (_c.LITERAL, _c.IN):
        return True
    if op is _c.BRANCH:
        return all(alt and alt[0][0] is _c.LITERAL for alt in av[1])
    return False


class Guarded:
    """A compiled pattern behind the test that a character it needs is in the
    text; the methods the lexicon's patterns are used with, with re.Pattern's
    signatures and results. A text that fails the test has no match at any
    position, so every method answers as the pattern would on no match."""

    __slots__ = ("_rx", "_test", "flags", "groupindex", "groups", "pattern")

    def __init__(self, rx: re.Pattern[str], needed: Needed) -> None:
        self._rx = rx
        chars = "".join(re.escape(c) for c in sorted(needed))
        self._test: Callable[[str], re.Match[str] | None] = re.compile(f"[{chars}]").search
        self.pattern = rx.pattern
        self.flags = rx.flags
        self.groups = rx.groups
        self.groupindex = rx.groupindex

    def __repr__(self) -> str:
        return f"Guarded({self._rx!r})"

    def search(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return None if self._test(string) is None else self._rx.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return None if self._test(string) is None else self._rx.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return None if self._test(string) is None else self._rx.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = _END
    ) -> Iterator[re.Match[str]]:
        if self._test(string) is None:
            return iter(())
        return self._rx.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = _END) -> list[Any]:
        return [] if self._test(string) is None else self._rx.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return string if self._test(string) is None else self._rx.sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        return (string, 0) if self._test(string) is None else self._rx.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return [string] if self._test(string) is None else self._rx.split(string, maxsplit)


# What the lexicon's patterns are: a plain compiled pattern, or one behind a test.
Words = re.Pattern[str] | Guarded


def _parse(rx: re.Pattern[str]) -> Any:
    """The pattern's parse, or None where it is not to be read (flags that change
    what a literal matches, bytes, a parser of another version)."""
    if _parser is None or rx.flags & (re.IGNORECASE | re.LOCALE) or not isinstance(rx.pattern, str):
        return None
    try:
        return _parser.parse(rx.pattern, rx.flags).data
    except Exception:  # pragma: no cover - a parser of another version
        return None


def starts_with_a_letter(rx: re.Pattern[str]) -> bool:
    """Whether the regex engine skips ahead to where a match may start by itself."""
    items = _parse(rx)
    return items is not None and _scanned_by_the_engine(items)


def guarded(rx: re.Pattern[str]) -> Words:
    """The pattern behind a test of a character it needs, when one is certain and
    the engine does not already skip ahead by itself; else the pattern itself."""
    items = _parse(rx)
    if items is None or _scanned_by_the_engine(items):
        return rx
    needed = _needed(items)
    return rx if needed is None else Guarded(rx, needed)


def compile_guarded(pattern: str, flags: int = 0) -> Words:
    """re.compile, guarded where it pays (see `guarded`)."""
    return guarded(re.compile(pattern, flags))
