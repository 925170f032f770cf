"""`knowledge check` and `knowledge import`."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bot.knowledge.loader import KnowledgeError, load_knowledge


def run_check(directory: Path | None, out: TextIO) -> int:
    try:
        kb = load_knowledge(directory)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=out)
        return 1
    print(f"ok: {len(kb.plans)} plans (source checked {kb.city.source.checked})", file=out)
    return 0


def run_import(page: Path, directory: Path | None, dry_run: bool, out: TextIO) -> int:
    raise NotImplementedError
