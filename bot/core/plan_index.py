"""Find which plans a piece of text names: exact names first, then fuzzy
(rapidfuzz partial_ratio) on the text and on its hiragana reading.

Each plan is known by its title and its curated aliases (knowledge/aliases.yaml).
Scores are 0-100 per plan; the caller decides what is confident enough.

A town's handful of plans is searched by scoring every name. A large
knowledge base is searched through filters that are lossless: a name is
skipped only when it provably cannot reach the score that matters (see
`_StringFilter`), so both ways give the same answers and latency grows with
the names that resemble the question, not with the number of plans.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from abc import abstractmethod
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast, overload

from rapidfuzz import fuzz, process

from bot.core.normalize import READER, Reader, normalize
from bot.knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    import numpy as np

# Up to this many distinct name strings, scoring every one is faster than
# filtering (the bundled knowledge has about 60).
_BRUTE_FORCE_LIMIT = 300
# A content word's kana reading counts as a spelling of it from this length:
# shorter readings (がくどう) are a part of too many other words' readings.
_KANA_WORD_MIN = 5
_KANJI = re.compile(r"[一-龥々]")
# `scores` returns only plans whose combined score reaches this: every
# decision the matcher takes is on scores at or above it (NEAR_MISS), and the
# filters of a large knowledge base are exact down to it.
EXACT_FROM = 70.0
# A reading score counts this much less than a surface score (PlanScore.combined).
READING_PENALTY = 15.0
NEAR_NAME_MIN = 5
NEAR_NAME_SCORE = 85.0
# A piece of a query is looked up by this many of its rarest bigrams.
_PIECE_GRAMS = 3
# Names at least this long are found by their first characters in exact_hits.
_PREFIX = 8
# How far the level of a head-only search drops when too few plans reach it
# (PlanIndex.scores with `within`): a few cheap passes before the full one.
_LEVEL_STEP = 10.0
_HIGH_PASSES = 2
# Below this many strings one pass at the floor is cheaper than searching
# from the top (measured: 1,400 strings lose by a fifth, 12,600 gain by one).
_HEAD_SEARCH_FROM = 5_000
# A character or bigram held by more than 1 / this of a table's strings is
# counted from a dense row (_StringFilter).
_DENSE_SHARE = 8
# Up to this many strings of the plans in a head are scored without filtering.
_RESCORE_DIRECTLY = 300
# A head of this many plans is a generic word's (すいしん, 振興, 支援): such words
# recur across many questions, and ranking one scores tens of thousands of
# strings, so its ranking is kept, up to this many rows in all.
_GENERIC_HEAD = 1_000
_KEPT_ROWS = 400_000
_ASCII_WORD = re.compile(r"^[a-z0-9 ]+$")
_KANJI_RUN = re.compile(r"[一-龥々〆ヵヶ0-9a-z~]+")
_PARTICLE_SPLIT = re.compile(r"(?:から|まで|より|[のをがにでとはへもや、。])+")


class Hit(NamedTuple):  # a tuple: a generic name (推進計画) is a hit for thousands of plans
    plan_id: str
    start: int
    end: int
    name: str
    word: bool = False  # one of the plan's content words (新庁舎), not a name


class PlanScore(NamedTuple):  # a tuple: a large knowledge base makes thousands a question
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
        return max(self.surface, self.reading - READING_PENALTY)


class Ranking(Sequence[PlanScore]):
    """A segment's scores, best first (PlanIndex.ranking)."""

    @abstractmethod
    def plan_ids(self, count: int) -> list[str]:
        """The plans of the first `count` scores."""

    def page_places(self, count: int) -> np.ndarray | None:
        """The places on the city's page of the plans of the first `count`
        scores, when the ranking holds them as an array (see PlanGroup)."""
        return None


class _Listed(Ranking):
    """A ranking held as PlanScores (a town's handful of plans)."""

    def __init__(self, scores: list[PlanScore]) -> None:
        self._scores = scores

    def __len__(self) -> int:
        return len(self._scores)

    @overload
    def __getitem__(self, i: int) -> PlanScore: ...
    @overload
    def __getitem__(self, i: slice) -> list[PlanScore]: ...
    def __getitem__(self, i: int | slice) -> PlanScore | list[PlanScore]:
        return self._scores[i]

    def __iter__(self) -> Iterator[PlanScore]:
        return iter(self._scores)

    def plan_ids(self, count: int) -> list[str]:
        return [s.plan_id for s in self._scores[:count]]


class _Ranked(Ranking):
    """A ranking held as arrays, a PlanScore made of a row only when it is read:
    a generic word (すいしん) heads fifteen thousand plans at 50,000, and the
    matcher reads the first few scores and, of the rest, only their plans."""

    def __init__(self, ids: np.ndarray, places: np.ndarray, *columns: np.ndarray) -> None:
        self._ids = ids
        self._places = places  # each plan's place on the city's page
        self._columns = columns

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, i: int) -> PlanScore: ...
    @overload
    def __getitem__(self, i: slice) -> list[PlanScore]: ...
    def __getitem__(self, i: int | slice) -> PlanScore | list[PlanScore]:
        if isinstance(i, slice):
            # built in C, without PlanScore._make's Python frame per score
            rows = zip(self._ids[i].tolist(), *(c[i].tolist() for c in self._columns), strict=True)
            made = map(tuple.__new__, itertools.repeat(PlanScore), rows)
            return cast("list[PlanScore]", list(made))
        return PlanScore(self._ids[i], *(float(c[i]) for c in self._columns))

    def __iter__(self) -> Iterator[PlanScore]:
        return iter(self[:])

    def plan_ids(self, count: int) -> list[str]:
        return cast("list[str]", self._ids[:count].tolist())

    def page_places(self, count: int) -> np.ndarray:
        return self._places[:count]


