"""`python -m bot knowledge import PAGE`: the city's page in, knowledge/ updated,
with one line in Japanese for each change a clerk should know about."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge import load_knowledge
from bot.knowledge.page import PageError, parse_page, partners_of

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "tests" / "data" / "nagai-page.txt"
DMO = "地域連携DMOを中心とした観光地域づくり計画"
PARALLEL = "パラレルワークを中心とした人材誘致計画"


@pytest.fixture
def kdir(tmp_path: Path) -> Path:
    directory = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", directory)
    return directory


def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def write_page(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def run_import(
    capsys: pytest.CaptureFixture[str], page: Path, directory: Path, *extra: str
) -> tuple[int, list[str]]:
    code = main(["knowledge", "import", str(page), "--dir", str(directory), *extra])
    return code, capsys.readouterr().out.splitlines()


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def block(text: str, title: str) -> str:
    """A plan's lines on the page, from its title to its PDF line."""
    start = text.index(f"\n{title}\n") + 1
    end = text.index("計画の詳細については、下記のファイルからご覧ください。\n", start)
    return text[start : end + len("計画の詳細については、下記のファイルからご覧ください。\n\n")]


# -- the bundled page ------------------------------------------------------------


def test_the_bundled_page_matches_the_knowledge_exactly(capsys, kdir: Path) -> None:
    before = snapshot(kdir)
    code, out = run_import(capsys, PAGE, kdir, "--dry-run")
    assert (code, out) == (0, ["変更はありません"])
    code, out = run_import(capsys, PAGE, kdir)
    assert (code, out) == (0, ["変更はありません"])
    assert snapshot(kdir) == before


def test_the_repository_knowledge_is_what_the_page_says(capsys) -> None:
    code = main(["knowledge", "import", str(PAGE), "--dry-run"])
    assert (code, capsys.readouterr().out) == (0, "変更はありません\n")


def test_page_reading_keeps_every_fact() -> None:
    page = parse_page(page_text())
    assert [p.title for p in page.plans][:2] == [
        "水と歴史と公共交通を活かす 最上川「山の港町」長井市地域再生計画",
        DMO,
    ]
    first = page.plans[0]
    assert first.line == 9
    assert (first.certified, first.round) == (dt.date(2016, 3, 15), 36)
    assert first.changes[-1] == dt.date(2020, 3, 30)
    assert (first.start, first.end) == (dt.date(2016, 3, 15), dt.date(2021, 3, 31))
    # two paragraphs; the second began with a no-break space on the page
    assert first.summary.split("\n")[1].startswith("また、中心市街地と")
    assert "計画の詳細" not in first.summary
    dmo = page.plans[1]
    assert dmo.partners == ["長井市", "南陽市", "白鷹町", "飯豊町"]
    assert dmo.partnership == "長井市、南陽市、白鷹町、飯豊町の2市2町による広域連携事業"
    assert [p.status.value for p in page.plans] == ["current"] * 5 + ["ended"]
    assert page.contact is not None
    assert (page.contact.department, page.contact.office) == ("総合政策課", "総合戦略室")
    assert (page.contact.phone, page.contact.fax) == ("0238-87-0714", "0238-83-1070")
    assert page.contact.postal_code == "993-8601"
    assert page.contact.address == "山形県長井市ままの上5番1号"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("長井市、南陽市、白鷹町、飯豊町の2市2町による広域連携事業", ["長井市", "南陽市", "白鷹町", "飯豊町"]),
        ("米沢市・高畠町・川西町の連携事業", ["米沢市", "高畠町", "川西町"]),
        ("大江町、朝日町の広域連携", ["大江町", "朝日町"]),
        ("広域連携事業です", []),
    ],
)  # fmt: skip
def test_partners_are_the_municipalities_the_note_names(note: str, expected: list[str]) -> None:
    assert partners_of(note) == expected


# -- changes on the page -----------------------------------------------------------


