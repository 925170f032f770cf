"""Read knowledge/*.yaml, validate it, and say precisely what is wrong when it
is not valid: the file, the line and place in it, and the reason."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.knowledge.models import City, KnowledgeBase, PlanAliases, PlansFile

PLANS_FILE = "plans.yaml"
ALIASES_FILE = "aliases.yaml"
CITY_FILE = "city.yaml"

M = TypeVar("M", bound=BaseModel)

try:  # the C parser is ~10x faster; it matters for a country's worth of plans
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps dates as text (so pydantic, not PyYAML, judges
    2019-02-30 and says where it is) and refuses duplicate keys."""

    yaml_implicit_resolvers: ClassVar = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # <<: *base may be overridden by the keys after it
            key = self.construct_object(key_node, deep=deep)
            try:
                again = key in seen
            except TypeError:  # a list as a key: SafeConstructor says so, with its line
                continue
            if again:
                raise yaml.constructor.ConstructorError(
                    None, None, f"「{key}」が2回書かれています", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)


class _Unsupported(Exception):
    """The text uses YAML that _fast_load leaves to the full loader."""


class _DuplicateKey(yaml.constructor.ConstructorError):
    def __init__(self, place: str, key: Any, mark: Any) -> None:
        super().__init__(None, None, f"「{key}」が2回書かれています", mark)
        self.place = place


def _stack_place(stack: list[list[Any]], key: Any) -> str:
    """Where a duplicate key is, in the words of _place: plans[1] (dmo-tourism) > title."""
    parts: list[str] = []
    for depth, (container, pending) in enumerate(stack[:-1]):
        if type(container) is list:
            label = f"[{len(container)}]"
            child = stack[depth + 1][0]
            if type(child) is dict and "id" in child:
                label += f" ({child['id']})"
            parts[-1:] = [(parts[-1] if parts else "") + label]
        else:
            parts.append(str(pending))
    return " > ".join([*parts, str(key)])


_NO_KEY = object()
_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "null", "bool", "int", "float")
)


def _fast_load(text: str) -> Any:
    """yaml.load(text, Loader=_Loader), built straight from libyaml's events.

    Composing nodes costs about five times as much as parsing, for nodes we throw
    away (a Mark object per node, a Python call per scalar): 10,000 plans took
    2.3 s that way and take under 1 s this way. The same resolver decides what
    plain scalars mean (so dates stay text), and a duplicate key is the same
    error at the same line. Anything rarer (anchors, aliases, explicit tags,
    merge keys, non-scalar keys, several documents) raises _Unsupported, and the
    caller uses the full loader, which says precisely what is wrong, if anything.
    """
    loader = _Loader(text)
    try:
        return _build(loader)
    finally:
        loader.dispose()


def _build(loader: Any) -> Any:
    get = loader.get_event
    resolvers = loader.yaml_implicit_resolvers
    constructors = loader.yaml_constructors
    resolve = loader.resolve
    known: dict[str, Any] = {}  # plain scalars seen: keys and dates repeat a lot

    def plain(value: str) -> Any:
        if value and value[0] not in resolvers:
            return value
        tag = resolve(yaml.ScalarNode, value, (True, False))
        if tag == _STR_TAG:
            return value
        if tag not in _SCALAR_TAGS:  # e.g. the merge key <<
            raise _Unsupported(tag)
        return constructors[tag](loader, yaml.ScalarNode(tag, value))

    event = get()  # StreamStartEvent
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        return None
    stack: list[list[Any]] = []  # [container, pending mapping key]
    root: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag not in (None, "!"):
                raise _Unsupported("tag or anchor")
            text = event.value
            if event.implicit[0] and event.tag is None:
                value = known.get(text, _NO_KEY)
                if value is _NO_KEY:
                    value = plain(text)
                    if len(text) <= 32:
                        known[text] = value
            else:
                value = text
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Unsupported("tag or anchor")
            stack.append([{} if kind is yaml.MappingStartEvent else [], _NO_KEY])
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = stack.pop()[0]
        elif kind is yaml.DocumentEndEvent:
            break
        else:  # AliasEvent
            raise _Unsupported(kind.__name__)
        if not stack:
            root = value
            continue
        frame = stack[-1]
        container = frame[0]
        if type(container) is list:
            container.append(value)
        elif frame[1] is _NO_KEY:
            if type(value) is dict or type(value) is list:
                raise _Unsupported("non-scalar key")
            if value in container:
                raise _DuplicateKey(_stack_place(stack, value), value, event.start_mark)
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = _NO_KEY
    if not isinstance(get(), yaml.StreamEndEvent):
        raise _Unsupported("several documents")
    return root


