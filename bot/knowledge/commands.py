"""`knowledge check` and `knowledge import`."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bot.knowledge.loader import KnowledgeError, Problem, default_knowledge_dir, load_knowledge


def run_check(directory: Path | None, out: TextIO) -> int:
    try:
        kb = load_knowledge(directory)
    except KnowledgeError as exc:
        _print_problems(exc.problems, out)
        count = len(exc.problems)
        print(f"{count}件の誤りがあります。直してから、もう一度確かめてください。", file=out)
        return 1
    print(
        f"ok: {len(kb.plans)} plans, {len(kb.aliases)} alias entries"
        f" (source checked {kb.city.source.checked})",
        file=out,
    )
    return 0


def run_import(page: Path, directory: Path | None, dry_run: bool, out: TextIO) -> int:
    """Print what the page changes, one line each; write unless `dry_run`.
    0: done (or nothing to do), 1: the page or the knowledge has problems, nothing
    written; 2: the files could not be written or something unexpected happened."""
    from bot.knowledge import importer
    from bot.knowledge.page import PageError, read_page

    directory = directory or default_knowledge_dir()
    try:
        parsed = read_page(page)
        plan = importer.plan_import(parsed, page.name, directory)
        if plan.changes:
            importer.validate(directory, plan)
    except PageError as exc:
        _print_problems(exc.problems, out)
        print("ページを読み取れない箇所があるため、何も書き込んでいません。", file=out)
        return 1
    except importer.ImportRefused as exc:
        _print_problems(exc.problems, out)
        print("ページの内容をそのまま保存できないため、何も書き込んでいません。", file=out)
        return 1
    except KnowledgeError as exc:
        _print_problems(exc.problems, out)
        print(f"{directory} の知識ファイルに誤りがあるため、何も書き込んでいません。", file=out)
        return 1
    except Exception as exc:  # a clerk runs this: a message, never a traceback
        print(f"error: 予期しない問題で取り込めませんでした: {exc!r}", file=out)
        return 2

    for line in plan.changes + plan.notes:
        print(line, file=out)
    if not plan.changes:
        print("変更はありません", file=out)
        return 0
    if dry_run:
        print("(--dry-run のため、何も書き込んでいません)", file=out)
        return 0
    try:
        written = importer.write(directory, plan)
    except OSError as exc:
        print(f"error: 書き込めませんでした: {exc}", file=out)
        return 2
    print("書き込みました: " + "、".join(str(p) for p in written), file=out)
    return 0


def _print_problems(problems: list[Problem], out: TextIO) -> None:
    for problem in problems:
        print(f"error: {problem}", file=out)