def test_a_new_change_date_is_exactly_one_line(capsys, tmp_path: Path, kdir: Path) -> None:
    text = replace_once(
        page_text(),
        "令和2年3月30日変更\n\n(2)計画期間\n\n平成31年3月29日(認定日)から令和4年3月31日まで\n\n(3)計画の概要\n\n長井市で",
        "令和2年3月30日変更\n\n令和3年3月30日変更\n\n(2)計画期間\n\n"
        "平成31年3月29日(認定日)から令和4年3月31日まで\n\n(3)計画の概要\n\n長井市で",
    )
    aliases = (kdir / "aliases.yaml").read_bytes()
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 0
    assert out[:-1] == [f"{DMO}: 変更日 令和3年3月30日 を追加"]
    assert out[-1].startswith("書き込みました")
    kb = load_knowledge(kdir)
    assert kb.plan("dmo-tourism").changes == (dt.date(2020, 3, 30), dt.date(2021, 3, 30))
    assert kb.plan("sixth-industry").changes == (dt.date(2020, 3, 30),)
    assert (kdir / "aliases.yaml").read_bytes() == aliases
    # the file keeps its header and style
    plans_yaml = (kdir / "plans.yaml").read_text(encoding="utf-8")
    original = (ROOT / "knowledge" / "plans.yaml").read_text(encoding="utf-8")
    assert plans_yaml.split("plans:\n")[0] == original.split("plans:\n")[0]
    assert plans_yaml == original.replace(
        "      - 2020-03-30\n    period:\n      start: 2019-03-29\n      end: 2022-03-31\n"
        "    summary: |-\n      長井市で",
        "      - 2020-03-30\n      - 2021-03-30\n    period:\n      start: 2019-03-29\n"
        "      end: 2022-03-31\n    summary: |-\n      長井市で",
    )
    # a second import of the same page has nothing left to do
    assert run_import(capsys, write_page(tmp_path, text), kdir) == (0, ["変更はありません"])


def test_a_plan_moved_under_ended_plans(capsys, tmp_path: Path, kdir: Path) -> None:
    text = page_text()
    dmo = block(text, DMO)
    text = text.replace(dmo, "")
    text = replace_once(text, "終了した計画\n\n", "終了した計画\n\n" + dmo)
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 0
    assert out[:-1] == [f"{DMO}: 終了した計画に移動"]
    assert load_knowledge(kdir).plan("dmo-tourism").status.value == "ended"


def test_a_new_plan_is_added_with_a_stable_id(capsys, tmp_path: Path, kdir: Path) -> None:
    new_plan = (
        "長井市デジタル田園都市推進計画\n\n"
        "(1)計画の認定日及び変更日\n\n令和5年3月28日(第68回)認定\n\n"
        "(2)計画期間\n\n令和5年3月28日(認定日)から令和10年3月31日まで\n\n"
        "(3)計画の概要\n\n"
        "\u3000デジタル技術を活用し、市民の利便性を高めます。\n"
        " 併せて、オンライン申請を広げます。\n\n"
        "計画の詳細については、下記のファイルからご覧ください。\n\n"
    )
    text = replace_once(page_text(), "終了した計画\n", new_plan + "終了した計画\n")
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 0
    assert out[:-1] == [
        "新しい計画を追加: 長井市デジタル田園都市推進計画 (id: plan-r68-2023-03-28)"
    ]
    kb = load_knowledge(kdir)
    plan = kb.plan("plan-r68-2023-03-28")
    assert (
        plan.summary
        == "デジタル技術を活用し、市民の利便性を高めます。\n併せて、オンライン申請を広げます。"
    )
    assert (plan.period.end, plan.status.value) == (dt.date(2028, 3, 31), "current")
    # placed after the last current plan, before the ended one
    assert [p.id for p in kb.plans][-2:] == ["plan-r68-2023-03-28", "job-innovation"]
    assert kb.aliases_of("plan-r68-2023-03-28").all() == ()


