"""The layering, checked on the source: no import cycle in ``bot/``, discord.py only in
``bot/discord_app``, and the store's connection and private parts only inside ``bot/store``.

Each rule is a function over source text or an import graph, so the self-tests below feed it a
made-up violation and check that it is reported: a rule that could not fail proves nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

from tests.conftest import PROJECT_ROOT

BOT = PROJECT_ROOT / "bot"


# ---- reading the source --------------------------------------------------------------------------


def module_name(path: Path, root: Path = PROJECT_ROOT) -> str:
    """``bot/console/__init__.py`` → ``bot.console``; ``bot/app.py`` → ``bot.app``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def bot_sources(root: Path = BOT) -> dict[str, tuple[str, bool]]:
    """Every module under ``root``: its name → (source, whether it is a package's ``__init__``)."""
    return {module_name(path): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
            for path in sorted(root.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, in functions too, except under ``if TYPE_CHECKING:`` (never run, so never a cycle)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    """The absolute name of ``from <dots><module> import …`` written in ``importer``."""
    if level == 0:
        return module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _imports(importer: str, source: str, is_package: bool) -> Iterator[tuple[str, str | None]]:
    """Each import as (module, name): ``import a.b`` → ("a.b", None), ``from a import b`` →
    ("a", "b"), and ``importlib.import_module("a.b")`` with a literal name → ("a.b", None):
    loading by name is still an import."""
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, importer, is_package)
            yield from ((base, alias.name) for alias in node.names)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
              and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.args[0].value, None


def import_graph(sources: Mapping[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """Module → the modules of ``sources`` it imports. ``from a import b`` points at ``a.b`` when
    that is a module, else at ``a``; ``import a.b.c`` at the longest prefix that is a module."""
    graph: dict[str, set[str]] = {}
    for importer, (source, is_package) in sources.items():
        targets: set[str] = set()
        for module, name in _imports(importer, source, is_package):
            if name is not None and f"{module}.{name}" in sources:
                targets.add(f"{module}.{name}")
                continue
            parts = module.split(".")
            targets.update(next(([".".join(parts[:n])] for n in range(len(parts), 0, -1)
                                 if ".".join(parts[:n]) in sources), []))
        graph[importer] = targets - {importer}
    return graph


def find_cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle (``[a, b, …, a]``) for each group of modules that import each other in a ring."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group: list[str] = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_ring(graph, set(group)) for group in groups]


def _ring(graph: Mapping[str, set[str]], group: set[str]) -> list[str]:
    """A shortest way round from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph.get(node, set()) & group):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"no way round {sorted(group)}")  # cannot happen in a strongly connected group


def discord_imports(importer: str, source: str, is_package: bool = False) -> list[str]:
    """Imports of discord.py (``discord``, ``discord.ext…``) that ``importer`` makes."""
    return sorted({module for module, _ in _imports(importer, source, is_package)
                   if module == "discord" or module.startswith("discord.")})


def _is_store(node: ast.expr) -> bool:
    """``store``, ``self.store``, ``app.store``, ``self.app.store``: an expression naming a store."""
    return (isinstance(node, ast.Name) and node.id == "store") or (
        isinstance(node, ast.Attribute) and node.attr == "store")


def store_intrusions(source: str) -> list[str]:
    """``store.connection`` and ``store._anything`` (dunders aside) in ``source``, as ``line: text``."""
    found: list[tuple[int, int, str]] = []
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _is_store(node.value) and (
                node.attr == "connection" or (node.attr.startswith("_") and not node.attr.startswith("__"))):
            found.append((node.lineno, node.col_offset, ast.unparse(node)))
    return [f"{line}: {text}" for line, _, text in sorted(found)]


def private_store_imports(importer: str, source: str, is_package: bool = False) -> list[str]:
    """Imports of the store's private modules or names (``bot.store._tx``, ``from bot.store import _x``)."""
    found = set()
    for module, name in _imports(importer, source, is_package):
        dotted = f"{module}.{name}" if name else module
        parts = dotted.split(".")
        if parts[:2] == ["bot", "store"] and any(part.startswith("_") for part in parts[2:]):
            found.add(dotted)
    return sorted(found)


# ---- the rules, on bot/ --------------------------------------------------------------------------


def test_no_import_cycle_between_modules_of_the_bot() -> None:
    cycles = find_cycles(import_graph(bot_sources()))
    assert not cycles, "import cycles: " + "; ".join(" → ".join(cycle) for cycle in cycles)


def test_discord_is_imported_only_by_the_discord_transport() -> None:
    offenders = {name: imports for name, (source, is_package) in bot_sources().items()
                 if not (name == "bot.discord_app" or name.startswith("bot.discord_app."))
                 and (imports := discord_imports(name, source, is_package))}
    assert not offenders, f"discord.py imported outside bot/discord_app: {offenders}"


def test_only_the_store_touches_its_connection_and_private_parts() -> None:
    offenders = {name: found for name, (source, is_package) in bot_sources().items()
                 if not (name == "bot.store" or name.startswith("bot.store."))
                 and (found := store_intrusions(source) + private_store_imports(name, source, is_package))}
    assert not offenders, f"store internals used outside bot/store: {offenders}"


# ---- the checkers catch what they are for ----------------------------------------------------------


def test_a_ring_of_imports_is_reported_with_its_path() -> None:
    sources = {
        "bot": ("", True),
        "bot.commands": ("from bot.commands import spec\nimport importlib\n"
                         "def load():\n    importlib.import_module('bot.digest.commands')\n", True),
        "bot.commands.spec": ("from bot.reply import model\n", False),
        "bot.digest": ("", True),
        "bot.digest.commands": ("def handler():\n    from ..commands import register\n", False),
        "bot.reply": ("", True),
        "bot.reply.model": ("from __future__ import annotations\n", False),
    }
    graph = import_graph(sources)
    assert graph["bot.digest.commands"] == {"bot.commands"}  # relative, inside a function
    assert graph["bot.commands"] == {"bot.commands.spec", "bot.digest.commands"}  # by name too
    assert find_cycles(graph) == [["bot.commands", "bot.digest.commands", "bot.commands"]]


def test_imports_for_type_checking_only_and_submodule_imports_make_no_ring() -> None:
    sources = {
        "bot.a": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.b import B\n", False),
        "bot.b": ("from bot import a\n", False),
        "bot": ("from bot import b\n", True),
    }
    graph = import_graph(sources)
    assert graph == {"bot.a": set(), "bot.b": {"bot.a"}, "bot": {"bot.b"}}
    assert find_cycles(graph) == []


def test_discord_imports_are_found_wherever_they_hide() -> None:
    source = "import json\ndef embed():\n    from discord import Embed\n    import discord.ext.commands\n"
    assert discord_imports("bot.reply.payload", source) == ["discord", "discord.ext.commands"]
    assert discord_imports("bot.reply.payload", "from bot.discord_app import run_main\n") == []


def test_store_intrusions_are_found_and_its_public_calls_are_not() -> None:
    source = ("async def ingest(store, app):\n"
              "    await documents.ingest_each(store.connection, rows)\n"
              "    async with app.store._tx():\n"
              "        self.store._bulk = True\n"
              "    await store.snapshot()\n"
              "    return store.__class__, other.connection\n")
    assert store_intrusions(source) == ["2: store.connection", "3: app.store._tx", "4: self.store._bulk"]


def test_imports_of_the_stores_private_modules_are_found() -> None:
    source = ("from bot.store import Store\nfrom bot.store.digest import DigestStore\n"
              "def bulk():\n    from bot.store._tx import wal_checkpoints_every\n    from bot.store import _schema\n")
    assert private_store_imports("bot.pipeline", source) == ["bot.store._schema", "bot.store._tx.wal_checkpoints_every"]