class PlanGroup:
    """Plans gathered from several lookups (those a question may mean), read
    back in the order of the city's page. A generic word of a large knowledge
    base gathers tens of thousands: what the index's arrays found is kept as
    their places on the page, never made a set of strings, which at 50,000
    plans cost more than finding them (and as much again to sort back)."""

    def __init__(self, index: PlanIndex, ids: Iterable[str] = ()) -> None:
        self._index = index
        self._ids: set[str] = set(ids)
        self._places: list[np.ndarray] = []
        self._merged: np.ndarray | None = None  # all of them as places, once asked

    def add_naming_within(self, text: str) -> None:
        """The plans with a name holding `text` (PlanIndex.plans_naming_within)."""
        filters = self._index._filters
        if filters is None:
            self._ids |= self._index.plans_naming_within(text)
        else:
            self._add_places(filters.places_naming_within(text))

    def add_ranked(self, ranking: Ranking, count: int) -> None:
        """The plans of the first `count` scores of a ranking."""
        places = ranking.page_places(count)
        if places is None:
            self._ids.update(ranking.plan_ids(count))
        else:
            self._add_places(places)

    def update(self, other: PlanGroup) -> None:
        self._ids |= other._ids
        for places in other._places:
            self._add_places(places)

    def _add_places(self, places: np.ndarray) -> None:
        if len(places):
            self._places.append(places)
            self._merged = None

    def __len__(self) -> int:
        if not self._places:
            return len(self._ids)
        return len(self._all_places())

    def __bool__(self) -> bool:
        return bool(self._ids or self._places)

    def in_page_order(self) -> list[str]:
        page = self._index._page_of
        if not self._places:
            return sorted(self._ids, key=page.__getitem__)
        filters = self._index._filters
        assert filters is not None  # (only its arrays add places)
        return cast("list[str]", filters.page_ids[self._all_places()].tolist())

    def _all_places(self) -> np.ndarray:
        """Every plan's place, distinct and in order."""
        import numpy as np

        if self._merged is None:
            page = self._index._page_of
            own = np.fromiter(map(page.__getitem__, self._ids), np.int64, len(self._ids))
            places = np.concatenate([own, *self._places])
            self._merged = _distinct(places, len(self._index._summary_owner))
        return self._merged


