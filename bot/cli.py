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

    # -- for the office (bot/office_commands.py) --
    aliases = ksub.add_parser("aliases", help="learned aliases")
    asub = aliases.add_subparsers(dest="aliases_action", required=True)
    export = asub.add_parser("export", help="write learned aliases into knowledge/aliases.yaml")
    export.add_argument("--dir", type=Path, help="knowledge directory (default: KNOWLEDGE_DIR)")
    report = sub.add_parser("report", help="questions, outcomes, ratings, top plans")
    report.add_argument("--since", help="from this day, YYYY-MM-DD")
    report.add_argument("--json", action="store_true", help="print the figures as JSON")
    audit = sub.add_parser("audit", help="what staff did: inquiries, aliases, the queue")
    audit.add_argument("--since", help="from this day, YYYY-MM-DD")
    audit.add_argument("--limit", type=int, default=200)

    serve = sub.add_parser("serve", help="run the web service (LINE, Slack, web chat)")
    serve.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: $PORT, then 8000)")

    line = sub.add_parser("line", help="set up the LINE official account")
    lsub = line.add_subparsers(dest="action", required=True)
    menu = lsub.add_parser("richmenu", help="draw the rich menu and make it every user's default")
    menu.add_argument("--dry-run", action="store_true", help="print it; send nothing")
    menu.add_argument("--image", type=Path, help="also save the drawn PNG to this file")
    menu.add_argument("--settings", type=Path, help="default: bot/channels/line/richmenu.yaml")

    slack = sub.add_parser("slack", help="set up the Slack app")
    ssub = slack.add_subparsers(dest="action", required=True)
    manifest = ssub.add_parser("manifest", help="print the Slack app manifest (YAML)")
    manifest.add_argument("--url", required=True, help="the service's public address, https://HOST")

    store_ = sub.add_parser("store", help="operator's commands on the database")
    stsub = store_.add_subparsers(dest="action", required=True)
    stsub.add_parser("prune", help="delete what the RETAIN_* settings say is old enough")

    args = parser.parse_args(argv)
    if args.command == "line":
        return _line_richmenu(args)
    if args.command == "slack":
        from bot.channels.slack.manifest import ManifestError, manifest_yaml

        try:
            sys.stdout.write(manifest_yaml(args.url))
        except ManifestError as error:
            print(error, file=sys.stderr)
            return 2
        return 0
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
    if args.command in ("report", "audit") or getattr(args, "action", None) == "aliases":
        from bot import office_commands as office

        if args.command == "report":
            return office.run_report(args.since, args.json, sys.stdout)
        if args.command == "audit":
            return office.run_audit(args.since, args.limit, sys.stdout)
        return office.run_export(args.dir, sys.stdout)
    if args.command == "knowledge":
        from bot.knowledge import commands

        if args.action == "check":
            return commands.run_check(args.dir, sys.stdout)
        return commands.run_import(args.page, args.dir, args.dry_run, sys.stdout)
    return 2


def _line_richmenu(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from bot.channels.line import richmenu
    from bot.knowledge import KnowledgeError, load_knowledge
    from bot.settings import Settings, describe_settings_error

    try:
        settings = Settings()
        menu = richmenu.build(load_knowledge(settings.knowledge_dir),
                              richmenu.load_settings(args.settings))  # fmt: skip
    except ValidationError as error:
        print(describe_settings_error(error), file=sys.stderr)
        return 2
    except (KnowledgeError, richmenu.RichMenuError) as error:
        print(error, file=sys.stderr)
        return 1
    if args.image:
        args.image.write_bytes(menu.image)
        print(f"画像を {args.image} に保存しました。")
    if args.dry_run:
        richmenu.dry_run(menu, print)
        return 0
    token = settings.line_channel_access_token
    if token is None:
        print("LINE_CHANNEL_ACCESS_TOKEN を設定してください。", file=sys.stderr)
        return 2
    try:
        richmenu.install(menu, token.get_secret_value(), settings.line_api_base_url,
                         settings.line_data_api_base_url, print)  # fmt: skip
    except richmenu.ApiException as error:
        print(f"LINE がリッチメニューの設定を受け付けませんでした: HTTP {error.status} "
              f"{error.body!r}", file=sys.stderr)  # fmt: skip
        return 1
    return 0
