"""The shape of the code, as rules on imports: read from the source (ast), so a
rule holds for every module, including ones added later.

Layers, lowest first; a module may import its own layer and the ones below,
never one above:

    0  bot.clock, bot.privacy        (one JST and "today"; hashed user tags)
    1  bot.core, bot.knowledge       (the bot itself; the facts it answers from)
    2  bot.store                     (SQLite / PostgreSQL behind the core's ports)
    3  bot.outbox                    (the delivery worker; knows no platform)
    4  bot.channels                  (line/, slack/, web/, cli/: one folder per platform)
    5  bot.settings, bot.app         (the environment; the one composition root)
    6  bot.server, bot.cli, bot.__main__   (entry points: `python -m bot ...`)

And besides the layers:
- the core imports no SDK, web framework, HTTP client or database driver;
- a platform SDK is imported only in its own channel folder (linebot in
  channels/line, slack_bolt and slack_sdk in channels/slack), and a database
  driver only in the store;
- a channel folder imports no other channel folder, and channels reach the
  store only through the core's ports and the outbox (never bot.store);
- no import cycle between the top-level packages of bot/.

Each rule is a function that lists the violations in a tree of modules; each
is checked on bot/ (no violations) and on a small tree written to break it
(the violation is found), so a rule that silently checks nothing fails too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LAYERS = {
    "bot.clock": 0,
    "bot.privacy": 0,
    "bot.core": 1,
    "bot.knowledge": 1,
    "bot.store": 2,
    "bot.outbox": 3,
    "bot.channels": 4,
    "bot.settings": 5,
    "bot.app": 5,
    "bot.server": 6,
    "bot.cli": 6,
    "bot.__main__": 6,
}
PLATFORM_SDKS = {
    "linebot": "bot.channels.line",
    "slack_bolt": "bot.channels.slack",
    "slack_sdk": "bot.channels.slack",
}
DATABASE_DRIVERS = ("sqlite3", "psycopg", "psycopg_pool")
CORE_FORBIDDEN = (
    "slack_bolt", "slack_sdk", "linebot", "starlette", "uvicorn", "aiohttp", "httpx",
    *DATABASE_DRIVERS, "pydantic_settings",
    "bot.channels", "bot.outbox", "bot.app", "bot.settings", "bot.store", "bot.server", "bot.cli",
)  # fmt: skip
CHANNEL_FOLDERS = ("bot.channels.line", "bot.channels.slack", "bot.channels.web", "bot.channels.cli")

Modules = dict[str, set[str]]  # module name -> the modules it imports


# -- reading the tree ------------------------------------------------------------------


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, name: str | None = None) -> set[str]:
    """Every module `path` imports, anywhere in it (also inside functions and
    TYPE_CHECKING blocks); relative imports resolved against `name`."""
    package = (name or "").split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            # `from bot import app` imports bot.app
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def read_tree(root: Path) -> Modules:
    return {
        module_name(path, root): imported_modules(path, module_name(path, root))
        for path in sorted((root / "bot").rglob("*.py"))
    }


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def owner(module: str, prefixes: object) -> str | None:
    """The longest of `prefixes` that `module` is within."""
    found = [p for p in prefixes if within(module, p)]  # type: ignore[attr-defined]
    return max(found, key=len) if found else None


def top_level(module: str) -> str:
    return ".".join(module.split(".")[:2])


# -- the rules -----------------------------------------------------------------------


def core_violations(modules: Modules) -> list[str]:
    return [
        f"{name} imports {target}"
        for name, targets in modules.items()
        if within(name, "bot.core")
        for target in sorted(targets)
        if any(within(target, f) for f in CORE_FORBIDDEN)
    ]


def sdk_violations(modules: Modules) -> list[str]:
    found = []
    for name, targets in modules.items():
        for target in sorted(targets):
            sdk = target.split(".")[0]
            if sdk in PLATFORM_SDKS and not within(name, PLATFORM_SDKS[sdk]):
                found.append(f"{name} imports {target} (only {PLATFORM_SDKS[sdk]} may)")
            if sdk in DATABASE_DRIVERS and not within(name, "bot.store"):
                found.append(f"{name} imports {target} (only bot.store may)")
    return found


def layer_violations(modules: Modules) -> list[str]:
    found = []
    for name, targets in modules.items():
        mine = owner(name, LAYERS)
        if name == "bot":
            continue  # the package itself, empty
        if mine is None:
            found.append(f"{name} is in no layer: add it to LAYERS")
            continue
        for target in sorted(targets):
            theirs = owner(target, LAYERS)
            if theirs is not None and LAYERS[theirs] > LAYERS[mine]:
                found.append(f"{name} (layer {LAYERS[mine]}) imports {target} (layer {LAYERS[theirs]})")
    return found


def channel_violations(modules: Modules) -> list[str]:
    found = []
    for name, targets in modules.items():
        folder = owner(name, CHANNEL_FOLDERS)
        if not within(name, "bot.channels"):
            continue
        for target in sorted(targets):
            other = owner(target, CHANNEL_FOLDERS)
            if other is not None and other != folder:
                found.append(f"{name} imports {target}: channel folders stay apart")
            if within(target, "bot.store"):
                found.append(f"{name} imports {target}: channels use the core's ports")
    return found


def cycles(modules: Modules) -> list[str]:
    """Import cycles between top-level packages (bot.core, bot.store, ...)."""
    graph: dict[str, set[str]] = {}
    for name, targets in modules.items():
        edges = graph.setdefault(top_level(name), set())
        edges.update(top_level(t) for t in targets if within(t, "bot") and t.count(".") >= 1)
    for node, edges in graph.items():
        edges.discard(node)
    found: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                cycle = [*path[path.index(nxt):], nxt]
                text = " -> ".join(cycle)
                if min(cycle[:-1]) == cycle[0] and text not in found:
                    found.append(text)  # each cycle once, from its smallest member
            elif len(path) < len(graph):
                visit(nxt, [*path, nxt])

    for start in sorted(graph):
        visit(start, [start])
    return found


RULES = {
    "core": core_violations,
    "sdk": sdk_violations,
    "layers": layer_violations,
    "channels": channel_violations,
    "cycles": cycles,
}


# -- bot/ keeps every rule ---------------------------------------------------------------


@pytest.fixture(scope="module")
def bot_tree() -> Modules:
    return read_tree(ROOT)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_bot_keeps_the_rule(bot_tree: Modules, rule: str) -> None:
    assert RULES[rule](bot_tree) == []


@pytest.mark.parametrize(
    "path", sorted((ROOT / "bot" / "core").rglob("*.py")), ids=lambda p: p.name
)
def test_core_module_imports_no_platform(path: Path) -> None:
    name = module_name(path, ROOT)
    assert core_violations({name: imported_modules(path, name)}) == []


def test_the_tree_is_read(bot_tree: Modules) -> None:
    # the rules see every part of bot/, subpackages included
    for expected in ("bot.core.bot", "bot.core.inquiry.flow", "bot.channels.line.inbound",
                     "bot.channels.slack.staff", "bot.outbox.worker", "bot.app"):  # fmt: skip
        assert expected in bot_tree
    assert "linebot.v3.messaging" in bot_tree["bot.channels.line.deliverer"]


# -- positive controls: a tree that breaks each rule is caught -------------------------


def write(root: Path, files: dict[str, str]) -> Modules:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        for parent in path.relative_to(root).parents:
            if parent != Path("."):
                (root / parent / "__init__.py").touch()
    return read_tree(root)


BROKEN = {
    "core": {"bot/core/sneaky.py": "def f():\n    from bot.settings import Settings\n",
             "bot/core/answer/web.py": "from starlette.responses import Response\n"},
    "sdk": {"bot/outbox/push.py": "from linebot.v3.messaging import AsyncMessagingApi\n",
            "bot/channels/web/db.py": "import sqlite3\n",
            "bot/channels/line/slackish.py": "import slack_sdk\n"},
    "layers": {"bot/store/up.py": "from bot.channels.line import render\n",
               "bot/outbox/up.py": "from bot import app\n",
               "bot/newpackage.py": "x = 1\n"},
    "channels": {"bot/channels/web/cross.py": "from bot.channels.slack.blocks import EVENT_TYPE\n",
                 "bot/channels/line/store.py": "from bot.store.inquiries import x\n",
                 "bot/channels/line/rel.py": "from ..slack import render\n"},
    "cycles": {"bot/knowledge/a.py": "from bot.core import b\n",
               "bot/core/b.py": "import bot.knowledge.a\n"},
}  # fmt: skip


@pytest.mark.parametrize("rule", sorted(RULES))
def test_a_tree_that_breaks_the_rule_is_caught(tmp_path: Path, rule: str) -> None:
    found = RULES[rule](write(tmp_path, BROKEN[rule]))

    # every broken file is named (a cycle by its packages)
    names = ["bot.core -> bot.knowledge -> bot.core"] if rule == "cycles" else [
        module_name(tmp_path / path, tmp_path) for path in BROKEN[rule]
    ]
    for name in names:
        assert any(name in violation for violation in found), (name, found)


def test_relative_imports_are_resolved(tmp_path: Path) -> None:
    tree = write(tmp_path, {"bot/core/answer/kinds.py": "from ..types import Reply\nfrom . import x\n"})
    assert {"bot.core.types", "bot.core.answer.x"} <= tree["bot.core.answer.kinds"]


def test_the_check_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import starlette\nfrom slack_bolt import App\n", encoding="utf-8")
    assert {"starlette", "slack_bolt"} <= imported_modules(sample)
