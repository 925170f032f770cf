"""The plan index of a large knowledge base gives the same answers as scoring
every name: its filters skip only names that cannot reach a score the matcher
decides on. Checked on a generated knowledge base (names exact, with a typo,
in kana, in part) and on the golden questions against the bundled knowledge."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from bot.core import matcher, plan_index
from bot.core.answer import choose
from bot.core.intents import Decision, Field
from bot.core.matcher import QuestionParser
from bot.core.normalize import READER, normalize
from bot.core.plan_index import EXACT_FROM, READING_PENALTY, PlanIndex
from bot.knowledge import KnowledgeBase, load_knowledge
from tests.benchmarks.kbgen import generate_knowledge, questions, typo

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    directory = tmp_path_factory.mktemp("kb600")
    generate_knowledge(600, directory, seed=3)
    return load_knowledge(directory)


@pytest.fixture(scope="module")
def both(generated: KnowledgeBase) -> tuple[PlanIndex, PlanIndex]:
    return PlanIndex(generated, indexed=False), PlanIndex(generated, indexed=True)


def test_the_matcher_decides_only_on_scores_the_index_computes_exactly() -> None:
    assert matcher.NEAR_MISS >= EXACT_FROM


def test_same_parse_with_and_without_the_index(
    generated: KnowledgeBase, both: tuple[PlanIndex, PlanIndex]
) -> None:
    brute, indexed = (QuestionParser(generated, index) for index in both)
    texts = questions(generated, 40, seed=5)
    differ = [t for t in texts if brute.parse(t) != indexed.parse(t)]
    assert differ == []
    # and they are questions the index has work on: most name one plan or a few
    parsed = [indexed.parse(t) for t in texts]
    assert sum(bool(p.plans) for p in parsed) > len(texts) // 3
    assert sum(bool(p.candidates) for p in parsed) > len(texts) // 10


def test_same_scores_hits_and_summaries_with_and_without_the_index(
    generated: KnowledgeBase, both: tuple[PlanIndex, PlanIndex]
) -> None:
    brute, indexed = both
    rng = random.Random(7)
    segments = []
    for plan in rng.sample(list(generated.plans), 60):
        key = normalize(plan.title)
        start = rng.randrange(len(key) - 1)
        piece = key[start : rng.randrange(start + 2, len(key) + 1)]
        segments += [piece, typo(rng, piece), READER.read(piece), key]
    for segment in segments:
        for cutoff in (40, 99):
            assert brute.scores(segment, cutoff) == indexed.scores(segment, cutoff), segment
        assert brute.exact_hits(segment) == indexed.exact_hits(segment), segment
        assert brute.near_hits(segment) == indexed.near_hits(segment), segment
        assert brute.summary_coverage(segment) == indexed.summary_coverage(segment), segment
    assert any(brute.near_hits(s) for s in segments)  # the typos are found, both ways
    assert any(len(brute.scores(s)) > 1 for s in segments)


@pytest.mark.parametrize("search_from", [0, plan_index._HEAD_SEARCH_FROM])
def test_the_head_of_the_scores_is_the_whole_list_cut(
    generated: KnowledgeBase,
    both: tuple[PlanIndex, PlanIndex],
    search_from: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Asked for the head only, the index gives what cutting the whole list
    gives: every plan within `within` of the best, and at least `at_least`,
    searched from the top (as for a large knowledge base) or not."""
    monkeypatch.setattr(plan_index, "_HEAD_SEARCH_FROM", search_from)
    brute = both[0]
    rng = random.Random(13)
    segments = ["推進", "すいしん", "計画", "観光"]
    for plan in rng.sample(list(generated.plans), 40):
        key = normalize(plan.title)
        start = rng.randrange(len(key) - 1)
        piece = key[start : rng.randrange(start + 2, len(key) + 1)]
        segments += [piece, typo(rng, piece), READER.read(piece), typo(rng, READER.read(key))]
    for segment in segments:
        whole = brute.scores(segment)
        for within, at_least in ((5.0, 3), (5.0, 0), (0.5, 1), (20.0, 5)):
            top = whole[0].combined if whole else 0.0
            close = sum(1 for s in whole if top - s.combined < within)
            cut = whole[: max(close, at_least)]
            for index in both:
                assert index.scores(segment, within=within, at_least=at_least) == cut, segment
    assert any(len(brute.scores(s, within=5.0, at_least=3)) > 3 for s in segments)


def test_the_filters_keep_every_string_that_scores_and_drop_most_others(
    both: tuple[PlanIndex, PlanIndex],
) -> None:
    """The bound behind the filters, checked against rapidfuzz itself."""
    brute, indexed = both
    filters = indexed._filters
    assert filters is not None
    rng = random.Random(11)
    tables = ((brute._strings, filters.strings, EXACT_FROM),
              (brute._readings, filters.readings, EXACT_FROM + READING_PENALTY))  # fmt: skip
    kept = total = 0
    for strings, table, floor in tables:
        for _ in range(80):
            text = rng.choice(strings)
            start = rng.randrange(len(text))
            query = text[start : start + rng.randrange(2, 16)]
            if rng.random() < 0.5:
                query = typo(rng, query)
            for cutoff in (floor, 85.0, 99.0):
                candidates = set(table.candidates(query, cutoff).tolist())
                scoring = {
                    i for i, s in enumerate(strings) if fuzz.partial_ratio(query, s) >= cutoff
                }
                assert scoring <= candidates, (query, cutoff, scoring - candidates)
                kept += len(candidates)
                total += len(strings)
    assert kept < total * 0.2  # the filters do narrow the field


def _golden_texts() -> list[str]:
    texts = []
    for path in sorted(GOLDEN.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts += [t["text"] for t in record["turns"]] if "turns" in record else []
                texts += [record["text"]] if "text" in record else []
    return texts


def test_golden_questions_parse_the_same_through_the_index() -> None:
    kb = load_knowledge()
    brute = QuestionParser(kb, PlanIndex(kb, indexed=False))
    indexed = QuestionParser(kb, PlanIndex(kb, indexed=True))
    texts = _golden_texts()
    assert len(texts) > 500
    assert [t for t in texts if brute.parse(t) != indexed.parse(t)] == []


def test_the_bundled_knowledge_is_scored_whole_and_a_large_one_through_filters(
    generated: KnowledgeBase,
) -> None:
    assert not PlanIndex(load_knowledge()).indexed
    assert PlanIndex(generated).indexed


def test_a_did_you_mean_over_many_plans_lists_ten_and_counts_the_rest(
    generated: KnowledgeBase,
) -> None:
    many = tuple(p.id for p in generated.plans[:40])
    d = Decision("did_you_mean", candidates=many, fields=(Field.CERTIFIED,))
    reply = choose.did_you_mean(generated, d, dt.date(2026, 11, 26))
    listed = [line for line in reply.text.splitlines() if line.startswith("・")]
    assert len(listed) == 10 and "ほかに30件あります。" in reply.text
    assert len(reply.text) < 5000  # one LINE text message
