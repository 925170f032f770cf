"""The built wheel works outside the checkout: it carries the bundled knowledge
and the web page's files. Installed with `pip install --target` into a
temporary directory (its dependencies are this venv's), run from /tmp."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    target = tmp_path_factory.mktemp("site")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(ROOT)], check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    [wheel] = wheels.glob("*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    return target


def run(target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KNOWLEDGE_DIR", "PYTHONPATH")}
    env["PYTHONPATH"] = str(target)
    return subprocess.run([sys.executable, *args], cwd="/tmp", env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip


def test_the_installed_package_is_the_one_run(installed: Path) -> None:
    where = run(installed, "-c", "import bot; print(bot.__file__)")
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr


def test_ask_answers_from_the_bundled_knowledge(installed: Path) -> None:
    done = run(installed, "-m", "bot", "ask", "--json", "--today", "2026-11-26", "DMOの計画はいつまで?")
    assert done.returncode == 0, done.stderr
    assert "令和4年3月31日" in json.loads(done.stdout)["answer"]


def test_the_knowledge_check_and_the_web_page_files_are_there(installed: Path) -> None:
    check = run(installed, "-m", "bot", "knowledge", "check")
    assert check.returncode == 0 and check.stdout.startswith("ok: 6 plans"), check.stderr
    static = installed / "bot" / "channels" / "web" / "static"
    assert (static / "index.html").is_file() and (static / "chat.js").is_file()