class PlanIndex:
    """`indexed=None` chooses by size; True or False forces one way (tests
    compare the two)."""

    def __init__(
        self, kb: KnowledgeBase, reader: Reader = READER, *, indexed: bool | None = None
    ) -> None:
        self._reader = reader
        keys: dict[str, str] = {}  # raw → key: each name is normalized once

        def key_of(raw: str) -> str:
            key = keys.get(raw)
            if key is None:
                key = keys[raw] = normalize(raw)
            return key

        # Entries are (plan, name) pairs; the strings they score are kept once each.
        self._strings: list[str] = []  # distinct keys
        self._string_ids: dict[str, int] = {}
        self._readings: list[str] = []  # distinct readings
        reading_ids: dict[str, int] = {}
        self._reading_of: list[int] = []  # string → its reading
        self._owners: list[str] = []
        self._is_word: list[bool] = []
        self._entry_string: list[int] = []
        self._entry_reading: list[int] = []
        # name → plans that carry it (a name under two plans is ambiguous by design)
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._word_of: set[tuple[str, str]] = set()  # (key, plan) known only as a word
        for plan in kb.plans:
            aliases = kb.aliases_of(plan.id)
            named = {key_of(n) for n in (plan.title, *aliases.names, *aliases.readings,
                                         *aliases.english)}  # fmt: skip
            # a word written with kanji is also found typed in kana (はいぱーがくどうくらぶ,
            # しみんきょうどうほーる): its reading is one more spelling of it
            spelled = [key_of(w) for w in aliases.words if _KANJI.search(w)]
            kana = [r for w in spelled if len(r := reader.read(w)) >= _KANA_WORD_MIN and r != w]
            for raw in (plan.title, *aliases.all(), *kana):
                key = key_of(raw)
                if len(key) < 2:
                    continue
                self._exact[key].add(plan.id)
                string = self._string_ids.get(key)
                if string is None:
                    string = self._string_ids[key] = len(self._strings)
                    self._strings.append(key)
                    reading = reader.read(key)
                    if reading not in reading_ids:
                        reading_ids[reading] = len(self._readings)
                        self._readings.append(reading)
                    self._reading_of.append(reading_ids[reading])
                self._owners.append(plan.id)
                self._entry_string.append(string)
                self._entry_reading.append(self._reading_of[string])
                self._is_word.append(key not in named)
                if key not in named:
                    self._word_of.add((key, plan.id))
        # string → the plans that carry it, and whether as a name (not a word)
        self._owners_of_string = self._owners_of(self._entry_string, len(self._strings))
        self._owners_of_reading = self._owners_of(self._entry_reading, len(self._readings))
        # every word of the English names, so English that shares none is not scored
        self.english_words = frozenset(w for n in self._strings if n.isascii() for w in n.split())
        self._exact_by_length = sorted(self._exact, key=len, reverse=True)
        self._rank = {name: n for n, name in enumerate(self._exact_by_length)}
        self._near_names = [
            n for n in self._exact_by_length if len(n) >= NEAR_NAME_MIN and not n.isascii()
        ]
        # Summaries answer "the plan that builds a 市民協働ホール": searched only
        # when no name fits, since their words are shared far more than names.
        self._summaries = [normalize(p.summary) for p in kb.plans]
        self._summary_owner = [p.id for p in kb.plans]
        self._summary_by_plan = dict(zip(self._summary_owner, self._summaries, strict=True))
        # each plan's place on the city's page (the knowledge's order)
        self._page_of = {plan_id: n for n, plan_id in enumerate(self._summary_owner)}
        # English summaries by their content words; the city's own name says nothing
        city = kb.city.english.city if kb.city.english else ""
        self._city_stems = english_stems(city)
        self._english_stems = {
            p.id: english_stems(english) - self._city_stems
            for p in kb.plans
            if (english := kb.aliases_of(p.id).summary_en)
        }

        if indexed is None:
            indexed = len(self._strings) > _BRUTE_FORCE_LIMIT
        self._filters: _Filters | None = _Filters(self) if indexed else None
        self._keep_generic()

    def _keep_generic(self) -> None:
        # each name's owners in id order, and which carry it as a word (see _hits)
        self._sorted_owners: dict[str, tuple[tuple[str, ...], tuple[bool, ...]]] = {}
        self._generic: dict[tuple[str, float, float | None, int], Ranking] = {}
        self._generic_rows = 0
        self._generic_lock = threading.Lock()

    def _owners_of(self, string_of: list[int], size: int) -> list[tuple[tuple[str, bool], ...]]:
        owners: list[list[tuple[str, bool]]] = [[] for _ in range(size)]
        for entry, string in enumerate(string_of):
            owners[string].append((self._owners[entry], not self._is_word[entry]))
        return [tuple(dict.fromkeys(o)) for o in owners]

    @property
    def indexed(self) -> bool:
        return self._filters is not None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_reader"]  # the dictionary's tokenizers are rebuilt, not pickled
        # what questions asked
        for name in ("_generic", "_generic_rows", "_generic_lock", "_sorted_owners"):
            del state[name]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._reader = READER
        self._keep_generic()

    # -- exact names -----------------------------------------------------------

    def is_name(self, text: str) -> bool:
        """Is `text` (a key) one of the plans' names or words, whole?"""
        return text in self._exact

    def plans_naming_within(self, text: str) -> set[str]:
        """Plans with a name that contains `text` word for word (山の港町 is inside
        two plans' titles), the text's own name included. A word of what a plan
        does does not count ("tourism exchange center" leaves "tourism" the DMO's)."""
        if self._filters is not None:
            return self._filters.plans_naming_within(text)
        owners: set[str] = set()
        for name in self._exact_by_length:  # longest first: stop at shorter names
            if len(name) < len(text):
                break
            if text in name:
                owners |= self.naming(name, text)
        return owners

    def group(self, ids: Iterable[str] = ()) -> PlanGroup:
        """A group of plans to gather more into (see PlanGroup)."""
        return PlanGroup(self, ids)

    def naming(self, name: str, text: str) -> set[str]:
        """The plans carrying `name` as a name (or as `text` itself)."""
        return {p for p in self._exact[name] if name == text or (name, p) not in self._word_of}

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
                    hits.extend(self._hits(name, start, end))
                start = key.find(name, end)
        return hits

    def _hits(self, name: str, start: int, end: int) -> Iterator[Hit]:
        """A hit of the name for each plan carrying it, in the order of their ids.
        A generic name (かんこう) is a thousand plans': its owners are sorted once,
        and the hits made in C, without a generator frame per plan."""
        plans = self._exact[name]
        if len(plans) < _FEW_OWNERS:  # (a town's name: making the arrays costs more)
            return iter([Hit(p, start, end, name, (name, p) in self._word_of)
                         for p in sorted(plans)])  # fmt: skip
        owners = self._sorted_owners.get(name)
        if owners is None:
            ids = tuple(sorted(self._exact[name]))
            owners = (ids, tuple((name, p) in self._word_of for p in ids))
            self._sorted_owners[name] = owners
        ids, words = owners
        repeat = itertools.repeat
        rows = zip(ids, repeat(start), repeat(end), repeat(name), words, strict=False)
        return map(tuple.__new__, repeat(Hit), rows)

    def near_hits(self, key: str) -> list[Hit]:
        """Names of five characters or more found with one slip (地域連携DNO):
        tried when no name was found word for word, before field words are taken
        out, since a field word inside a mistyped name (連携) would split it."""
        found: list[Hit] = []
        taken = [False] * len(key)
        without_particles = _PARTICLE_SPLIT.sub("", key)
        names = self._near_names if self._filters is None else self._filters.near_names(key)
        # a name found with one slip spans its own length, give or take one, in the
        # key: one longer than the key by more cannot be (「推進」 is in thousands)
        names = [n for n in names if len(n) <= len(key) + 1]
        # one pass in C to find the few names worth aligning
        close = process.extract(
            key, names, scorer=fuzz.partial_ratio, limit=None, score_cutoff=NEAR_NAME_SCORE
        )
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
            found.extend(self._hits(name, a.dest_start, a.dest_end))
        return found

    def _candidate_names(self, key: str) -> list[str]:
        """The names to look for, in the order exact_hits takes them: all of
        them, or (indexed) just those that occur in the key."""
        if self._filters is None:
            return self._exact_by_length
        return sorted(self._filters.names_in(key), key=self._rank.__getitem__)

    # -- fuzzy -----------------------------------------------------------------

    def scores(
        self, segment: str, cutoff: float = 40, *, within: float | None = None, at_least: int = 0
    ) -> list[PlanScore]:
        """See `ranking`; every score made a PlanScore."""
        return list(self.ranking(segment, cutoff, within=within, at_least=at_least))

    def ranking(
        self, segment: str, cutoff: float = 40, *, within: float | None = None, at_least: int = 0
    ) -> Ranking:
        """Each plan's best surface and reading score for one segment of a
        question, best first, for the plans whose combined score reaches
        EXACT_FROM. A surface score under max(cutoff, EXACT_FROM), or a reading
        score under max(cutoff, EXACT_FROM + READING_PENALTY), counts as 0: the
        matcher tells no such scores apart, and a large knowledge base does not
        compute them.

        With `within`, only the head of that list: the scores whose combined
        score is less than `within` below the best, and at least the first
        `at_least`, the same as cutting the whole list (see `_head`). A large
        knowledge base then scores only the strings that may reach the head,
        not every plan that shares a generic word with the segment.

        A large knowledge base makes the PlanScores only of those read (see
        `Ranking`)."""
        reading = self._reader.read(segment)
        surface_floor = max(cutoff, EXACT_FROM)
        reading_floor = max(cutoff, EXACT_FROM + READING_PENALTY)
        if self._filters is not None:
            asked = (segment, cutoff, within, at_least)
            kept = self._generic.get(asked)
            if kept is not None:
                return kept
            ranked = self._filters.scores(
                segment, reading, surface_floor, reading_floor, within, at_least
            )
            if len(ranked) >= _GENERIC_HEAD:
                self._keep(asked, ranked)
            return ranked
        # plan → its best score on the surface, on readings, by names only;
        # extract gives the best first, so a plan's first score is its best
        best: tuple[dict[str, float], ...] = ({}, {}, {}, {})
        for strings, query, floor, owners_of, in_reading in (
            (self._strings, segment, surface_floor, self._owners_of_string, False),
            (self._readings, reading, reading_floor, self._owners_of_reading, True),
        ):
            any_name, by_name = best[in_reading], best[2 + in_reading]
            for _, score, string in process.extract(
                query, strings, scorer=fuzz.partial_ratio, limit=None, score_cutoff=floor
            ):
                for owner, named in owners_of[string]:
                    any_name.setdefault(owner, score)
                    if named:
                        by_name.setdefault(owner, score)
        surface, read, name_surface, name_reading = best
        result = [
            PlanScore(p, surface.get(p, 0.0), read.get(p, 0.0), name_surface.get(p, 0.0),
                      name_reading.get(p, 0.0))
            for p in surface.keys() | read.keys()
        ]  # fmt: skip
        result.sort(key=_rank_key)
        return _Listed(result if within is None else _head(result, within, at_least))

    def _keep(self, asked: tuple[str, float, float | None, int], ranked: Ranking) -> None:
        """Keep a generic word's ranking, the oldest dropped past _KEPT_ROWS."""
        with self._generic_lock:
            if asked in self._generic:
                return
            while self._generic and self._generic_rows + len(ranked) > _KEPT_ROWS:
                self._generic_rows -= len(self._generic.pop(next(iter(self._generic))))
            self._generic[asked] = ranked
            self._generic_rows += len(ranked)

    def summary_coverage(self, segment: str) -> dict[str, float]:
        """For each plan whose summary says part of the segment, the share of
        the segment's words (split at particles) found word for word in it.

        「舟運の歴史を活かした」 → 舟運, 歴史, 活かした; 「20代~40代の人材を呼び込む」
        is mostly 20代~40代, which only one summary holds.
        """
        # with the kanji words alone, for verbs the summary words differently
        by_particles, by_kanji = word_chunks(segment)
        if self._filters is not None:
            return self._filters.summary_coverage((by_particles, by_kanji))
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

    def english_summary_coverage(self, text: str) -> dict[str, float]:
        """For each plan with an English summary, the share of the text's content
        words (by their first five letters: sell / selling) that summary has."""
        stems = english_stems(text) - self._city_stems
        if len(stems) < 2:
            return {}  # one word ("these") tells no plan from another
        # two words at least in common: one ("questions", "effect") is chance
        return {
            pid: len(stems & have) / len(stems)
            for pid, have in self._english_stems.items()
            if len(stems & have) >= 2
        }

    def plans_saying(self, chunk: str) -> set[str]:
        """The plans whose summary has `chunk` word for word."""
        return {self._summary_owner[i] for i in self._summaries_containing(chunk)}

    def summary_of(self, plan_id: str) -> str:
        """A plan's summary, normalized as questions are."""
        return self._summary_by_plan.get(plan_id, "")

    def summary_says(self, plan_id: str, chunk: str) -> bool:
        return chunk in self._summary_by_plan.get(plan_id, "")

    def _summaries_containing(self, chunk: str) -> list[int]:
        if self._filters is None:
            ids: Any = range(len(self._summaries))
        else:
            ids = self._filters.summaries_with_grams(chunk)
            if len(chunk) == 2:
                return ids  # (a bigram's own posting: exactly the summaries holding it)
        return [i for i in ids if chunk in self._summaries[i]]


