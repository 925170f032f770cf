"""`python -m bot report`, `python -m bot audit` and `python -m bot knowledge
aliases export`: the office's figures and records from the database that
DATABASE_URL names (as the service does)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TextIO

from bot.analytics.export import export_aliases
from bot.analytics.grouping import group_questions
from bot.analytics.records import AUDIT_LABELS
from bot.analytics.report import report_json, report_text
from bot.app import open_settings_store
from bot.clock import JST, parse_day
from bot.knowledge import load_knowledge
from bot.knowledge.era import to_wareki
from bot.knowledge.loader import ALIASES_FILE
from bot.settings import Settings


def run_report(since: str | None, as_json: bool, out: TextIO) -> int:
    settings = Settings()
    day = parse_day(since) if since else None
    kb = load_knowledge(settings.knowledge_dir)
    with open_settings_store(settings) as store:
        figures = store.analytics.figures(since=day)
        queue = group_questions(store.analytics.open_queue())
    if as_json:
        print(json.dumps(report_json(figures, kb), ensure_ascii=False), file=out)
    else:
        print(report_text(figures, kb, queue), file=out)
    return 0


def run_audit(since: str | None, limit: int, out: TextIO) -> int:
    settings = Settings()
    start = dt.datetime.combine(parse_day(since), dt.time(), JST) if since else None
    with open_settings_store(settings) as store:
        trail = store.analytics.audit_trail(limit=limit, since=start)
    if not trail:
        print("操作の記録はありません。", file=out)
    for entry in reversed(trail):
        local = entry.created_at.astimezone(JST)
        detail = "、".join(f"{k}: {v}" for k, v in entry.detail.items())
        print(
            f"{to_wareki(local.date())} {local:%H:%M} {entry.actor}"
            f" {AUDIT_LABELS.get(entry.action, entry.action)} {entry.subject}"
            + (f"（{detail}）" if detail else ""),
            file=out,
        )
    return 0


def run_export(directory: Path | None, out: TextIO) -> int:
    settings = Settings()
    directory = directory or settings.knowledge_dir
    with open_settings_store(settings) as store:
        learned = store.analytics.active_aliases()
    added = export_aliases(Path(directory) / ALIASES_FILE, learned)
    load_knowledge(Path(directory))  # the file must still load; KnowledgeError otherwise
    for alias in added:
        print(f"{alias.plan_id}: 「{alias.phrase}」を追加しました（{alias.added_by}）", file=out)
    print(f"{len(added)}件を {Path(directory) / ALIASES_FILE} に書き出しました。", file=out)
    return 0
