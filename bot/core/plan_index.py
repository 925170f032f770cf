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
NEAR_NAME_MIN = 5
NEAR_NAME_SCORE = 85.0
_SHORTLIST = 200
_RARE_GRAMS = 12
_POSTINGS_BUDGET = 6000
_ASCII_WORD = re.compile(r"^[a-z0-9 ]+$")
_KANJI_RUN = re.compile(r"[一-龥々〆ヵヶ0-9a-z~]+")
_PARTICLE_SPLIT = re.compile(r"(?:から|まで|より|[のをがにでとはへもや、。])+")


@dataclass(frozen=True)
class Hit:
    plan_id: str
    start: int
    end: int
    name: str
    word: bool = False  # one of the plan's content words (新庁舎), not a name


@dataclass(frozen=True)
class PlanScore:
    plan_id: str
    surface: float  # partial_ratio of the text against the plan's names and words
    reading: float  # the same on hiragana readings
    name_surface: float = 0.0  # the same against its names only (title, names, English)
    name_reading: float = 0.0

    def names_only(self) -> PlanScore:
        return PlanScore(self.plan_id, self.name_surface, self.name_reading)

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
        is_word: list[bool] = []
        # name → plans that carry it (a name under two plans is ambiguous by design)
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._word_of: set[tuple[str, str]] = set()  # (key, plan) known only as a word
        for plan in kb.plans:
            aliases = kb.aliases_of(plan.id)
            named = {normalize(n) for n in (plan.title, *aliases.names, *aliases.readings,
                                             *aliases.english)}  # fmt: skip
            for raw in (plan.title, *aliases.all()):
                key = normalize(raw)
                if len(key) < 2:
                    continue
                self._exact[key].add(plan.id)
                names.append(key)
                readings.append(reader.read(key))
                owners.append(plan.id)
                is_word.append(key not in named)
                if key not in named:
                    self._word_of.add((key, plan.id))
        self._is_word = is_word
        # every word of the English names, so English that shares none is not scored
        self.english_words = frozenset(w for n in names if n.isascii() for w in n.split())
        self._names = names
        self._readings = readings
        self._owners = owners
        self._exact_by_length = sorted(self._exact, key=len, reverse=True)
        self._near_names = [
            n for n in self._exact_by_length if len(n) >= NEAR_NAME_MIN and not n.isascii()
        ]
        self._indexed = len(names) > _BRUTE_FORCE_LIMIT
        if self._indexed:
            self._postings = _bigram_postings(names, readings)
            self._first_char: dict[str, list[str]] = defaultdict(list)
            for name in self._exact_by_length:
                self._first_char[name[0]].append(name)
        # Summaries answer "the plan that builds a 市民協働ホール": searched only
        # when no name fits, since their words are shared far more than names.
        self._summaries = [normalize(p.summary) for p in kb.plans]
        self._summary_owner = [p.id for p in kb.plans]
        self._summary_by_plan = dict(zip(self._summary_owner, self._summaries, strict=True))
        if self._indexed:
            self._summary_postings = _postings(self._summaries)

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
                    hits.extend(
                        Hit(p, start, end, name, (name, p) in self._word_of)
                        for p in sorted(self._exact[name])
                    )
                start = key.find(name, end)
        return hits

    def near_hits(self, key: str) -> list[Hit]:
        """Names of five characters or more found with one slip (地域連携DNO):
        tried when no name was found word for word, before field words are taken
        out, since a field word inside a mistyped name (連携) would split it."""
        if self._indexed:
            return []
        found: list[Hit] = []
        taken = [False] * len(key)
        without_particles = _PARTICLE_SPLIT.sub("", key)
        # one pass in C to find the few names worth aligning
        close = process.extract(
            key, self._near_names, scorer=fuzz.partial_ratio, limit=None,
            score_cutoff=NEAR_NAME_SCORE,
        )  # fmt: skip
        for name in sorted((c for c, _, _ in close), key=len, reverse=True):
            a = fuzz.partial_ratio_alignment(name, key, score_cutoff=NEAR_NAME_SCORE)
            if a is None or abs((a.dest_end - a.dest_start) - len(name)) > 1:
                continue
            if fuzz.ratio(name, key[a.dest_start : a.dest_end]) < NEAR_NAME_SCORE:
                continue  # the question was shorter than the name, not a slip of it
            if name in without_particles:
                # only particles apart (長井市の地域再生計画): a phrase, not a slip
                continue
            if any(taken[a.dest_start : a.dest_end]):
                continue
            for i in range(a.dest_start, a.dest_end):
                taken[i] = True
            found.extend(
                Hit(p, a.dest_start, a.dest_end, name, (name, p) in self._word_of)
                for p in sorted(self._exact[name])
            )
        return found

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
        best: dict[tuple[str, bool, bool], float] = {}  # (plan, reading?, name?) → score
        for choice_set, query, in_reading in (
            (self._names, segment, False),
            (self._readings, reading, True),
        ):
            pool = choice_set if choices is None else {i: choice_set[i] for i in choices}
            for _, score, index in process.extract(
                query, pool, scorer=fuzz.partial_ratio, limit=None, score_cutoff=cutoff
            ):
                owner = self._owners[index]
                for by_name in {False, not self._is_word[index]}:
                    slot = (owner, in_reading, by_name)
                    if score > best.get(slot, 0.0):
                        best[slot] = score
        plans = {owner for owner, _, _ in best}
        result = [
            PlanScore(p, best.get((p, False, False), 0.0), best.get((p, True, False), 0.0),
                      best.get((p, False, True), 0.0), best.get((p, True, True), 0.0))
            for p in plans
        ]  # fmt: skip
        return sorted(result, key=lambda s: (-s.combined, -s.surface, s.plan_id))

    def summary_coverage(self, segment: str) -> dict[str, float]:
        """For each plan whose summary says part of the segment, the share of
        the segment's words (split at particles) found word for word in it.

        「舟運の歴史を活かした」 → 舟運, 歴史, 活かした; 「20代~40代の人材を呼び込む」
        is mostly 20代~40代, which only one summary holds.
        """
        by_particles = [c for c in _PARTICLE_SPLIT.split(segment) if len(c) >= 2]
        # the kanji words alone, for verbs the summary words differently
        # (「入居する会社」 → 入居, 会社)
        by_kanji = [c for c in _KANJI_RUN.findall(segment) if len(c) >= 2]
        covered: dict[str, float] = defaultdict(float)
        for chunks in (by_particles, by_kanji):
            total = sum(len(c) for c in chunks)
            share: dict[str, float] = defaultdict(float)
            for chunk in chunks:
                for index in self._summaries_containing(chunk):
                    share[self._summary_owner[index]] += len(chunk) / total
            for plan_id, value in share.items():
                covered[plan_id] = max(covered[plan_id], value)
        return dict(covered)

    def summary_says(self, plan_id: str, chunk: str) -> bool:
        return chunk in self._summary_by_plan.get(plan_id, "")

    def _summaries_containing(self, chunk: str) -> list[int]:
        if self._indexed:
            ids = _rare_shortlist(self._summary_postings, _bigrams(chunk), 200)
        else:
            ids = list(range(len(self._summaries)))
        return [i for i in ids if chunk in self._summaries[i]]

    def _shortlist(self, segment: str, reading: str) -> list[int] | None:
        if not self._indexed:
            return None
        return _rare_shortlist(self._postings, _bigrams(segment) | _bigrams(reading), _SHORTLIST)