class _Filters:
    """The lossless filters of a large knowledge base, on numpy arrays
    (imported only for one)."""

    def __init__(self, index: PlanIndex) -> None:
        import numpy as np

        self._index = index
        self.strings = _StringFilter(index._strings, index._owners_of_string)
        self.readings = _StringFilter(index._readings, index._owners_of_reading)
        self._plan_ids = sorted({o for owners in index._owners_of_string for o, _ in owners})
        self._plan_number = {p: n for n, p in enumerate(self._plan_ids)}
        self._plan_id_array = np.array(self._plan_ids, dtype=object)
        # plans numbered in id order, so sorting by number sorts by id
        for table in (self.strings, self.readings):
            table.number_owners(self._plan_number)
        # plan number → its place on the city's page, and the plans in that order
        self._page_place = np.array(
            [index._page_of[p] for p in self._plan_ids], dtype=np.int64
        )
        self.page_ids = np.array(index._summary_owner, dtype=object)
        self._is_near = np.zeros(len(index._strings), dtype=bool)
        for name in index._near_names:
            self._is_near[index._string_ids[name]] = True
        self._summaries = _gram_postings(index._summaries)
        self._summary_owner = np.array(index._summary_owner, dtype=object)
        # exact names: short ones in a set per length, long ones by their first
        # characters, so a key is read once and not once per name
        self._short = {n for n in index._strings if len(n) < _PREFIX}
        self._short_lengths = sorted({len(n) for n in self._short})
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for name in index._strings:
            if len(name) >= _PREFIX:
                self._by_prefix[name[:_PREFIX]].append(name)

    def names_in(self, key: str) -> set[str]:
        found: set[str] = set()
        for start in range(len(key) - 1):
            for length in self._short_lengths:
                piece = key[start : start + length]
                if piece in self._short:
                    found.add(piece)
            for name in self._by_prefix.get(key[start : start + _PREFIX], ()):
                if key.startswith(name, start):
                    found.add(name)
        return found

    def plans_naming_within(self, text: str) -> set[str]:
        """PlanIndex.plans_naming_within through the names holding every
        bigram of the text (a name holds the text only if it holds those)."""
        return set(self.page_ids[self.places_naming_within(text)].tolist())

    def places_naming_within(self, text: str) -> np.ndarray:
        """The same plans, as their places on the city's page (ascending)."""
        import numpy as np

        strings = self._index._strings
        maybe = self.strings.holding_grams(text)
        if len(text) > 2:
            maybe = maybe[[text in strings[i] for i in maybe.tolist()]]
        # (else a character's or bigram's own posting: exactly the strings holding it)
        if not len(maybe):
            return np.zeros(0, dtype=np.int64)
        # PlanIndex.naming for all of them at once, on the owner arrays: a part
        # of many titles (交流拠点) is held by thousands of names
        plans = self.strings.owners(maybe.astype(np.int64), self._index._string_ids.get(text))
        return np.sort(self._page_place[plans])

    def near_names(self, key: str) -> list[str]:
        ids = self.strings.candidates(key, NEAR_NAME_SCORE)
        ids = ids[self._is_near[ids] & (self.strings.lengths[ids] <= len(key) + 1)]
        names = [self._index._strings[i] for i in ids]
        return sorted(names, key=self._index._rank.__getitem__)

    def scores(
        self,
        segment: str,
        reading: str,
        surface_floor: float,
        reading_floor: float,
        within: float | None = None,
        at_least: int = 0,
    ) -> Ranking:
        """PlanIndex.ranking on the filtered strings, gathered per plan with numpy
        (a generic word like 整備 may score thousands of plans).

        The head (`within`) is searched from a high level down. A pass at
        level L keeps surface scores from max(surface_floor, L) and reading
        scores from max(reading_floor, L + READING_PENALTY): it finds exactly
        the plans whose combined score reaches L, each with its exact combined
        score (the part under the raised floor is below L, so never the
        larger). Once the best B is known, L <= B - within and at least
        `at_least` plans found, the head is among them; their other scores,
        which the raised floors may have hidden, are then computed on their
        own strings."""
        import numpy as np

        bottom = min(surface_floor, reading_floor - READING_PENALTY)
        searched = within is not None and len(self._index._strings) >= _HEAD_SEARCH_FROM
        level = max(bottom, 100 - within) if searched and within is not None else bottom
        passes = 0
        while True:
            passes += 1
            best = self._best(
                segment, reading, max(surface_floor, level),
                max(reading_floor, level + READING_PENALTY), (surface_floor, reading_floor),
            )  # fmt: skip
            surface, read = best[0], best[1]
            plans = np.flatnonzero((surface > 0) | (read > 0))
            combined = np.maximum(surface[plans], read[plans] - READING_PENALTY)
            if within is None or level <= bottom:
                break  # one pass at the floor: everything exact
            enough = len(plans) >= max(at_least, 1)
            if enough:
                need = float(combined.max()) - within
                if need >= level:
                    break
                lower = need  # the best is known: one more pass finds the head
            elif len(plans):
                lower = min(float(combined.max()) - within, level - _LEVEL_STEP)
            else:
                lower = level - _LEVEL_STEP
            # while searching for the best, each pass costs about as much as
            # the next: past a few, the floor
            level = max(bottom, lower) if enough or passes < _HIGH_PASSES else bottom
        if within is not None:
            top = float(combined.max()) if len(plans) else 0.0
            # the head by combined score alone: those close to the best, and
            # every plan tied with or above the `at_least`-th, whose order
            # the exact surface scores settle
            keep = top - combined < within
            if at_least and len(plans):
                kth = np.sort(combined)[::-1][min(at_least, len(plans)) - 1]
                keep |= combined >= kth
            plans, combined = plans[keep], combined[keep]
            for table, query, floor, raised, in_reading in (
                (self.strings, segment, surface_floor, level, False),
                (self.readings, reading, reading_floor, level + READING_PENALTY, True),
            ):
                # a score found is exact (its best string reached the raised
                # floor); one not found may lie between the floors, and a
                # plan's best by names is never above its best
                hidden = plans[best[2 + in_reading][plans] == 0] if raised > floor else plans[:0]
                if len(hidden):
                    table.rescore(
                        query, floor, hidden, best[in_reading], best[2 + in_reading], floor
                    )
        surface, read, name_surface, name_reading = best
        plans = plans[np.lexsort((plans, -surface[plans], -combined))]
        if within is not None:
            close = int(np.count_nonzero(top - combined < within))
            plans = plans[: max(close, min(at_least, len(plans)))]
        return _Ranked(
            self._plan_id_array[plans], self._page_place[plans], surface[plans], read[plans],
            name_surface[plans], name_reading[plans],
        )  # fmt: skip

    def _best(
        self, segment: str, reading: str, surface_floor: float, reading_floor: float,
        least: tuple[float, float],
    ) -> list[np.ndarray]:  # fmt: skip
        """Per plan number: best surface, reading, and the same by names only.
        `least`: the lowest surface and reading floors this search may reach."""
        import numpy as np

        size = len(self._plan_ids)
        best = [np.zeros(size) for _ in range(4)]
        for table, query, floor, in_reading in (
            (self.strings, segment, surface_floor, False),
            (self.readings, reading, reading_floor, True),
        ):
            table.best_per_plan(
                query, floor, best[in_reading], best[2 + in_reading], least[in_reading]
            )
        return best

    def summary_coverage(self, ways: tuple[list[str], ...]) -> dict[str, float]:
        """PlanIndex.summary_coverage over arrays of all the summaries: a word
        of many summaries (活性化) is said by thousands of plans. Each share is
        summed in the same order as there, so to the same float; the plans
        come in the knowledge's order."""
        import numpy as np

        index = self._index
        covered = np.zeros(len(index._summaries))
        for chunks in ways:
            total = sum(len(c) for c in chunks)
            share = np.zeros(len(index._summaries))
            for chunk in chunks:
                share[index._summaries_containing(chunk)] += len(chunk) / total
            np.maximum(covered, share, out=covered)
        said = np.flatnonzero(covered)
        return dict(zip(self._summary_owner[said].tolist(), covered[said].tolist(), strict=True))

    def summaries_with_grams(self, chunk: str) -> list[int]:
        """The summaries holding every bigram of the chunk (those that may hold it)."""
        import numpy as np

        lists = []
        for gram in _bigrams(chunk):
            posting = self._summaries.get(gram)
            if posting is None:
                return []
            lists.append(posting)
        lists.sort(key=len)
        ids = lists[0]
        for posting in lists[1:]:
            ids = np.intersect1d(ids, posting, assume_unique=True)
        return ids.tolist()


