"""`python -m bot knowledge aliases export`: learned aliases written into
knowledge/aliases.yaml for review, keeping the file's comments and layout.

Each phrase is added to its plan's `names:` list (a flow list, as the file
writes them); a plan without an entry gets one at the end. The result is
loaded and validated before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from bot.analytics.records import LearnedAlias


def export_aliases(aliases_file: Path, learned: Iterable[LearnedAlias]) -> list[LearnedAlias]:
    """Rewrite `aliases_file` with the learned phrases it lacks; return those added."""
    text = aliases_file.read_text(encoding="utf-8") if aliases_file.exists() else ""
    current = yaml.safe_load(text) or {}
    added: list[LearnedAlias] = []
    for alias in learned:
        names = list((current.get(alias.plan_id) or {}).get("names") or [])
        if alias.phrase in names:
            continue
        text = _add_name(text, alias.plan_id, alias.phrase)
        current = yaml.safe_load(text) or {}
        added.append(alias)
    if added:
        aliases_file.write_text(text, encoding="utf-8")
    return added


def _add_name(text: str, plan_id: str, phrase: str) -> str:
    quoted = _flow_item(phrase)
    block = re.search(rf"(?m)^{re.escape(plan_id)}:\s*\n((?:[ \t]+.*\n?|\s*\n)*)", text)
    if block is None:
        sep = "" if text.endswith("\n") or not text else "\n"
        return f"{text}{sep}\n{plan_id}:\n  names: [{quoted}]\n"
    body_start = block.start(1)
    names = re.compile(r"(?m)^([ \t]+names:[ \t]*\[)(.*)\][ \t]*$").search(
        text, body_start, block.end(1)
    )
    if names is None:
        return text[:body_start] + f"  names: [{quoted}]\n" + text[body_start:]
    inner = names.group(2).strip()
    joined = f"{inner}, {quoted}" if inner else quoted
    return text[: names.start(2)] + joined + text[names.end(2) :]


def _flow_item(phrase: str) -> str:
    """The phrase as a YAML flow-list item, quoted when YAML would misread it."""
    dumped = yaml.safe_dump([phrase], allow_unicode=True, default_flow_style=True).strip()
    return dumped[1:-1]