def test_period_end_and_summary_changes(capsys, tmp_path: Path, kdir: Path) -> None:
    text = replace_once(
        page_text(),
        "令和2年3月30日(認定日)から令和5年3月31日まで",
        "令和2年3月30日(認定日)から令和6年3月31日まで",
    )
    text = replace_once(text, "ハイパー学童クラブを運営します。", "学童クラブを運営します。")
    code, out = run_import(capsys, write_page(tmp_path, text), kdir, "--dry-run")
    assert code == 0
    assert out == [
        f"{PARALLEL}: 計画期間の終わり 令和5年3月31日 → 令和6年3月31日",
        f"{PARALLEL}: 計画の概要を更新",
        "(--dry-run のため、何も書き込んでいません)",
    ]


def test_dry_run_writes_nothing(capsys, tmp_path: Path, kdir: Path) -> None:
    text = replace_once(page_text(), "平成29年5月30日変更\n\n(2)", "(2)")
    before = snapshot(kdir)
    code, out = run_import(capsys, write_page(tmp_path, text), kdir, "--dry-run")
    assert code == 0
    assert (
        out[0] == "「山の港町」長井市・しごと創出イノベーション計画: 変更日 平成29年5月30日 を削除"
    )
    assert snapshot(kdir) == before


def test_a_renamed_plan_is_matched_by_its_certification(capsys, tmp_path: Path, kdir) -> None:
    text = replace_once(page_text(), f"\n{PARALLEL}\n", "\nパラレルワークによる人材誘致計画\n")
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 0
    assert out[:-1] == [
        f"パラレルワークによる人材誘致計画: 計画名 {PARALLEL} → パラレルワークによる人材誘致計画"
    ]
    assert load_knowledge(kdir).plan("parallel-work").title == "パラレルワークによる人材誘致計画"


def test_a_plan_gone_from_the_page_is_reported_not_deleted(capsys, tmp_path, kdir) -> None:
    text = page_text().replace(block(page_text(), PARALLEL), "")
    before = snapshot(kdir)
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 0
    assert out == [
        f"{PARALLEL}: ページにありません (ファイルからは削除していません)",
        "変更はありません",
    ]
    assert snapshot(kdir) == before


def test_a_changed_phone_number_updates_city_yaml_in_place(capsys, tmp_path, kdir) -> None:
    text = replace_once(page_text(), "電話番号:0238-87-0714", "電話番号:0238-87-0799")
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 0
    assert out[:-1] == ["お問い合わせ先: 電話番号 0238-87-0714 → 0238-87-0799"]
    city = (kdir / "city.yaml").read_text(encoding="utf-8")
    original = (ROOT / "knowledge" / "city.yaml").read_text(encoding="utf-8")
    assert city == original.replace("phone: 0238-87-0714", "phone: 0238-87-0799")
    assert load_knowledge(kdir).city.contact.phone == "0238-87-0799"


# -- pages it cannot read: line number, reason, nothing written --------------------


def test_a_garbled_date_names_its_line_and_nothing_is_written(capsys, tmp_path, kdir) -> None:
    text = replace_once(page_text(), "平成31年3月29日変更", "平成31年3月2x日変更")
    line = text.splitlines().index("平成31年3月2x日変更") + 1
    assert line == 21
    before = snapshot(kdir)
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 1
    assert out[0].startswith(f"error: page.txt:{line}: ")
    assert "(1)計画の認定日及び変更日" in out[0]
    assert "読めません" in out[0]
    assert out[-1] == "ページを読み取れない箇所があるため、何も書き込んでいません。"
    assert snapshot(kdir) == before


def test_an_impossible_date_says_why(capsys, tmp_path: Path, kdir: Path) -> None:
    text = replace_once(page_text(), "令和2年3月30日(第55回)認定", "令和2年2月30日(第55回)認定")
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 1
    assert out[0] == (
        f"error: page.txt:80: {PARALLEL} > (1)計画の認定日及び変更日:"
        " 令和2年2月30日という日はありません"
    )


def test_a_plan_without_its_period_names_the_plan(capsys, tmp_path, kdir: Path) -> None:
    text = replace_once(
        page_text(),
        "(2)計画期間\n\n令和2年3月30日(認定日)から令和5年3月31日まで\n\n",
        "",
    )
    before = snapshot(kdir)
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 1
    assert out[0] == f"error: page.txt:76: {PARALLEL}: 「(2)計画期間」がありません"
    assert snapshot(kdir) == before