class _StringFilter:
    """Which of many strings may reach a partial_ratio score against a query.

    partial_ratio aligns the shorter string s (length m) against windows w of
    the longer one (|w| <= m), scoring 100 * 2L / (m + |w|) with L their
    longest common subsequence. Two necessary conditions follow, used here:

    - characters: L <= |w| and L <= I, the characters the two strings share
      (as multisets), so a score of c needs I >= c * m / (200 - c);
    - pieces: s and w are at most e insertions and deletions apart, and
      each breaks at most one of e + 1 disjoint pieces of s, so one piece
      of s appears whole in w. For a window as long as s, e = 2(m - L) with
      L >= c * m / 100; for a shorter window, which is a head or a tail of
      the longer string, e <= (100 - c) * (2m - 1) / 100. Used when the
      query is the shorter; each piece is looked up by its rarest bigrams.
    """

    def __init__(self, strings: list[str], owners_of: list[tuple[tuple[str, bool], ...]]) -> None:
        import numpy as np

        self._strings = np.array(strings, dtype=object)
        self._owners_of = owners_of
        self.lengths = np.array([len(s) for s in strings], dtype=np.int32)
        chars: dict[str, tuple[list[int], list[int]]] = {}
        for i, text in enumerate(strings):
            for char, count in Counter(text).items():
                ids, counts = chars.setdefault(char, ([], []))
                ids.append(i)
                counts.append(count)
        # A character or bigram most strings hold (計, 画, すい) is counted from a
        # dense row of all the strings: adding a row beats scattering into a
        # posting once the posting holds more than about a sixth of them.
        size = len(strings)
        frequent = [c for c, (ids, _) in chars.items() if len(ids) * _DENSE_SHARE > size]
        self._char_row = {c: r for r, c in enumerate(frequent)}
        most = max((max(counts) for _, counts in chars.values()), default=0)
        self._char_rows = np.zeros(
            (len(frequent), size), dtype=np.uint8 if most < 256 else np.int32
        )
        for row, char in enumerate(frequent):
            ids, counts = chars.pop(char)
            self._char_rows[row, ids] = counts
        self._chars = {
            c: (np.array(ids, dtype=np.int32), np.array(counts, dtype=np.int32))
            for c, (ids, counts) in chars.items()
        }
        self._grams = _placed_postings(strings)
        common = [
            g for g, p in self._grams.items() if len(g) == 2 and len(p[0]) * _DENSE_SHARE > size
        ]
        self._gram_row = {g: r for r, g in enumerate(common)}
        self._gram_rows = np.zeros((len(common), size), dtype=np.uint8)
        for row, gram in enumerate(common):
            self._gram_rows[row, self._grams[gram][0]] = 1
        # The counts of the last query, which do not depend on the cutoff: a
        # head search (_Filters.scores) asks for one query at several cutoffs.
        self._shared_memo: tuple[str, np.ndarray] | None = None
        self._held_memo: tuple[str, np.ndarray] | None = None
        self._score_memo: tuple[str, float, np.ndarray] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        # one question's, not the index's
        state["_shared_memo"] = state["_held_memo"] = state["_score_memo"] = None
        return state

    def _shared(self, query: str) -> np.ndarray:
        """Per string, the characters it shares with the query (as multisets)."""
        import numpy as np

        memo = self._shared_memo  # read once: another thread may replace it
        if memo is not None and memo[0] == query:
            return memo[1]
        shared = np.zeros(len(self.lengths), dtype=np.int32)
        rows, caps = [], []
        for char, count in Counter(query).items():
            row = self._char_row.get(char)
            if row is not None:
                rows.append(row)
                caps.append(count)
                continue
            posting = self._chars.get(char)
            if posting is not None:
                ids, counts = posting
                shared[ids] += np.minimum(counts, count) if count > 1 else 1
        if rows:
            held = self._char_rows[rows]
            # (no string holds a character more often than its dtype counts)
            top = int(np.iinfo(held.dtype).max)
            cap = np.array([min(c, top) for c in caps], dtype=held.dtype)[:, None]
            shared += np.minimum(held, cap).sum(axis=0, dtype=np.int32)
        self._shared_memo = (query, shared)
        return shared

    def _held(self, query: str) -> np.ndarray:
        """Per string, the query's bigrams it holds, counted with the query's repeats."""
        import numpy as np

        memo = self._held_memo
        if memo is not None and memo[0] == query:
            return memo[1]
        held = np.zeros(len(self.lengths), dtype=np.int32)
        rows, repeats = [], []
        for gram, count in Counter(query[i : i + 2] for i in range(len(query) - 1)).items():
            row = self._gram_row.get(gram)
            if row is not None:
                rows.append(row)
                repeats.append(count)
                continue
            posting = self._grams.get(gram)
            if posting is not None:
                held[posting[0]] += count
        if rows:
            dense = self._gram_rows[rows]
            if any(r > 1 for r in repeats):
                dense = dense * np.array(repeats, dtype=np.int32)[:, None]
            held += dense.sum(axis=0, dtype=np.int32)
        self._held_memo = (query, held)
        return held

    def candidates(self, query: str, cutoff: float) -> np.ndarray:
        """The ids (ascending) of the strings that may score `cutoff` or more."""
        import numpy as np

        m = len(query)
        shared = self._shared(query)
        shorter = np.minimum(self.lengths, m)
        # a hair below each bound, so rounding never drops a string that scores
        mask = shared >= shorter * (cutoff / (200 - cutoff)) - 1e-6
        needed = _bigrams_kept(m, cutoff)
        if needed >= 2:  # one is no stronger than the pieces below
            mask &= (self._held(query) >= needed) | (self.lengths <= m)
        whole = self._pieces_found(query, 2 * (m - math.ceil(cutoff * m / 100 - 1e-6)) + 1, None)
        if whole is None:
            return np.flatnonzero(mask)
        if 200 * (m - 1) >= cutoff * (2 * m - 1) - 1e-6:  # a head or tail window can score
            edits = math.floor((100 - cutoff) * (2 * m - 1) / 100 + 1e-6)
            edge = self._pieces_found(query, edits + 1, m - 1)
            if edge is None:
                return np.flatnonzero(mask)
            whole |= edge
        whole |= self.lengths <= m  # the query is not the shorter: no claim
        return np.flatnonzero(mask & whole)

    def holding_grams(self, text: str) -> np.ndarray:
        """The ids of the strings holding every character (text of one) or
        bigram of `text`: those that may hold it whole."""
        import numpy as np

        grams = {text[i : i + 2] for i in range(max(1, len(text) - 1))}
        postings = [self._grams.get(g) for g in grams]
        if any(p is None for p in postings):
            return np.zeros(0, dtype=np.int32)
        postings.sort(key=lambda p: len(p[0]))  # type: ignore[index]
        ids = postings[0][0]  # type: ignore[index]
        for other in postings[1:_PIECE_GRAMS]:  # the rarest few narrow it enough
            if not len(ids):
                break
            holds = np.zeros(len(self.lengths), dtype=bool)
            holds[other[0]] = True  # type: ignore[index]
            ids = ids[holds[ids]]
        return ids

    def _pieces_found(self, query: str, pieces: int, window: int | None) -> np.ndarray | None:
        """Which strings hold one of `pieces` even pieces of the query (within
        their first or last `window` characters, if given); None when the
        query is too short to cut so."""
        import numpy as np

        m = len(query)
        if pieces > m:
            return None
        found = np.zeros(len(self.lengths), dtype=bool)
        bounds = [round(i * m / pieces) for i in range(pieces + 1)]
        for start, end in itertools.pairwise(bounds):
            piece = query[start:end]
            grams = [piece[i : i + 2] for i in range(max(1, len(piece) - 1))]
            postings = [self._grams.get(g) for g in grams]
            if any(p is None for p in postings):
                continue  # no string holds this piece
            postings.sort(key=lambda p: len(p[0]))  # type: ignore[index]
            ids, head, tail = postings[0]  # type: ignore[misc]
            if window is not None:
                room = window - len(grams[0])
                ids = ids[(head <= room) | (tail <= room)]
            for other in postings[1:_PIECE_GRAMS]:  # a few more, where they narrow it
                if not len(ids):
                    break
                holds = np.zeros(len(self.lengths), dtype=bool)
                holds[other[0]] = True  # type: ignore[index]
                ids = ids[holds[ids]]
            found[ids] = True
        return found

    def _score(self, query: str, floor: float, ids: np.ndarray, least: float) -> np.ndarray:
        """partial_ratio of the query against strings `ids`, 0 under `floor`.
        A string that holds the query whole scores 100 without aligning: a
        generic word (推進) is held by thousands.

        Scores are computed exactly down to `least` (at most `floor`: the
        lowest floor the query is searched at) and kept for the query, so the
        passes of a head search, each at a lower floor, align a string once."""
        import numpy as np

        memo = self._score_memo  # read once: another thread may replace it
        if memo is None or memo[0] != query or memo[1] != least:
            memo = (query, least, np.full(len(self.lengths), np.nan))
            self._score_memo = memo
        known = memo[2]
        found = known[ids]
        new = np.isnan(found)
        if new.any():
            fresh = ids[new]
            held = self._holding(query, fresh)
            scored = np.zeros(len(fresh))
            scored[held] = 100.0
            rest = ~held
            if rest.any():
                scored[rest] = process.cdist(
                    [query], self._strings[fresh[rest]], scorer=fuzz.partial_ratio,
                    score_cutoff=least, dtype=np.float64,
                )[0]  # fmt: skip
            known[fresh] = scored
            found[new] = scored
        found[found < floor] = 0.0
        return found

    def _holding(self, query: str, ids: np.ndarray) -> np.ndarray:
        """Which of strings `ids` hold the query whole (as a mask over ids)."""
        import numpy as np

        holders = np.zeros(len(self.lengths), dtype=bool)
        posting = self._grams.get(query) if len(query) <= 2 else None
        if posting is not None:
            holders[posting[0]] = True  # a character or bigram: its posting is exact
        elif len(query) > 2:
            maybe = self.holding_grams(query)
            holders[maybe[[query in s for s in self._strings[maybe].tolist()]]] = True
        return holders[ids]

    def number_owners(self, plan_number: dict[str, int]) -> None:
        """Each string's owners as flat arrays: string i owns entries
        start[i]:start[i + 1] of plan and named."""
        import numpy as np

        counts = [len(owners) for owners in self._owners_of]
        self._start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        flat = [owner for owners in self._owners_of for owner in owners]
        self._plan = np.array([plan_number[p] for p, _ in flat], dtype=np.int64)
        self._named = np.array([named for _, named in flat], dtype=bool)
        # the same entries by plan: plan p's strings are
        # by_plan_string[by_plan_start[p]:by_plan_start[p + 1]]
        order = np.argsort(self._plan, kind="stable")
        string_of = np.repeat(np.arange(len(counts)), counts)
        self._by_plan_string = string_of[order].astype(np.int32)
        self._by_plan_named = self._named[order]
        per_plan = np.bincount(self._plan, minlength=len(plan_number))
        self._by_plan_start = np.concatenate(([0], np.cumsum(per_plan))).astype(np.int64)
        del self._owners_of

    def owners(self, ids: np.ndarray, as_word_too: int | None) -> np.ndarray:
        """The plan numbers (sorted, distinct) carrying strings `ids` as a name,
        or string `as_word_too` in any way (PlanIndex.naming)."""
        import numpy as np

        counts = self._start[ids + 1] - self._start[ids]
        first = self._start[ids] - np.cumsum(counts) + counts
        entries = np.repeat(first, counts) + np.arange(int(counts.sum()))
        keep = self._named[entries]
        if as_word_too is not None:
            keep |= np.repeat(ids == as_word_too, counts)
        return _distinct(self._plan[entries[keep]], len(self._by_plan_start) - 1)

    def best_per_plan(
        self, query: str, floor: float, any_name: np.ndarray, by_name: np.ndarray, least: float
    ) -> None:
        """Raise each plan's best score (any of its strings; its names only)
        to what its strings score against the query, counting under `floor` as 0
        (`least`: see _score)."""
        import numpy as np

        if floor > 100:
            return  # no string can score it
        ids = self.candidates(query, floor)
        if not len(ids):
            return
        found = self._score(query, floor, ids, least)
        hit = found >= floor
        ids, found = ids[hit], found[hit]
        counts = self._start[ids + 1] - self._start[ids]
        total = int(counts.sum())
        # the entries of every scoring string, each with its string's score
        first = self._start[ids] - np.cumsum(counts) + counts
        entries = np.repeat(first, counts) + np.arange(total)
        scores = np.repeat(found, counts)
        plans = self._plan[entries]
        np.maximum.at(any_name, plans, scores)
        named = self._named[entries]
        np.maximum.at(by_name, plans[named], scores[named])

    def rescore(
        self, query: str, floor: float, plans: np.ndarray, any_name: np.ndarray,
        by_name: np.ndarray, least: float,
    ) -> None:  # fmt: skip
        """best_per_plan for these plans only, on all their own strings."""
        import numpy as np

        starts = self._by_plan_start[plans]
        counts = self._by_plan_start[plans + 1] - starts
        total = int(counts.sum())
        if not total:
            return
        entries = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)
        strings, inverse = _distinct_inverse(self._by_plan_string[entries], len(self.lengths))
        if len(strings) > _RESCORE_DIRECTLY:
            # many plans (a generic word): score only their strings that pass
            # the filters, as a pass at the floor would
            may = np.zeros(len(self.lengths), dtype=bool)
            may[self.candidates(query, floor)] = True
            scored = strings[may[strings]]
        else:
            scored = strings
        by_string = np.zeros(len(self.lengths))
        if len(scored):
            by_string[scored] = self._score(query, floor, scored, least)
        found = by_string[strings][inverse]
        found[found < floor] = 0.0
        owners = np.repeat(plans, counts)
        np.maximum.at(any_name, owners, found)
        named = self._by_plan_named[entries]
        np.maximum.at(by_name, owners[named], found[named])