def _word_bounded(key: str, name: str, start: int, end: int) -> bool:
    """An ASCII name (dmo) must stand as a word, not inside one (admonish)."""
    if not _ASCII_WORD.match(name):
        return True
    before = key[start - 1] if start > 0 else " "
    after = key[end] if end < len(key) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _rare_shortlist(postings: dict[str, list[int]], grams: set[str], limit: int) -> list[int]:
    """The entries sharing most of the query's rarest bigrams. Rare bigrams say
    which name is meant; common ones (計画, ける) only cost time, so only the
    rarest few are counted, up to a bounded number of postings."""
    lists = sorted((p for g in grams if (p := postings.get(g))), key=len)
    counts: Counter[int] = Counter()
    budget = _POSTINGS_BUDGET
    for posting in lists[:_RARE_GRAMS]:
        if len(posting) > budget and counts:
            break
        counts.update(posting)
        budget -= len(posting)
    return [i for i, _ in heapq.nlargest(limit, counts.items(), key=lambda kv: kv[1])]


def _postings(texts: list[str]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(texts):
        for gram in _bigrams(text):
            postings[gram].append(index)
    return dict(postings)


def _bigram_postings(names: list[str], readings: list[str]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for index, (name, reading) in enumerate(zip(names, readings, strict=True)):
        for gram in _bigrams(name) | _bigrams(reading):
            postings[gram].append(index)
    return dict(postings)