@dataclass(frozen=True)
class Problem:
    file: str
    place: str  # e.g. "plans[2] (sixth-industry) > certification > date"
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.place}: {self.reason}" if self.place else f"{where}: {self.reason}"


class KnowledgeError(Exception):
    """The knowledge files are not valid; `problems` lists every one found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# The project's knowledge/, reached through a link inside the package so that an
# installed wheel carries it too (pyproject's package data).
BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"


def default_knowledge_dir() -> Path:
    env = os.environ.get("KNOWLEDGE_DIR")
    if env:
        return Path(env)
    return BUNDLED_DIR


def load_knowledge(directory: Path | str | None = None) -> KnowledgeBase:
    """Load and validate the knowledge directory, or raise KnowledgeError listing
    every problem found, ordered by file and line."""
    _composed.cache_clear()  # files may have changed since the last call
    try:
        return _load(Path(directory) if directory else default_knowledge_dir())
    finally:
        _composed.cache_clear()


def _load(directory: Path) -> KnowledgeBase:
    problems: list[Problem] = []

    plans_path = directory / PLANS_FILE
    raw_plans = _read_yaml(plans_path, problems)
    plans = _validate(plans_path, raw_plans, PlansFile, problems)
    city = _validated(directory / CITY_FILE, City, problems)
    aliases_path = directory / ALIASES_FILE
    aliases: dict[str, PlanAliases] = {}
    raw_aliases: Any = None
    if aliases_path.exists():  # optional: a new town may start with titles only
        raw_aliases = _read_yaml(aliases_path, problems)
        aliases = _aliases(aliases_path, raw_aliases, problems) if raw_aliases is not None else {}

    # From the raw data, so that these are reported along with any other mistake.
    ids = _raw_ids(raw_plans)
    if ids is not None:
        problems.extend(_duplicate_ids(plans_path, ids))
        if isinstance(raw_aliases, dict):
            known = {plan_id for _, plan_id in ids}
            for plan_id in raw_aliases:
                if str(plan_id).strip() not in known:
                    problems.append(
                        Problem(
                            ALIASES_FILE,
                            str(plan_id),
                            f"plans.yaml に id「{plan_id}」の計画がありません",
                            _line_of(aliases_path, (plan_id,)),
                        )
                    )
    if problems or plans is None or city is None:
        order = {PLANS_FILE: 0, CITY_FILE: 1, ALIASES_FILE: 2}
        problems.sort(key=lambda p: (order.get(p.file, 3), p.line or 0))
        raise KnowledgeError(problems)
    return KnowledgeBase(plans=plans.plans, aliases=aliases, city=city)


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path.name, "", "ファイルがありません"))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path.name, "", f"読み込めません ({exc})"))
        return None
    try:
        try:
            data = _fast_load(text)
        except _Unsupported:  # anchors, tags, merge keys...: the full (slower) loader
            data = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or str(exc)
        if "2回書かれています" not in reason:
            reason = f"YAML として読めません ({reason})"
        place = getattr(exc, "place", "")
        problems.append(Problem(path.name, place, reason, mark.line + 1 if mark else None))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, "", f"YAML として読めません ({exc})"))
        return None
    if data is None:
        problems.append(Problem(path.name, "", "ファイルが空です"))
    return data


def _validated(path: Path, model: type[M], problems: list[Problem]) -> M | None:
    return _validate(path, _read_yaml(path, problems), model, problems)


def _validate(path: Path, raw: Any, model: type[M], problems: list[Problem]) -> M | None:
    if raw is None:
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_problems(path, raw, exc.errors()))
        return None


def _aliases(path: Path, raw: Any, problems: list[Problem]) -> dict[str, PlanAliases]:
    if not isinstance(raw, dict):
        problems.append(Problem(path.name, "", "計画の id ごとの一覧 (マッピング) にしてください"))
        return {}
    result: dict[str, PlanAliases] = {}
    for plan_id, entry in raw.items():
        try:
            result[str(plan_id)] = PlanAliases.model_validate(entry or {})
        except ValidationError as exc:
            problems.extend(_problems(path, raw, exc.errors(), prefix=(plan_id,)))
    return result


def _raw_ids(raw: Any) -> list[tuple[int, str]] | None:
    """(index, id) of every plan that has a text id, or None when plans.yaml could not
    be read as a list of plans at all."""
    if not isinstance(raw, dict) or not isinstance(raw.get("plans"), list):
        return None
    return [
        (index, plan["id"].strip())
        for index, plan in enumerate(raw["plans"])
        if isinstance(plan, dict) and isinstance(plan.get("id"), str)
    ]


def _duplicate_ids(path: Path, ids: list[tuple[int, str]]) -> Iterable[Problem]:
    seen: dict[str, int] = {}
    for index, plan_id in ids:
        if plan_id in seen:
            yield Problem(
                path.name,
                f"plans[{index}] ({plan_id}) > id",
                f"id「{plan_id}」が重複しています (plans[{seen[plan_id]}] と同じ)",
                _line_of(path, ("plans", index, "id")),
            )
        else:
            seen[plan_id] = index


# -- turning pydantic's errors into a clerk's words ---------------------------

_REASONS = {
    "extra_forbidden": "知らない項目です (項目名の綴りを確認してください)",
    "missing": "必要な項目がありません",
    "date_from_datetime_parsing": "ありえない日付か、日付として読めません (例: 2020-03-30)",
    "date_parsing": "日付として読めません (例: 2020-03-30)",
    "date_from_datetime_inexact": "日付だけを書いてください (例: 2020-03-30)",
    "date_type": "日付を書いてください (例: 2020-03-30)",
    "int_parsing": "数を書いてください",
    "int_type": "数を書いてください",
    "greater_than_equal": "1以上の数を書いてください",
    "string_type": "文字を書いてください",
    "string_too_short": "空にはできません",
    "string_pattern_mismatch": "書き方が違います",
    "tuple_type": "一覧 (- で始まる行) を書いてください",
    "list_type": "一覧 (- で始まる行) を書いてください",
    "model_type": "項目の組 (マッピング) を書いてください",
    "model_attributes_type": "項目の組 (マッピング) を書いてください",
    "enum": "決められた値のどれかを書いてください",
}


def _problems(
    path: Path, raw: Any, errors: Iterable[Any], prefix: tuple[Any, ...] = ()
) -> list[Problem]:
    out = []
    for error in errors:
        loc = prefix + tuple(error["loc"])
        reason = _REASONS.get(error["type"])
        if error["type"] == "value_error":
            reason = str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
        elif error["type"] == "enum":
            reason = f"{reason}: {error['ctx'].get('expected', '')}"
        elif error["type"] == "string_pattern_mismatch" and loc and loc[-1] in _PATTERN_HINTS:
            reason = _PATTERN_HINTS[loc[-1]]
        if reason is None:
            reason = error["msg"]
        if (
            error["type"] != "missing"
            and "input" in error
            and not isinstance(error["input"], dict | list)
        ):
            reason = f"{reason}: {error['input']!r}"
        out.append(Problem(path.name, _place(raw, loc), reason, _line_of(path, loc)))
    return out


_PATTERN_HINTS = {
    "id": "id は英小文字・数字・ハイフンで書いてください (例: dmo-tourism)",
    "postal_code": "郵便番号は 993-8601 の形で書いてください",
    "phone": "電話番号は 0238-87-0714 の形で書いてください",
    "fax": "ファックス番号は 0238-83-1070 の形で書いてください",
    "url": "http:// か https:// で始まるアドレスを書いてください",
    "more_info_url": "http:// か https:// で始まるアドレスを書いてください",
}


def _place(raw: Any, loc: tuple[Any, ...]) -> str:
    """plans[2] (sixth-industry) > certification > date: index plus the plan's id,
    because a clerk finds a plan by its id, not by counting."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and key < len(node):
                node = node[key]
                if isinstance(node, dict) and "id" in node:
                    label += f" ({node['id']})"
            parts[-1:] = [(parts[-1] if parts else "") + label]
            continue
        parts.append(str(key))
        node = node.get(key) if isinstance(node, dict) else None
    return " > ".join(parts)


@functools.lru_cache(maxsize=3)
def _composed(path: str) -> Any:
    """The file's node tree, composed once for all of its problems: a large file
    takes seconds. Valid for one load_knowledge call, which clears it."""
    return yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=_Loader)


def _line_of(path: Path, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the deepest node of `loc` that exists in the file.
    Composed again only on this error path, so valid files load at full speed."""
    try:
        node = _composed(str(path))
    except (OSError, yaml.YAMLError):
        return None
    line = node.start_mark.line + 1 if node else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(key)), None)
            key_node = next((k for k, v in node.value if k.value == str(key)), None)
            if match is None:
                return line
            line = key_node.start_mark.line + 1 if key_node is not None else line
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                return line
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line
