"""The core never imports an SDK, web framework or database driver: adapters
translate at the edge, so the core can be tested and reused alone."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "bot" / "core"
FORBIDDEN = {"slack_bolt", "slack_sdk", "linebot", "starlette", "uvicorn", "aiohttp", "httpx",
             "sqlite3", "psycopg", "psycopg_pool", "bot.adapters", "bot.web", "bot.store"}  # fmt: skip


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_no_platform(path: Path) -> None:
    bad = {m for m in imported_modules(path) if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_the_check_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import starlette\nfrom slack_bolt import App\n", encoding="utf-8")
    assert imported_modules(sample) == {"starlette", "slack_bolt"}