# A name of fewer plans than this has its hits made one by one (PlanIndex._hits).
_FEW_OWNERS = 32
# Below this many values, np.unique is the cheaper way to distinct ones.
_UNIQUE_BY_SORT = 64


def _distinct(values: np.ndarray, size: int) -> np.ndarray:
    """np.unique of numbers in 0..size-1 (plans, strings), through a mask of
    them all: tens of thousands of values (a generic word's plans) are
    neither hashed nor sorted."""
    import numpy as np

    if len(values) < _UNIQUE_BY_SORT:
        return np.unique(values)
    seen = np.zeros(size, dtype=bool)
    seen[values] = True
    return np.flatnonzero(seen).astype(values.dtype, copy=False)


def _distinct_inverse(values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_inverse=True) of numbers in 0..size-1, the same way."""
    import numpy as np

    if len(values) < _UNIQUE_BY_SORT:
        return np.unique(values, return_inverse=True)
    distinct = _distinct(values, size)
    place = np.zeros(size, dtype=np.intp)
    place[distinct] = np.arange(len(distinct))
    return distinct, place[values]


def _bigrams_kept(m: int, cutoff: float) -> int:
    """How many of a query's m - 1 bigrams (counted with repeats) a longer
    string must hold for partial_ratio to reach `cutoff`.

    The query s is aligned with a window w of k <= m characters, scoring
    200L / (m + k) with L their longest common subsequence. A bigram of s
    whose two characters are matched to adjacent characters of w is in w,
    so in the string. Each of the m - L unmatched characters of s spoils at
    most two bigrams, each of the k - L unmatched characters of w separates
    at most one more pair: at least (m - 1) - 2(m - L) - (k - L) remain,
    least over the window lengths that can score at all."""
    least: int | None = None
    for k in range(1, m + 1):
        common = math.ceil(cutoff * (m + k) / 200 - 1e-6)
        if common > k:
            continue  # this window cannot reach the cutoff
        kept = (m - 1) - 2 * (m - common) - (k - common)
        least = kept if least is None else min(least, kept)
    return 0 if least is None else least


def word_chunks(segment: str) -> tuple[list[str], list[str]]:
    """A key's words split at particles, and its runs of kanji (「入居する会社」 →
    入居, 会社): how summaries are searched and quoted."""
    by_particles = [c for c in _PARTICLE_SPLIT.split(segment) if len(c) >= 2]
    by_kanji = [c for c in _KANJI_RUN.findall(segment) if len(c) >= 2]
    return by_particles, by_kanji


def _word_bounded(key: str, name: str, start: int, end: int) -> bool:
    """An ASCII name (dmo) must stand as a word, not inside one (admonish)."""
    if not _ASCII_WORD.match(name):
        return True
    before = key[start - 1] if start > 0 else " "
    after = key[end] if end < len(key) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _head(ranked: list[PlanScore], within: float, at_least: int) -> list[PlanScore]:
    """The scores (best first) whose combined score is less than `within`
    below the best, and at least the first `at_least`: all the matcher reads."""
    if not ranked:
        return ranked
    top = ranked[0].combined
    close = sum(1 for s in ranked if top - s.combined < within)
    return ranked[: max(close, at_least)]


def _rank_key(score: PlanScore) -> tuple[float, float, str]:
    return (-max(score.surface, score.reading - READING_PENALTY), -score.surface, score.plan_id)


def _placed_postings(texts: list[str]) -> dict[str, tuple[np.ndarray, ...]]:
    """Each character and bigram → the texts holding it, with how far from
    their start and from their end it first occurs."""
    import numpy as np

    postings: dict[str, tuple[list[int], list[int], list[int]]] = {}
    for index, text in enumerate(texts):
        places: dict[str, list[int]] = {}
        for size in (1, 2):
            for i in range(len(text) - size + 1):
                gap = len(text) - i - size
                place = places.get(text[i : i + size])
                if place is None:
                    places[text[i : i + size]] = [i, gap]
                else:
                    place[1] = gap
        for gram, (head, tail) in places.items():
            ids, heads, tails = postings.setdefault(gram, ([], [], []))
            ids.append(index)
            heads.append(head)
            tails.append(tail)
    return {
        g: (np.array(i, dtype=np.int32), np.array(h, dtype=np.int32), np.array(t, dtype=np.int32))
        for g, (i, h, t) in postings.items()
    }


def _gram_postings(texts: list[str]) -> dict[str, np.ndarray]:
    import numpy as np

    postings: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(texts):
        for gram in _bigrams(text):
            postings[gram].append(index)
    return {g: np.array(ids, dtype=np.int32) for g, ids in postings.items()}


_EN_WORD = re.compile(r"[a-z]{3,}")
# Words that say nothing of what a plan does.
_EN_STOP = frozenset(
    {
        "the", "and", "for", "with", "will", "that", "this", "which", "are", "from", "into", "its",
        "plan", "plans", "city", "who", "what", "where", "when", "does", "how", "there",
        "any", "can", "could", "would", "should", "about", "have", "has", "had", "was", "were",
        "you", "your", "our", "their", "they", "them", "help", "want", "need", "like", "know",
        "tell", "please", "is", "my", "me", "am", "also", "make", "made", "one", "some", "such",
        "very", "just", "these", "those", "then", "than", "other", "others", "more", "most",
        "question", "questions", "number", "pls", "thanks", "thank", "info", "information",
    }
)


_EN_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")


def english_stems(text: str) -> set[str]:
    """The content words of English text, by their first five letters once a
    plain ending is cut (selling, sells and sell are one)."""
    return {
        _EN_SUFFIX.sub("", w)[:5] if len(w) > 4 else w
        for w in _EN_WORD.findall(text.lower())
        if w not in _EN_STOP
    }

