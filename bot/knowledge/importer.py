"""Bring knowledge/ up to date with a saved copy of the city's page.

Plans on the page are matched to plans in plans.yaml by exact title, else by
certification date and round; changed facts are updated, new plans added, and
plans the page no longer lists are reported but kept. aliases.yaml is never
touched. The result is validated as a whole before anything is written, and
each file is replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.knowledge.era import to_wareki
from bot.knowledge.loader import (
    ALIASES_FILE,
    CITY_FILE,
    PLANS_FILE,
    Problem,
    _fast_load,
    _Loader,
    _Unsupported,
    load_knowledge,
)
from bot.knowledge.models import KnowledgeBase, PageStatus, Plan, PlansFile
from bot.knowledge.page import Page, PageContact, PagePlan

_PLANS_LINE = re.compile(r"^plans:[ \t]*(#.*)?$", re.M)


@dataclass
class ImportPlan:
    """What an import would do: the lines to show a clerk and the new file texts
    (None for a file that stays as it is)."""

    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said, but change nothing
    plans_text: str | None = None
    city_text: str | None = None


class ImportRefused(Exception):
    """The page's facts cannot be stored (e.g. a change dated before certification)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# -- deciding ------------------------------------------------------------------------


def plan_import(page: Page, page_name: str, directory: Path) -> ImportPlan:
    """Compare the page with the knowledge in `directory`. Raises KnowledgeError when
    the present files are not valid, ImportRefused when the page's facts are not."""
    kb = load_knowledge(directory)
    result = ImportPlan()
    matches = _match(page.plans, kb.plans)
    taken = {p.id for p in kb.plans}
    problems: list[Problem] = []
    updated: dict[str, Plan] = {}
    added: list[Plan] = []
    for index, page_plan in enumerate(page.plans):
        old = matches.get(index)
        plan_id = old.id if old else _new_id(page_plan, taken)
        taken.add(plan_id)
        new = _to_plan(page_plan, plan_id, page_name, problems)
        if new is None:
            continue
        if old is None:
            added.append(new)
            result.changes.append(f"新しい計画を追加: {new.title} (id: {new.id})")
        else:
            lines = list(describe_changes(old, new))
            if lines:
                updated[old.id] = new
                result.changes.extend(lines)
    if problems:
        raise ImportRefused(problems)
    matched = {p.id for p in matches.values()}
    for plan in kb.plans:
        if plan.id not in matched:
            result.notes.append(
                f"{plan.title}: ページにありません (ファイルからは削除していません)"
            )

    if updated or added:
        plans = _merged(kb.plans, updated, added)
        text = (directory / PLANS_FILE).read_text(encoding="utf-8")
        header = _header(text)
        result.plans_text = header + render_plans(plans)
        _check_written(result.plans_text, plans, page_name)
        if re.search(r"^\s*#", text[len(header) :], re.M):
            result.notes.append(
                "注意: plans.yaml の plans: より後にあるコメントは、書き直すと消えます"
                " (残したいコメントは plans: より前に移してください)"
            )
    if page.contact is not None:
        city_text, lines = _contact_update(kb, page.contact, directory / CITY_FILE)
        if lines:
            result.city_text = city_text
            result.changes.extend(lines)
    return result


def _match(page_plans: Sequence[PagePlan], plans: Sequence[Plan]) -> dict[int, Plan]:
    """Index of a page plan → the existing plan it is: exact titles first, so that a
    renamed plan cannot take the place of one whose title is unchanged."""
    by_title = {p.title: p for p in plans}
    result: dict[int, Plan] = {}
    used: set[str] = set()
    for index, pp in enumerate(page_plans):
        plan = by_title.get(pp.title)
        if plan is not None and plan.id not in used:
            result[index] = plan
            used.add(plan.id)
    for index, pp in enumerate(page_plans):
        if index in result:
            continue
        candidates = [
            p
            for p in plans
            if p.id not in used
            and p.certification.date == pp.certified
            and p.certification.round == pp.round
        ]
        if len(candidates) > 1:  # several plans certified together: the closest title
            scored = [(_similarity(p.title, pp.title), p) for p in candidates]
            best = max(scored, key=lambda s: s[0])
            candidates = [best[1]] if best[0] >= 0.5 else []
        if candidates:
            result[index] = candidates[0]
            used.add(candidates[0].id)
    return result


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _new_id(plan: PagePlan, taken: set[str]) -> str:
    base = "plan"
    if plan.round is not None:
        base += f"-r{plan.round}"
    if plan.certified is not None:
        base += f"-{plan.certified.isoformat()}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _to_plan(pp: PagePlan, plan_id: str, page_name: str, problems: list[Problem]) -> Plan | None:
    data = {
        "id": plan_id,
        "title": pp.title,
        "certification": {"date": pp.certified, "round": pp.round},
        "changes": tuple(pp.changes),
        "period": {"start": pp.start, "end": pp.end},
        "summary": pp.summary,
        "partners": tuple(pp.partners),
        "partnership": pp.partnership,
        "status": pp.status,
    }
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            reason = str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"]
            place = " > ".join([pp.title, *(str(x) for x in error["loc"])])
            problems.append(Problem(page_name, place, reason, pp.line))
        return None


