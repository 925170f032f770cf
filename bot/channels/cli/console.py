"""`python -m bot ask` and `python -m bot chat`: the bot on the command line."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.clock import parse_day
from bot.core.bot import Bot
from bot.core.types import Message, Reply
from bot.knowledge import KnowledgeError


class UsageError(Exception):
    """A bad option value; the message is for the person at the terminal."""


def fixed_today(option: str | None) -> dt.date | None:
    """--today, else BOT_TODAY, else None (Nagai's date at each question)."""
    fixed = option or os.environ.get("BOT_TODAY")
    if not fixed:
        return None
    try:
        return parse_day(fixed)
    except ValueError:
        source = "--today" if option else "BOT_TODAY"
        raise UsageError(f"{source} は YYYY-MM-DD の形で指定してください: {fixed!r}") from None


# The composition root's console_bot: (knowledge dir, fixed today) -> Bot.
BuildBot = Callable[[Path | None, dt.date | None], Bot]


def run(args, build: BuildBot, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:  # type: ignore[no-untyped-def]
    try:
        bot = build(args.knowledge_dir, fixed_today(args.today))
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=err)
        return 1
    except UsageError as exc:
        print(f"error: {exc}", file=err)
        return 2
    if args.command == "chat":
        return chat(bot, sys.stdin, out)
    if args.jsonl:
        return ask_jsonl(bot, sys.stdin, out)
    if not args.question:
        print(
            'error: 質問を指定してください (例: python -m bot ask "DMOの計画はいつまで?")', file=err
        )
        return 2
    reply = bot.handle(Message("cli", "cli", " ".join(args.question)))
    if args.json:
        print(json.dumps(reply.to_json(), ensure_ascii=False), file=out)
    else:
        print(render_text(reply), file=out)
    return 0


def ask_jsonl(bot: Bot, lines: TextIO, out: TextIO) -> int:
    """One JSON line out for every line in, in order, whatever the line holds."""
    for line in lines:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item.get("text", "") if isinstance(item, dict) else ""
            user = str(item.get("user", "cli")) if isinstance(item, dict) else "cli"
            reply = bot.handle(Message("cli", user, text if isinstance(text, str) else ""))
        except json.JSONDecodeError:
            reply = Reply("申し訳ありません。入力を読み取れませんでした。", "error")
        print(json.dumps(reply.to_json(), ensure_ascii=False), file=out, flush=True)
    return 0


def render_text(reply: Reply) -> str:
    lines = [reply.text]
    if reply.suggestions:
        lines.append("")
        lines.extend(f"  [{n}] {s.label}" for n, s in enumerate(reply.suggestions, 1))
    return "\n".join(lines)


def chat(bot: Bot, lines: TextIO, out: TextIO) -> int:
    """An interactive session; a number picks one of the last suggestions."""
    interactive = lines.isatty()
    print(render_text(bot.greet(Message("cli", "console", ""))), file=out)
    print("（終わるには Ctrl+D か「exit」）", file=out)
    suggestions: tuple = ()
    while True:
        if interactive:
            print("> ", end="", file=out, flush=True)
        line = lines.readline()
        if not line or line.strip().lower() in ("exit", "quit"):
            return 0
        text = line.strip()
        if text.isdigit() and 1 <= int(text) <= len(suggestions):
            text = suggestions[int(text) - 1].text
            print(f"> {text}", file=out)
        reply = bot.handle(Message("cli", "console", text))
        suggestions = reply.suggestions
        print(render_text(reply), file=out, flush=True)