def test_every_unreadable_section_is_reported(capsys, tmp_path, kdir: Path) -> None:
    text = replace_once(page_text(), "平成28年8月30日変更", "平成28年8月変更")
    text = replace_once(
        text, "平成31年3月29日(認定日)から令和6年3月31日まで", "平成31年3月29日から未定"
    )
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 1
    errors = [line for line in out if line.startswith("error:")]
    assert [e.split(":")[2] for e in errors] == ["15", "100"]
    assert "「…から…まで」の形で読めません" in errors[1]


def test_a_change_before_certification_is_refused(capsys, tmp_path, kdir: Path) -> None:
    text = replace_once(page_text(), "平成29年5月30日変更\n\n(2)", "平成27年5月30日変更\n\n(2)")
    before = snapshot(kdir)
    code, out = run_import(capsys, write_page(tmp_path, text), kdir)
    assert code == 1
    assert out[0].startswith(
        "error: page.txt:112: 「山の港町」長井市・しごと創出イノベーション計画"
    )
    assert "認定日 2016-12-13 より前" in out[0]
    assert snapshot(kdir) == before


def test_a_page_without_the_plans_heading(capsys, tmp_path: Path, kdir: Path) -> None:
    code, out = run_import(capsys, write_page(tmp_path, "別のページ\n\n本文\n"), kdir)
    assert code == 1
    assert out[0] == "error: page.txt: 見出し「長井市地域再生計画」が見つかりません"


def test_a_missing_page_file(capsys, tmp_path: Path, kdir: Path) -> None:
    code, out = run_import(capsys, tmp_path / "nowhere.txt", kdir)
    assert code == 1
    assert out[0] == "error: nowhere.txt: ページのファイルがありません"


def test_invalid_knowledge_is_not_overwritten(capsys, tmp_path: Path, kdir: Path) -> None:
    plans = kdir / "plans.yaml"
    plans.write_text(plans.read_text(encoding="utf-8").replace("round: 36", "round: x"), "utf-8")
    before = snapshot(kdir)
    code, out = run_import(capsys, PAGE, kdir)
    assert code == 1
    assert out[0].startswith("error: plans.yaml:")
    assert "知識ファイルに誤りがある" in out[-1]
    assert snapshot(kdir) == before


def test_parse_page_lists_problems_rather_than_stopping_at_the_first() -> None:
    text = replace_once(page_text(), "平成28年3月15日(第36回)認定", "平成28年3月15日認定")
    text = replace_once(text, "平成31年3月29日(認定日)から令和6年3月31日まで", "")
    with pytest.raises(PageError) as caught:
        parse_page(text, "p.txt")
    problems = caught.value.problems
    assert [p.line for p in problems] == [13, 98]
    assert "(第36回)認定」か「令和2年3月30日変更」の形で読めません" in problems[0].reason
    assert problems[1].reason == "計画期間がありません"


def test_the_command_never_shows_a_traceback(tmp_path: Path, kdir: Path) -> None:
    broken = write_page(tmp_path, page_text().replace("令和2年3月30日変更", "令和2年3月3O日変更"))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "knowledge", "import", str(broken), "--dir", str(kdir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "error: page.txt:23:" in result.stdout


def test_full_width_brackets_digits_and_windows_line_ends_read_the_same(capsys, tmp_path, kdir):
    text = page_text()
    for half, full in (("(1)", "（１）"), ("(2)", "（２）"), ("(3)", "（３）"),
                       ("(第", "（第"), ("回)認定", "回）認定"), ("(認定日)", "（認定日）")):  # fmt: skip
        text = text.replace(half, full)
    text = text.replace("令和2年3月30日変更", "令和２年３月３０日変更").replace("\n", "\r\n")
    path = tmp_path / "page.txt"
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    assert run_import(capsys, path, kdir, "--dry-run") == (0, ["変更はありません"])
