"""`python -m bot knowledge check [DIR]` as a clerk runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kdir(tmp_path: Path) -> Path:
    directory = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", directory)
    return directory


def run_bot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        env={**os.environ, **(env or {})},
    )


def break_files(directory: Path) -> None:
    plans = directory / "plans.yaml"
    text = plans.read_text(encoding="utf-8")
    text = text.replace("      date: 2016-03-15", "      date: 2019-02-30")
    text = text.replace("  - id: machinaka-facility", "  - id: sixth-industry")
    plans.write_text(text, encoding="utf-8")
    city = directory / "city.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("0238-87-0714", "87-0714"), "utf-8")


def test_bundled_knowledge_is_ok() -> None:
    result = run_bot("knowledge", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: 6 plans")
    assert result.stderr == ""


def test_check_reads_knowledge_dir_from_the_environment(kdir: Path) -> None:
    break_files(kdir)
    assert run_bot("knowledge", "check", env={"KNOWLEDGE_DIR": str(kdir)}).returncode == 1


def test_a_broken_dir_prints_every_error_and_no_traceback(kdir: Path) -> None:
    break_files(kdir)
    result = run_bot("knowledge", "check", str(kdir))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert len(errors) == 4
    assert errors[0].startswith(
        "error: plans.yaml:20: plans[0] (water-history-transit) > certification > date:"
    )
    assert any("plans[4] (sixth-industry) > id: id「sixth-industry」が重複" in e for e in errors)
    assert any(e.startswith("error: city.yaml:8: contact > phone: 電話番号は") for e in errors)
    assert any("aliases.yaml" in e and "machinaka-facility" in e for e in errors)
    assert (
        result.stdout.splitlines()[-1]
        == "4件の誤りがあります。直してから、もう一度確かめてください。"
    )


def test_check_by_calling_main(capsys, kdir: Path) -> None:
    assert main(["knowledge", "check", str(kdir)]) == 0
    assert capsys.readouterr().out == "ok: 6 plans, 6 alias entries (source checked 2026-11-26)\n"
    (kdir / "city.yaml").unlink()
    assert main(["knowledge", "check", str(kdir)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == "error: city.yaml: ファイルがありません"


def test_a_directory_that_does_not_exist(capsys, tmp_path: Path) -> None:
    assert main(["knowledge", "check", str(tmp_path / "nowhere")]) == 1
    out = capsys.readouterr().out
    assert "error: plans.yaml: ファイルがありません" in out
    assert "error: city.yaml: ファイルがありません" in out