def describe_changes(old: Plan, new: Plan) -> Iterable[str]:
    """One line in a clerk's words for each fact that differs."""
    t = new.title
    if old.title != new.title:
        yield f"{t}: 計画名 {old.title} → {new.title}"
    if old.certification.date != new.certification.date:
        yield f"{t}: 認定日 {_w(old.certification.date)} → {_w(new.certification.date)}"
    if old.certification.round != new.certification.round:
        yield f"{t}: 認定の回 第{old.certification.round}回 → 第{new.certification.round}回"
    for d in sorted(set(new.changes) - set(old.changes)):
        yield f"{t}: 変更日 {_w(d)} を追加"
    for d in sorted(set(old.changes) - set(new.changes)):
        yield f"{t}: 変更日 {_w(d)} を削除"
    if old.period.start != new.period.start:
        yield f"{t}: 計画期間の始まり {_w(old.period.start)} → {_w(new.period.start)}"
    if old.period.end != new.period.end:
        yield f"{t}: 計画期間の終わり {_w(old.period.end)} → {_w(new.period.end)}"
    if old.summary != new.summary:
        yield f"{t}: 計画の概要を更新"
    if old.partnership != new.partnership:
        if old.partnership is None:
            yield f"{t}: 連携の注記「{new.partnership}」を追加"
        elif new.partnership is None:
            yield f"{t}: 連携の注記「{old.partnership}」を削除"
        else:
            yield f"{t}: 連携の注記 「{old.partnership}」 → 「{new.partnership}」"
    if old.partners != new.partners:
        yield f"{t}: 連携自治体 {_names(old.partners)} → {_names(new.partners)}"
    if old.status != new.status:
        yield f"{t}: " + (
            "終了した計画に移動" if new.status is PageStatus.ENDED else "計画一覧に移動"
        )


def _w(d: dt.date) -> str:
    return to_wareki(d)


def _names(names: Sequence[str]) -> str:
    return "、".join(names) if names else "なし"


def _merged(plans: Sequence[Plan], updated: dict[str, Plan], added: Sequence[Plan]) -> list[Plan]:
    """The file's order kept; a new plan goes after the last plan of the same status."""
    result = [updated.get(p.id, p) for p in plans]
    for plan in added:
        same = [i for i, p in enumerate(result) if p.status == plan.status]
        result.insert(same[-1] + 1 if same else len(result), plan)
    return result


def _check_written(text: str, plans: Sequence[Plan], page_name: str) -> None:
    """The YAML we would write must read back as exactly these plans."""
    try:
        again = PlansFile.model_validate(_fast_load(text)).plans
    except (yaml.YAMLError, ValidationError, _Unsupported) as exc:
        again, error = (), exc
    else:
        error = None
    if tuple(again) != tuple(plans):
        wrong = next((p.title for p, q in zip(plans, again, strict=False) if p != q), "")
        raise ImportRefused(
            [Problem(page_name, wrong, f"plans.yaml に正しく書き表せない文字があります ({error})")]
        )


def _header(text: str) -> str:
    """Everything before the `plans:` line (the clerk's comments)."""
    m = _PLANS_LINE.search(text)
    return text[: m.start()] if m else ""


# -- the contact office in city.yaml ------------------------------------------------

_CONTACT_FIELDS = (
    ("department", "課"),
    ("office", "室"),
    ("postal_code", "郵便番号"),
    ("address", "住所"),
    ("phone", "電話番号"),
    ("fax", "ファックス番号"),
)


