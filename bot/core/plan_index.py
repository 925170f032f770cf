"""Find which plans a piece of text names: exact names first, then fuzzy
(rapidfuzz partial_ratio) on the text and on its hiragana reading.

Each plan is known by its title and its curated aliases (knowledge/aliases.yaml).
Scores are 0-100 per plan; the caller decides what is confident enough.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.normalize import READER, Reader, normalize
from bot.knowledge.models import KnowledgeBase

# Above this many name strings, fuzzy scoring first narrows the field with a
# character-bigram index; below it, scoring everything is faster than indexing.
_BRUTE_FORCE_LIMIT = 3000
_SHORTLIST = 200
_RARE_GRAMS = 12
_POSTINGS_BUDGET = 6000
_ASCII_WORD = re.compile(r"^[a-z0-9 ]+$")


@dataclass(frozen=True)
class Hit:
    plan_id: str
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class PlanScore:
    plan_id: str
    surface: float  # partial_ratio of the text against the plan's names
    reading: float  # the same on hiragana readings

    @property
    def combined(self) -> float:
        # Readings are denser (長井市の人口 reads 86 against 観光's reading), so
        # a reading score counts for less than the same surface score.
        return max(self.surface, self.reading - 15)


class PlanIndex:
    def __init__(self, kb: KnowledgeBase, reader: Reader = READER) -> None:
        self._reader = reader
        names: list[str] = []
        readings: list[str] = []
        owners: list[str] = []
        # name → plans that carry it (a name under two plans is ambiguous by design)
        self._exact: dict[str, set[str]] = defaultdict(set)
        for plan in kb.plans:
            aliases = kb.aliases_of(plan.id)
            for raw in (plan.title, *aliases.all()):
                key = normalize(raw)
                if len(key) < 2:
                    continue
                self._exact[key].add(plan.id)
                names.append(key)
                readings.append(reader.read(key))
                owners.append(plan.id)
        self._names = names
        self._readings = readings
        self._owners = owners
        self._exact_by_length = sorted(self._exact, key=len, reverse=True)
        self._indexed = len(names) > _BRUTE_FORCE_LIMIT
        if self._indexed:
            self._postings = _bigram_postings(names, readings)
            self._first_char: dict[str, list[str]] = defaultdict(list)
            for name in self._exact_by_length:
                self._first_char[name[0]].append(name)

    # -- exact names -----------------------------------------------------------

    def exact_hits(self, key: str) -> list[Hit]:
        """Every plan name found word for word in the key, longest first and
        not overlapping (地域連携dmo wins over dmo)."""
        taken = [False] * len(key)
        hits: list[Hit] = []
        for name in self._candidate_names(key):
            start = key.find(name)
            while start != -1:
                end = start + len(name)
                if not any(taken[start:end]) and _word_bounded(key, name, start, end):
                    for i in range(start, end):
                        taken[i] = True
                    hits.extend(Hit(p, start, end, name) for p in sorted(self._exact[name]))
                start = key.find(name, end)
        return hits

    def _candidate_names(self, key: str) -> list[str]:
        if not self._indexed:
            return self._exact_by_length
        found = [n for ch in set(key) for n in self._first_char.get(ch, ()) if n in key]
        return sorted(set(found), key=len, reverse=True)

    # -- fuzzy -----------------------------------------------------------------

    def scores(self, segment: str, cutoff: float = 40) -> list[PlanScore]:
        """Each plan's best surface and reading score for one segment of a
        question, best first; plans scoring under `cutoff` on both are left out."""
        reading = self._reader.read(segment)
        choices = self._shortlist(segment, reading)
        surface_best: dict[str, float] = {}
        reading_best: dict[str, float] = {}
        for choice_set, query, best in (
            (self._names, segment, surface_best),
            (self._readings, reading, reading_best),
        ):
            pool = choice_set if choices is None else {i: choice_set[i] for i in choices}
            for _, score, index in process.extract(
                query, pool, scorer=fuzz.partial_ratio, limit=None, score_cutoff=cutoff
            ):
                owner = self._owners[index]
                if score > best.get(owner, 0):
                    best[owner] = score
        plans = set(surface_best) | set(reading_best)
        result = [PlanScore(p, surface_best.get(p, 0.0), reading_best.get(p, 0.0)) for p in plans]
        return sorted(result, key=lambda s: (-s.combined, -s.surface, s.plan_id))

    def _shortlist(self, segment: str, reading: str) -> list[int] | None:
        if not self._indexed:
            return None
        # Rare bigrams say which name is meant; common ones (計画, ける) only cost
        # time. Count the rarest few, up to a bounded number of postings.
        postings = sorted(
            (p for g in _bigrams(segment) | _bigrams(reading) if (p := self._postings.get(g))),
            key=len,
        )
        counts: Counter[int] = Counter()
        budget = _POSTINGS_BUDGET
        for posting in postings[:_RARE_GRAMS]:
            if len(posting) > budget and counts:
                break
            counts.update(posting)
            budget -= len(posting)
        return [i for i, _ in heapq.nlargest(_SHORTLIST, counts.items(), key=lambda kv: kv[1])]


def _word_bounded(key: str, name: str, start: int, end: int) -> bool:
    """An ASCII name (dmo) must stand as a word, not inside one (admonish)."""
    if not _ASCII_WORD.match(name):
        return True
    before = key[start - 1] if start > 0 else " "
    after = key[end] if end < len(key) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _bigram_postings(names: list[str], readings: list[str]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for index, (name, reading) in enumerate(zip(names, readings, strict=True)):
        for gram in _bigrams(name) | _bigrams(reading):
            postings[gram].append(index)
    return dict(postings)
