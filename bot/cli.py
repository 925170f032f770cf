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
    imp.add_argument(
        "--dir", type=Path, help="knowledge directory (default: KNOWLEDGE_DIR or knowledge/)"
    )

    ask = sub.add_parser("ask", help="answer one question, or JSON lines from stdin")
    ask.add_argument("question", nargs="*", help="the question (in quotes)")
    ask.add_argument("--json", action="store_true", help="print the reply as JSON")
    ask.add_argument("--jsonl", action="store_true",
                     help='read {"user","text"} JSON lines from stdin, write one reply line each')
    chat = sub.add_parser("chat", help="talk to the bot in the terminal")
    for p in (ask, chat):
        p.add_argument("--today", help="fix today's date, YYYY-MM-DD (default: BOT_TODAY or today)")
        p.add_argument("--knowledge-dir", type=Path, help="default: KNOWLEDGE_DIR or knowledge/")

    serve = sub.add_parser("serve", help="run the web service (LINE, Slack, web chat)")
    serve.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: $PORT, then 8000)")

    store = sub.add_parser("store", help="operator's commands on the database")
    ssub = store.add_subparsers(dest="action", required=True)
    ssub.add_parser("prune", help="delete what the RETAIN_* settings say is old enough")

    args = parser.parse_args(argv)
    if args.command in ("ask", "chat"):
        from bot.app import console_bot
        from bot.channels.cli import console

        return console.run(args, console_bot)
    if args.command == "serve":
        from bot.server import serve as run_server

        return run_server(args.host, args.port)
    if args.command == "store":
        from bot.app import prune_command

        return prune_command(sys.stdout, sys.stderr)
    if args.command == "knowledge":
        from bot.knowledge import commands

        if args.action == "check":
            return commands.run_check(args.dir, sys.stdout)
        return commands.run_import(args.page, args.dir, args.dry_run, sys.stdout)
    return 2
