"""Command line: `python -m bot ask|chat|serve|knowledge ...` (contract in DESIGN.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="長井市 地域再生計画ボット")
    sub = parser.add_subparsers(dest="command", required=True)

    knowledge = sub.add_parser("knowledge", help="check or import the knowledge files")
    ksub = knowledge.add_subparsers(dest="action", required=True)
    check = ksub.add_parser("check", help="validate knowledge/ (or DIR)")
    check.add_argument("dir", nargs="?", type=Path)
    imp = ksub.add_parser("import", help="update knowledge/ from a saved copy of the city's page")
    imp.add_argument("page", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")
    imp.add_argument("--dir", type=Path, help="knowledge directory (default: KNOWLEDGE_DIR or knowledge/)")

    args = parser.parse_args(argv)
    if args.command == "knowledge":
        from bot.knowledge import commands

        if args.action == "check":
            return commands.run_check(args.dir, sys.stdout)
        return commands.run_import(args.page, args.dir, args.dry_run, sys.stdout)
    return 2
