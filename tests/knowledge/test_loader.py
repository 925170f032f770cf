"""load_knowledge: a clerk who breaks a knowledge file is told the file, the line,
the place in it and the reason, for every mistake at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeError, Problem, load_knowledge
from bot.knowledge.loader import _fast_load, _Loader, default_knowledge_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kdir(tmp_path: Path) -> Path:
    directory = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", directory)
    return directory


def edit(directory: Path, name: str, old: str, new: str) -> int:
    """Replace `old` (which must occur once) and return the 1-based line it began on."""
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def problems_of(directory: Path) -> list[Problem]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return caught.value.problems


def only_problem(directory: Path) -> Problem:
    problems = problems_of(directory)
    assert len(problems) == 1, problems
    return problems[0]


def test_the_bundled_knowledge_loads() -> None:
    kb = load_knowledge(ROOT / "knowledge")
    assert len(kb.plans) == 6
    assert set(kb.aliases) <= set(kb.by_id)
    assert kb.city.contact.phone.count("-") == 2


def test_knowledge_dir_comes_from_the_environment(monkeypatch, kdir: Path) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(kdir))
    assert default_knowledge_dir() == kdir
    edit(kdir, "plans.yaml", "round: 36", "round: 0")
    with pytest.raises(KnowledgeError):
        load_knowledge()


def test_misspelt_field_is_an_unknown_key(kdir: Path) -> None:
    line = edit(kdir, "plans.yaml", "    certification:\n      date: 2019-03-29\n      round: 51\n"
                "    changes:\n      - 2020-03-30\n    period:\n      start: 2019-03-29\n"
                "      end: 2022-03-31\n    summary: |-\n      長井市で",
                "    certfication:\n      date: 2019-03-29\n      round: 51\n"
                "    changes:\n      - 2020-03-30\n    period:\n      start: 2019-03-29\n"
                "      end: 2022-03-31\n    summary: |-\n      長井市で")  # fmt: skip
    problems = problems_of(kdir)
    unknown = next(p for p in problems if "certfication" in p.place)
    assert unknown.file == "plans.yaml"
    assert unknown.place == "plans[1] (dmo-tourism) > certfication"
    assert "知らない項目" in unknown.reason
    assert unknown.line == line
    missing = next(p for p in problems if p.place.endswith("> certification"))
    assert missing.reason == "必要な項目がありません"
    assert str(unknown) == (
        f"plans.yaml:{line}: plans[1] (dmo-tourism) > certfication:"
        " 知らない項目です (項目名の綴りを確認してください)"
    )


def test_duplicate_plan_id(kdir: Path) -> None:
    line = edit(kdir, "plans.yaml", "  - id: machinaka-facility", "  - id: sixth-industry")
    problems = problems_of(kdir)
    duplicate = next(p for p in problems if "重複" in p.reason)
    assert duplicate.file == "plans.yaml"
    assert duplicate.place == "plans[4] (sixth-industry) > id"
    assert duplicate.reason == "id「sixth-industry」が重複しています (plans[2] と同じ)"
    assert duplicate.line == line
    # aliases.yaml now names a plan that no longer exists: said too, in the same run
    orphan = next(p for p in problems if p.file == "aliases.yaml")
    assert orphan.place == "machinaka-facility"
    assert orphan.reason == "plans.yaml に id「machinaka-facility」の計画がありません"


def test_impossible_date(kdir: Path) -> None:
    line = edit(kdir, "plans.yaml", "      date: 2016-03-15", "      date: 2019-02-30")
    problem = only_problem(kdir)
    assert problem.file == "plans.yaml"
    assert problem.place == "plans[0] (water-history-transit) > certification > date"
    assert "ありえない日付" in problem.reason
    assert "2019-02-30" in problem.reason
    assert problem.line == line


def test_change_date_before_certification(kdir: Path) -> None:
    edit(kdir, "plans.yaml", "      - 2017-05-30\n    period:\n      start: 2016-12-13",
         "      - 2015-05-30\n    period:\n      start: 2016-12-13")  # fmt: skip
    problem = only_problem(kdir)
    assert problem.place == "plans[5] (job-innovation)"
    assert problem.reason == "変更日 2015-05-30 が認定日 2016-12-13 より前になっています"
    assert problem.line == edit(
        kdir, "plans.yaml", "  - id: job-innovation", "  - id: job-innovation"
    )


def test_period_ending_before_it_starts(kdir: Path) -> None:
    edit(kdir, "plans.yaml", "      start: 2019-03-29\n      end: 2024-03-31",
         "      start: 2019-03-29\n      end: 2018-03-31")  # fmt: skip
    problem = only_problem(kdir)
    assert problem.place == "plans[4] (machinaka-facility) > period"
    assert (
        problem.reason == "計画期間の終わり (2018-03-31) が始まり (2019-03-29) より前になっています"
    )
    assert problem.line is not None


def test_duplicate_yaml_key(kdir: Path) -> None:
    title = "    title: 地域連携DMOを中心とした観光地域づくり計画\n"
    line = edit(kdir, "plans.yaml", title, title + "    title: もう一つ\n") + 1
    problem = only_problem(kdir)
    assert problem.file == "plans.yaml"
    assert problem.place == "plans[1] (dmo-tourism) > title"
    assert problem.reason == "「title」が2回書かれています"
    assert problem.line == line


def test_duplicate_key_in_city_yaml(kdir: Path) -> None:
    line = edit(kdir, "city.yaml", "  fax: 0238-83-1070\n", "  fax: 0238-83-1070\n  fax: 0\n") + 1
    problem = only_problem(kdir)
    assert (problem.file, problem.place, problem.line) == ("city.yaml", "contact > fax", line)


@pytest.mark.parametrize("name", ["plans.yaml", "city.yaml"])
def test_missing_file(kdir: Path, name: str) -> None:
    (kdir / name).unlink()
    problem = only_problem(kdir)
    assert (problem.file, problem.place, problem.reason, problem.line) == (
        name,
        "",
        "ファイルがありません",
        None,
    )


def test_aliases_file_is_optional(kdir: Path) -> None:
    (kdir / "aliases.yaml").unlink()
    kb = load_knowledge(kdir)
    assert kb.aliases == {}
    assert kb.aliases_of("dmo-tourism").all() == ()


def test_alias_for_an_unknown_plan(kdir: Path) -> None:
    with (kdir / "aliases.yaml").open("a", encoding="utf-8") as f:
        f.write("\nno-such-plan:\n  names: [どこにもない計画]\n")
    lines = (kdir / "aliases.yaml").read_text(encoding="utf-8").splitlines()
    problem = only_problem(kdir)
    assert problem.file == "aliases.yaml"
    assert problem.place == "no-such-plan"
    assert problem.reason == "plans.yaml に id「no-such-plan」の計画がありません"
    assert problem.line == lines.index("no-such-plan:") + 1


def test_reading_not_in_hiragana(kdir: Path) -> None:
    line = edit(kdir, "aliases.yaml", "  readings: [ぱられるわーく, じんざいゆうち]",
                "  readings: [パラレルワーク, じんざいゆうち]")  # fmt: skip
    problem = only_problem(kdir)
    assert problem.file == "aliases.yaml"
    assert problem.place == "parallel-work > readings"
    assert problem.reason == "読み「パラレルワーク」はひらがなで書いてください"
    assert problem.line == line


def test_bad_phone_number(kdir: Path) -> None:
    line = edit(kdir, "city.yaml", "phone: 0238-87-0714", "phone: 0238870714")
    problem = only_problem(kdir)
    assert problem.file == "city.yaml"
    assert problem.place == "contact > phone"
    assert problem.reason.startswith("電話番号は 0238-87-0714 の形で書いてください")
    assert "0238870714" in problem.reason
    assert problem.line == line


def test_broken_yaml_syntax(kdir: Path) -> None:
    line = edit(kdir, "plans.yaml", "    partners: [長井市, 南陽市, 白鷹町, 飯豊町]",
                "    partners: [長井市, 南陽市, 白鷹町, 飯豊町")  # fmt: skip
    problem = only_problem(kdir)
    assert problem.file == "plans.yaml"
    assert problem.reason.startswith("YAML として読めません")
    assert problem.line is not None
    assert line <= problem.line <= line + 2


def test_tab_indentation(kdir: Path) -> None:
    line = edit(kdir, "plans.yaml", "    status: ended", "\tstatus: ended")
    problem = only_problem(kdir)
    assert problem.reason.startswith("YAML として読めません")
    assert problem.line == line


def test_empty_file(kdir: Path) -> None:
    (kdir / "plans.yaml").write_text("# nothing yet\n", encoding="utf-8")
    problem = only_problem(kdir)
    assert (problem.file, problem.reason) == ("plans.yaml", "ファイルが空です")


def test_unknown_status_lists_the_allowed_values(kdir: Path) -> None:
    edit(kdir, "plans.yaml", "    status: ended", "    status: finished")
    problem = only_problem(kdir)
    assert problem.place == "plans[5] (job-innovation) > status"
    assert "'current'" in problem.reason
    assert "'ended'" in problem.reason


def test_every_mistake_is_reported_at_once_in_file_order(kdir: Path) -> None:
    edit(kdir, "aliases.yaml", "  readings: [でぃーえむおー,", "  readings: [DMO,")
    edit(kdir, "city.yaml", "fax: 0238-83-1070", "fax: 83-1070")
    edit(kdir, "plans.yaml", "      round: 55", "      round: 0")
    edit(kdir, "plans.yaml", "  - id: job-innovation", "  - id: Job_Innovation")
    problems = problems_of(kdir)
    assert [(p.file, p.place) for p in problems] == [
        ("plans.yaml", "plans[3] (parallel-work) > certification > round"),
        ("plans.yaml", "plans[5] (Job_Innovation) > id"),
        ("city.yaml", "contact > fax"),
        ("aliases.yaml", "dmo-tourism > readings"),
        ("aliases.yaml", "job-innovation"),
    ]
    assert problems[1].reason.startswith("id は英小文字・数字・ハイフンで書いてください")
    assert all(p.line for p in problems)


def test_unhashable_yaml_key_is_a_problem_not_a_crash(kdir: Path) -> None:
    (kdir / "aliases.yaml").write_text("? [a, b]\n: 1\n", encoding="utf-8")
    problem = only_problem(kdir)
    assert problem.file == "aliases.yaml"
    assert "YAML として読めません" in problem.reason


# -- the fast YAML path reads exactly what the full loader reads ---------------------


@pytest.mark.parametrize("name", ["plans.yaml", "aliases.yaml", "city.yaml"])
def test_fast_load_equals_the_full_loader_on_the_real_files(name: str) -> None:
    text = (ROOT / "knowledge" / name).read_text(encoding="utf-8")
    assert _fast_load(text) == yaml.load(text, Loader=_Loader)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: 0x1f\nc: 1.5\nd: .inf\ne: ~\nf: null\ng: yes\nh: 'yes'\ni: 2020-03-30\n",
        "a: [1, two, 3.0, '4', \"5\"]\nb: {c: d, e: [f, {g: h}]}\nc: []\nd: {}\n",
        "s: |-\n  line one\n  line two\nf: >\n  folded\n  text\n",
        "- a\n- - b\n  - c\n- {d: e}\n",
        "",
        "# only a comment\n",
        "---\nplain\n",
        "key: 1_000\nk2: 0o17\nk3: 190:20:30\n",
    ],
)
def test_fast_load_equals_the_full_loader_on_yaml_features(text: str) -> None:
    assert _fast_load(text) == yaml.load(text, Loader=_Loader)


def test_yaml_the_fast_path_leaves_to_the_full_loader_still_loads(kdir: Path) -> None:
    path = kdir / "aliases.yaml"
    text = path.read_text(encoding="utf-8")
    # an anchor and a merge key: the full loader handles them
    text += "\n".join(
        [
            "",
            "base: &base",
            "  names: [共通]",
            "dmo-tourism-extra:",
            "  <<: *base",
        ]
    )
    path.write_text(text, encoding="utf-8")
    problems = problems_of(kdir)
    assert {p.place for p in problems} == {"base", "dmo-tourism-extra"}
    assert all("の計画がありません" in p.reason for p in problems)


def test_generated_benchmark_knowledge_is_valid_and_repeatable(tmp_path: Path) -> None:
    # tests/benchmarks/kbgen.py feeds the load and matcher benchmarks: keep it loadable
    from tests.benchmarks.kbgen import generate_knowledge

    generated = generate_knowledge(60, tmp_path / "a", seed=3)
    kb = load_knowledge(tmp_path / "a")
    assert [p.id for p in kb.plans] == [p.id for p in generated.plans]
    assert len({p.title for p in kb.plans}) == 60
    assert set(kb.aliases) <= set(kb.by_id)
    assert len(kb.aliases) == generated.aliased > 0
    assert all(150 <= len(p.summary) <= 320 for p in kb.plans)
    generate_knowledge(60, tmp_path / "b", seed=3)
    for name in ("plans.yaml", "aliases.yaml", "city.yaml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
