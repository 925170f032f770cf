"""The project's golden questions, judged like the shared evaluation:

- questions.jsonl: every kind of question, in many phrasings (written by us);
- blind_questions.jsonl: 224 questions a teammate wrote from the city's page
  without seeing the code (first run: 198/224; see README);
- blind2_questions.jsonl: 172 more, written the same way later, in other
  styles (first run: 151/172);
- blind3_questions.jsonl: 211 more, written blind before the parser learned
  to compose queries (first run: 145/211), in new styles (several fields, yes/no,
  content, relative time, dialect, English conversations);
- blind4_questions.jsonl: 228 more, written blind at the start and kept sealed
  until the composed parser was done (first run: 202/228);
- blind5_questions.jsonl: 238 more, written blind at the end (first run: 215/238);
- blind6_questions.jsonl: 260 more, written blind in session 3 (first run: 229/260);
- blind7_questions.jsonl: 201 more, written blind and kept sealed in session 3 (first
  run: 163/201);
- blind8_questions.jsonl: 247 more, written blind at the end of session 3 (first run:
  218/247);
- blind9_questions.jsonl: 235 more, written blind at the start of session 4 (first
  run: 178/235);
- blind10_questions.jsonl: 248 more, written blind at the same time and sealed until
  the end of session 4 (first run: 201/248);
- blind11_questions.jsonl: 301 more, written blind at the start of session 5 (first
  run: 245/301 on the session's starting code);
- blind12_questions.jsonl: 299 more, written blind at the same time and sealed until
  the middle of session 5 (first run: 262/299);
- blind13_questions.jsonl: 283 more, written blind in session 5 and sealed until late
  in it (first run: 253/283);
- blind14_questions.jsonl: 298 more, written blind at the end of session 5 and sealed
  until its last hour (first run: 253/298; session 4's code: 250/298);
- blind15_questions.jsonl: 300 more, written blind at the start of session 6 (voice
  input, mixed Japanese and English, false premises, a child's kana; first run:
  258/300);
- blind16_questions.jsonl: 299 more, written blind at the same time and sealed until
  its first run (foreign residents, council members, deep dialect, topic-switching
  conversations; first run: 262/299);
- blind17_questions.jsonl: 301 more, written blind at the start of session 7 (parents,
  business owners, historians, one-word queries, wrong dates to correct, counts and
  orders; first run: 261/301);
- blind18_questions.jsonl: 301 more, written blind at the same time (keigo e-mails,
  SNS style, katakana English, comparisons, false premises, months and eras; first
  run: 259/301);
- blind19_questions.jsonl: 301 more, written blind in session 7 after its first fixes
  and sealed until run (report writers, lists to confirm, durations, dialects, what
  the page does not say; first run: 266/301; session 6's code: 260/301);
- blind20_questions.jsonl: 300 more, written blind at the start of session 8 and run
  first (quiz-masters, as-of dates, orders, durations in days, formats asked for,
  neighbouring towns in kana; first run: 245/300);
- blind21_questions.jsonl: 300 more, written blind at the same time and sealed until
  late in session 8 (clerks' call notes, paraphrased plans, confirmations, romaji,
  British English; first run: 264/300; session 7's code: 263/300);
- blind22_questions.jsonl: 300 more, written blind late in session 8 and run at once
  (LINE fragments, the page itself, half-true checks, children's kana; first run:
  269/300; session 7's code: 268/300);
- blind23_questions.jsonl: 300 more, written blind at the start of session 9 and run
  first (council members, IME slips, numbered questions, plans by their place on the
  page, one-word queries, broken English; first run: 250/300);
- blind24_questions.jsonl: 300 more, written blind at the same time and sealed until
  blind 23's kinds were fixed (voice fillers, exceptions, relative dates and
  anniversaries, SNS slang, pasted mails, Kansai and Okitama; first run: 271/300 on the
  session's starting code, 270/300 on the code of then);
- blind25_questions.jsonl: 300 more, written blind mid-session 9 and sealed until run
  (self-corrections, plans by their goals, ranges, reports, double negatives, English
  typos; first run: 254/300 on the starting code, 255/300 on the code of then);
- blind26_questions.jsonl: 300 more, written blind at the same time and sealed until the
  end of session 9 (chat conversations with ellipsis, reformatting requests, the page
  itself, business Japanese, a plan fact beside an out-of-scope request, wrong premises;
  first run: 262/300 on the starting code, 264/300 on the session's final code);
- blind27_questions.jsonl: 300 more, written blind at the start of session 10 and run
  first (search-engine keywords, hedged keigo, a librarian's catalogue, other calendar
  forms, sums and spans, Vietnamese and Chinese residents, non-native English; its
  "oos" lines filed as out_of_scope; first run: 262/300);
- blind28_questions.jsonl: 300 more, written blind at the same time and sealed until the
  end of session 10 (a radio host's listener letters, a retired teacher, newcomer
  families, business planners, slightly wrong quotes of the page, 〜について framing,
  American and formal English; first run: 266/300 on the starting code, 272/300 on the
  session's final code);
- blind29_questions.jsonl: 300 more, written blind mid-session 10 and run at once
  (a ryokan owner, a farmer, a parent, a council secretariat's bullets, conditions
  first, fill-in-the-blank, a tourist's and a researcher's English; first run: 271/300
  on the starting code, 273/300 on the code of then);
- blind30_questions.jsonl: 300 more, written blind at the start of session 11 and run
  first (flash cards, 変換ミス, Korean, the page's layout, bracketed asides, Australian
  and Indian English, two plans compared; first run: 252/300);
- blind31_questions.jsonl: 300 more, written blind at the same time and run mid-session
  (a debate club, a draft to correct, calendar forms, neighbouring towns' officials,
  Portuguese, British English; first run: 268/300);
- blind32_questions.jsonl: 300 more, written blind at the same time and sealed until the
  end of session 11 (a business owner, 謙譲語, statistics, exclusions, Tagalog-English,
  clerks relaying calls; first run: 252/300 on the final code and on the starting code);
- offtopic_questions.jsonl: city questions that are not about the plans.

Besides each line's own expectation, no out-of-scope answer in any file may
state a plan fact (a plan's title or short name, or any date of any plan); an
answer saying the page does not give what was asked (「…についての記載はありません」)
may name the plan whose summary speaks of the thing, but no date. A line that asks
a plan's fact beside its out-of-scope request (「DMOの認定日と、ホテルの予約も」, its
expectation holding the date) is judged by its expectation alone.

A line with "known_gap" is a known miss, kept as a strict xfail so that fixing
it (or breaking it differently) is noticed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message
from bot.knowledge import load_knowledge
from tests.golden.judge import judge, plans_named

HERE = Path(__file__).parent
FILES = (
    "questions.jsonl",
    "blind_questions.jsonl",
    "blind2_questions.jsonl",
    "blind3_questions.jsonl",
    "blind4_questions.jsonl",
    "blind5_questions.jsonl",
    "blind6_questions.jsonl",
    "blind7_questions.jsonl",
    "blind8_questions.jsonl",
    "blind9_questions.jsonl",
    "blind10_questions.jsonl",
    "blind11_questions.jsonl",
    "blind12_questions.jsonl",
    "blind13_questions.jsonl",
    "blind14_questions.jsonl",
    "blind15_questions.jsonl",
    "blind16_questions.jsonl",
    "blind17_questions.jsonl",
    "blind18_questions.jsonl",
    "blind19_questions.jsonl",
    "blind20_questions.jsonl",
    "blind21_questions.jsonl",
    "blind22_questions.jsonl",
    "blind23_questions.jsonl",
    "blind24_questions.jsonl",
    "blind25_questions.jsonl",
    "blind26_questions.jsonl",
    "blind27_questions.jsonl",
    "blind28_questions.jsonl",
    "blind29_questions.jsonl",
    "blind30_questions.jsonl",
    "blind31_questions.jsonl",
    "blind32_questions.jsonl",
    "blind33_questions.jsonl",
    "blind34_questions.jsonl",
    "blind35_questions.jsonl",
    "offtopic_questions.jsonl",
)
TODAY = dt.date(2026, 11, 26)


def _load(name: str) -> list[dict]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [dict(json.loads(line), file=name) for line in lines if line.strip()]


QUESTIONS = [q for name in FILES for q in _load(name)]


@pytest.fixture(scope="module")
def answers() -> dict[tuple[str, str], str]:
    """Each file through its own bot, in file order: a user's lines are one
    conversation, as in the shared evaluation."""
    out = {}
    for name in FILES:
        bot = Bot(load_knowledge(), MemoryContextStore(), today=lambda: TODAY)
        for q in _load(name):
            reply = bot.handle(Message("test", q.get("user", "eval"), q["text"]))
            out[name, q["id"]] = reply.text
    return out


def _case(q: dict):  # type: ignore[no-untyped-def]
    marks = [pytest.mark.xfail(strict=True, reason=q["known_gap"])] if "known_gap" in q else []
    return pytest.param(q, id=f"{q['file'].split('.')[0]}:{q['id']}", marks=marks)


@pytest.mark.parametrize("question", [_case(q) for q in QUESTIONS])
def test_golden_question(question: dict, answers: dict) -> None:
    answer = answers[question["file"], question["id"]]
    reasons = judge(question["expect"], answer)
    assert not reasons, f"{question['text']!r} → {answer!r}: {reasons}"


def _plan_facts() -> list[str]:
    """Every plan's title, button name and date, in the forms an answer writes them,
    taken from the knowledge (not from this test)."""
    from bot.core.phrases import date_ja

    kb = load_knowledge()
    facts = []
    for plan in kb.plans:
        facts.append(plan.title)
        facts.extend(kb.aliases_of(plan.id).names[:1])
        days = {plan.certification.date, plan.period.start, plan.period.end, *plan.changes}
        facts.extend(date_ja(day) for day in days)
        facts.extend(f"{day.year}年{day.month}月{day.day}日" for day in days)
    return facts


def _asks_a_plan_fact_too(q: dict) -> bool:
    """「DMOの認定日と、ホテルの予約も」: an out-of-scope request beside a plan's fact,
    whose own expectation asks for that fact too (a date, or the partners beside the
    refusal: more than one group of words)."""
    groups = q["expect"].get("all", [])
    return len(groups) >= 2 or any(alt.startswith("D:") for group in groups for alt in group)


OUT_OF_SCOPE = [q for q in QUESTIONS if q["cat"] in ("out_of_scope", "outofscope")
                and "known_gap" not in q and not _asks_a_plan_fact_too(q)]  # fmt: skip


@pytest.mark.parametrize("question", [_case(q) for q in OUT_OF_SCOPE])
def test_out_of_scope_answer_states_no_plan_fact(question: dict, answers: dict) -> None:
    answer = answers[question["file"], question["id"]]
    facts = _plan_facts()
    if NOT_ON_THE_PAGE in answer:
        # 「まちなかのレンタルオフィスの家賃は?」: the answer may name the plan whose
        # summary speaks of the rental office, to say the page gives no rent, but it
        # still states no date of any plan
        facts = [f for f in facts if "日" in f and any(c.isdigit() for c in f)]
    stated = [fact for fact in facts if fact in answer]
    assert not stated, f"{question['text']!r} → states {stated}"


# what an answer says when the page does not give what was asked (bot/core/answer/content.py)
NOT_ON_THE_PAGE = "についての記載はありません"


def test_plan_fact_check_can_fail() -> None:
    facts = _plan_facts()
    assert "平成31年3月29日" in facts and any("DMO" in f for f in facts)


def test_golden_set_covers_every_kind() -> None:
    kinds = {q["cat"] for q in _load("questions.jsonl")}
    assert kinds >= {
        "cert", "round", "change", "period", "status", "summary", "partners", "contact",
        "list", "aggregate", "scheme", "out_of_scope", "smalltalk", "english",
        "conversation", "ambiguous", "bad_input",
    }  # fmt: skip


def test_judge_can_fail() -> None:
    """The judge rejects a wrong date and an answer naming two plans."""
    assert judge({"all": [["D:2019-03-29"]]}, "令和2年3月30日です")
    assert judge({"plans_max": 1}, "DMOと6次産業化の計画")
    assert plans_named("平成31年3月29日") == set()