def _contact_update(kb: KnowledgeBase, page: PageContact, path: Path) -> tuple[str, list[str]]:
    """city.yaml with the page's contact facts, edited in place so that its comments
    and layout stay; and the lines saying what changed."""
    contact = kb.city.contact
    edits: list[tuple[tuple[str, ...], str]] = []
    lines: list[str] = []
    for name, label in _CONTACT_FIELDS:
        old, new = getattr(contact, name), getattr(page, name)
        if old != new:
            edits.append((("contact", name), new))
            lines.append(f"お問い合わせ先: {label} {old} → {new}")
    if page.mail_label and page.mail_label != contact.mail_form.label:
        edits.append((("contact", "mail_form", "label"), page.mail_label))
        lines.append(f"お問い合わせ先: メールの案内 {contact.mail_form.label} → {page.mail_label}")
    text = path.read_text(encoding="utf-8")
    return (_edit_scalars(text, edits) if edits else text), lines


def _edit_scalars(text: str, edits: Sequence[tuple[tuple[str, ...], str]]) -> str:
    root = yaml.compose(text, Loader=_Loader)
    spans: list[tuple[int, int, str]] = []
    for keys, value in edits:
        node: Any = root
        for key in keys:
            node = next(v for k, v in node.value if k.value == key)
        spans.append((node.start_mark.index, node.end_mark.index, scalar(value)))
    for start, end, value in sorted(spans, reverse=True):
        text = text[:start] + value + text[end:]
    return text


# -- writing YAML in the style of plans.yaml ---------------------------------------

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW = set(",[]{}")
_RESOLVER = yaml.resolver.Resolver()


def scalar(value: str, *, flow: bool = False) -> str:
    """`value` as a YAML scalar: plain when that reads back as the same string,
    else double-quoted (a JSON string is a valid YAML one)."""
    plain = (
        value
        and value == value.strip()
        and value[0] not in _INDICATORS
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and value.isprintable()
        and not (flow and _FLOW.intersection(value))
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def render_plans(plans: Sequence[Plan]) -> str:
    """The `plans:` part of plans.yaml: ISO dates, `summary: |-` blocks, a blank
    line between plans."""
    return "plans:\n" + "\n".join(_render_plan(p) for p in plans)


def _render_plan(plan: Plan) -> str:
    out = [
        f"  - id: {plan.id}",
        f"    title: {scalar(plan.title)}",
        "    certification:",
        f"      date: {plan.certification.date.isoformat()}",
        f"      round: {plan.certification.round}",
    ]
    if plan.changes:
        out.append("    changes:")
        out.extend(f"      - {d.isoformat()}" for d in plan.changes)
    else:
        out.append("    changes: []")
    out += [
        "    period:",
        f"      start: {plan.period.start.isoformat()}",
        f"      end: {plan.period.end.isoformat()}",
        "    summary: |-",
        *(f"      {line}" if line else "" for line in plan.summary.split("\n")),
        f"    partners: [{', '.join(scalar(p, flow=True) for p in plan.partners)}]",
    ]
    if plan.partnership is not None:
        out.append(f"    partnership: {scalar(plan.partnership)}")
    out.append(f"    status: {plan.status.value}")
    return "\n".join(out) + "\n"


# -- writing -----------------------------------------------------------------------


def validate(directory: Path, result: ImportPlan) -> None:
    """Load the knowledge as it would be after writing, from a scratch directory;
    raises KnowledgeError when it would not be valid."""
    with tempfile.TemporaryDirectory(prefix="knowledge-import-") as scratch:
        tmp = Path(scratch)
        for name, text in ((PLANS_FILE, result.plans_text), (CITY_FILE, result.city_text)):
            if text is not None:
                (tmp / name).write_text(text, encoding="utf-8")
            else:
                shutil.copyfile(directory / name, tmp / name)
        if (directory / ALIASES_FILE).exists():
            shutil.copyfile(directory / ALIASES_FILE, tmp / ALIASES_FILE)
        load_knowledge(tmp)


def write(directory: Path, result: ImportPlan) -> list[Path]:
    """Write the changed files, each through a temporary file and a rename, all
    temporary files first so that a failure leaves every file as it was."""
    pending: list[tuple[Path, Path]] = []
    try:
        for name, text in ((PLANS_FILE, result.plans_text), (CITY_FILE, result.city_text)):
            if text is None:
                continue
            target = directory / name
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", dir=directory)
            tmp = Path(tmp_name)
            pending.append((tmp, target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            shutil.copymode(target, tmp)
        for tmp, target in pending:
            os.replace(tmp, target)
    finally:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
    return [target for _, target in pending]
