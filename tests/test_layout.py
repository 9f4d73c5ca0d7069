"""The source layout: who imports whom inside ``newsradar``, and where the benchmarks live.

:func:`import_cycles` reads every module under a package with :mod:`ast` (nothing is
imported), resolves relative imports to module names, and counts an import wherever it
is written: at the top, inside a function (a lazy import still ties the two modules
together in the design, it only hides the circle from the interpreter) or under
``if TYPE_CHECKING:`` (a type-only import; ``type_only=False`` leaves those out).
Imports by name at run time (``importlib.import_module``) are not seen.

The Dask engine must sit in no cycle and import one way (engine -> worker -> partition),
and no module under ``newsradar.enrich`` may sit in a cycle (the entity recogniser and
its CRF modules import one way, see :mod:`newsradar.enrich.ner`), nor any under
``newsradar.cli`` (the command modules import ``cli._common``, never the package
``__init__`` that imports them to register their commands), and the store is split by
backend (``store/base.py`` the interface, ``store/sql/`` what both SQL stores share,
``store/sqlite/`` and ``store/postgres/``), the shared SQL importing neither backend.
Nor is there a cycle anywhere else: :func:`test_the_package_has_no_import_circle`
asserts none, type-only imports counted, and names each import of any it finds.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsradar"
DASK = "newsradar.dask"


@dataclass(frozen=True, slots=True)
class ImportSite:
    """Where one module imports another: the line, and whether it runs at import time."""

    path: Path
    line: int
    lazy: bool  # inside a function: runs when the function is called
    type_only: bool  # under ``if TYPE_CHECKING:``: never runs

    def describe(self) -> str:
        kind = "type-only" if self.type_only else "lazy" if self.lazy else "top-level"
        try:
            where = self.path.relative_to(ROOT)
        except ValueError:
            where = self.path
        return f"{where}:{self.line} ({kind})"


def _modules(package_dir: Path) -> dict[str, tuple[Path, bool]]:
    """Module name -> (file, is a package ``__init__``) for every ``.py`` file under ``package_dir``."""
    found: dict[str, tuple[Path, bool]] = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Imports(ast.NodeVisitor):
    """Every import statement of one module, with whether it sits in a function or a TYPE_CHECKING block."""

    def __init__(self) -> None:
        self.found: list[tuple[ast.Import | ast.ImportFrom, bool, bool]] = []
        self._functions = 0
        self._type_checking = 0

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._functions += 1
        self.generic_visit(node)
        self._functions -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self._type_checking += 1
            for child in node.body:
                self.visit(child)
            self._type_checking -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        self.found.append((node, self._functions > 0, self._type_checking > 0))

    visit_Import = visit_ImportFrom = _import


def import_graph(package_dir: Path, *, type_only: bool = True) -> dict[str, dict[str, list[ImportSite]]]:
    """Module -> {imported module inside the package -> where}; ``from pkg import sub`` counts as ``pkg.sub``.

    An import names the module it names, not the packages above it (``from .store.base
    import X`` is an edge to ``store.base``, not to ``store``), so a package ``__init__``
    that imports its own submodules does not put every submodule in a circle.
    """
    modules = _modules(package_dir)
    graph: dict[str, dict[str, list[ImportSite]]] = {name: {} for name in modules}
    for name, (path, is_package) in modules.items():
        here = name.split(".") if is_package else name.split(".")[:-1]
        visitor = _Imports()
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for node, lazy, type_checking in visitor.found:
            if type_checking and not type_only:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = here[: len(here) - (node.level - 1)]
                    target = ".".join([*base, node.module] if node.module else base)
                else:
                    target = node.module or ""
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    targets.append(sub if sub in modules else target)
            for target in targets:
                while target and target not in modules:  # an attribute path: the module that holds it
                    target = target.rpartition(".")[0]
                if target and target != name:
                    site = ImportSite(path, node.lineno, lazy, type_checking)
                    sites = graph[name].setdefault(target, [])
                    if site not in sites:  # ``from .x import a, b``: one site, not two
                        sites.append(site)
    return graph


def _strongly_connected(graph: dict[str, dict[str, list[ImportSite]]]) -> list[list[str]]:
    """Tarjan's components with more than one module, each sorted, in order of their first module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop(0)
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def _shortest_cycle(graph: dict[str, dict[str, list[ImportSite]]], start: str, within: set[str]) -> list[str]:
    """The shortest import path from ``start`` back to itself inside ``within``, ``start`` at both ends."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph[node]):
            if nxt not in within:
                continue
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"{start} is in a strongly connected component but on no cycle")


def import_cycles(package_dir: Path, *, type_only: bool = True) -> list[list[str]]:
    """The import cycles among the modules under ``package_dir``; ``[]`` when there is none.

    Each cycle is a path that ends where it starts (``[a, b, a]``: ``a`` imports ``b``,
    which imports ``a``).  For every group of modules that reach each other, the
    shortest cycle through each of its modules is listed once, so every module in a
    circle appears in at least one listed cycle (all the elementary cycles of a large
    group can be too many to list).
    """
    graph = import_graph(package_dir, type_only=type_only)
    cycles: list[list[str]] = []
    for component in _strongly_connected(graph):
        members = set(component)
        covered: set[str] = set()
        for module in component:
            if module in covered:
                continue
            cycle = _shortest_cycle(graph, module, members)
            covered.update(cycle)
            start = cycle.index(min(cycle[:-1]))  # one spelling per cycle: from its first module
            canonical = [*cycle[start:-1], *cycle[:start], cycle[start]]
            if canonical not in cycles:
                cycles.append(canonical)
    return cycles


def describe_cycle(cycle: list[str], graph: dict[str, dict[str, list[ImportSite]]]) -> str:
    """One line per import of the cycle, with where it is written."""
    lines = [" -> ".join(cycle)]
    for here, there in pairwise(cycle):
        sites = ", ".join(site.describe() for site in graph[here][there])
        lines.append(f"    {here} imports {there}: {sites}")
    return "\n".join(lines)


def _reachable(graph: dict[str, dict[str, list[ImportSite]]], start: str) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in graph[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


# -- the walker itself ----------------------------------------------------------------------------


def test_the_walker_finds_lazy_relative_and_type_only_cycles(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .sub import b\n")
    (pkg / "sub" / "__init__.py").write_text("from . import b\n")  # an __init__ importing its own module
    (pkg / "sub" / "b.py").write_text("def f():\n    from ..a import thing\n")  # lazy, two levels up
    (pkg / "c.py").write_text("import pkg.d\n")
    (pkg / "d.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.c import X\n")
    (pkg / "e.py").write_text("from pkg import a\n")
    assert import_cycles(pkg) == [["pkg.a", "pkg.sub.b", "pkg.a"], ["pkg.c", "pkg.d", "pkg.c"]]
    assert import_cycles(pkg, type_only=False) == [["pkg.a", "pkg.sub.b", "pkg.a"]]
    graph = import_graph(pkg)
    assert graph["pkg.sub"] == {"pkg.sub.b": [ImportSite(pkg / "sub" / "__init__.py", 1, False, False)]}
    assert graph["pkg.sub.b"]["pkg.a"][0].lazy
    assert "pkg.a imports pkg.sub.b" in describe_cycle(import_cycles(pkg)[0], graph)


# -- the Dask engine ------------------------------------------------------------------------------


def test_the_dask_engine_is_one_package_in_no_import_cycle() -> None:
    graph = import_graph(PACKAGE)
    dask_modules = {name for name in graph if name == DASK or name.startswith(DASK + ".")}
    assert dask_modules == {DASK, f"{DASK}.engine", f"{DASK}.partition", f"{DASK}.worker"}
    assert not (PACKAGE / "dask_engine.py").exists() and not (PACKAGE / "dask_worker.py").exists()
    in_cycles = [cycle for cycle in import_cycles(PACKAGE) if dask_modules & set(cycle)]
    assert not in_cycles, "\n".join(describe_cycle(cycle, graph) for cycle in in_cycles)


def test_the_dask_worker_never_imports_the_engine() -> None:
    graph = import_graph(PACKAGE)
    assert set(graph[f"{DASK}.engine"]) >= {f"{DASK}.worker", f"{DASK}.partition"}
    assert f"{DASK}.partition" in graph[f"{DASK}.worker"]
    for module in (f"{DASK}.worker", f"{DASK}.partition"):
        assert f"{DASK}.engine" not in _reachable(graph, module), f"{module} reaches the engine"
    assert graph[DASK] == {}, "the package __init__ imports nothing, so a worker loads only what it runs"


# -- enrichment -----------------------------------------------------------------------------------

ENRICH = "newsradar.enrich"


def test_no_import_cycle_runs_through_enrichment() -> None:
    """Every module in a circle is in some listed cycle, so none listed means none under ``enrich``."""
    graph = import_graph(PACKAGE)
    assert "newsradar.enrich.entities" in graph and "newsradar.enrich.ner.tagger" in graph
    in_cycles = [cycle for cycle in import_cycles(PACKAGE)
                 if any(module == ENRICH or module.startswith(ENRICH + ".") for module in cycle)]
    assert not in_cycles, "\n".join(describe_cycle(cycle, graph) for cycle in in_cycles)


# -- the command line -----------------------------------------------------------------------------

CLI = "newsradar.cli"


def test_no_import_cycle_runs_through_the_cli() -> None:
    """Every module in a circle is in some listed cycle, so none listed means none under ``cli``."""
    graph = import_graph(PACKAGE)
    cli_modules = {name for name in graph if name == CLI or name.startswith(CLI + ".")}
    assert {f"{CLI}._common", f"{CLI}.ingest", f"{CLI}.stories", f"{CLI}.watch"} <= cli_modules
    assert sorted(p.name for p in PACKAGE.glob("cli*.py")) == [], "the CLI is the package, no top-level cli*.py"
    in_cycles = [cycle for cycle in import_cycles(PACKAGE) if cli_modules & set(cycle)]
    assert not in_cycles, "\n".join(describe_cycle(cycle, graph) for cycle in in_cycles)
    assert not [m for m in cli_modules if CLI in graph[m]], "no module imports the one that assembles the CLI"
    assert not cli_modules & set(graph[f"{CLI}._common"]), "cli._common imports no command module"


# -- the benchmarks -------------------------------------------------------------------------------


def test_bench_is_the_only_benchmark_directory() -> None:
    assert (ROOT / "bench").is_dir()
    assert not (ROOT / "benchmarks").exists()
    others = [p.name for p in ROOT.iterdir() if p.is_dir() and p.name.startswith("bench") and p.name != "bench"]
    assert others == []
    assert sorted(p.name for p in (ROOT / "scripts").glob("bench*")) == []
    for name in ("watch_feedfarm.py", "dask_backfill.py", "store_backends.py", "run.py"):
        assert (ROOT / "bench" / name).is_file(), name
    for path in (ROOT / "Makefile", ROOT / "docs" / "dask.md"):
        text = path.read_text(encoding="utf-8")
        assert "benchmarks/" not in text and "scripts/bench_" not in text, path


# -- the store ------------------------------------------------------------------------------------

STORE = "newsradar.store"


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_store_is_split_by_backend() -> None:
    """The interface, the SQL both stores share, and one package per backend; each imports one way."""
    graph = import_graph(PACKAGE)
    base, sql, sqlite, postgres = (f"{STORE}.{name}" for name in ("base", "sql", "sqlite", "postgres"))
    assert {base, f"{sql}.articles", f"{sqlite}.store", f"{postgres}.store"} <= set(graph)
    loose = sorted(p.name for p in (PACKAGE / "store").glob("*.py") if p.name.startswith(("sql", "postgres")))
    assert loose == [], "shared SQL and backend modules belong in store/sql/, store/sqlite/ and store/postgres/"
    # What each part must never reach: the interface no implementation, the shared SQL no backend,
    # and neither backend the other.
    never = {base: (sql, sqlite, postgres), sql: (sqlite, postgres), sqlite: (postgres,), postgres: (sqlite,)}
    for part, forbidden in never.items():
        for module in (name for name in graph if _within(name, part)):
            reached = sorted(m for m in _reachable(graph, module) if any(_within(m, f) for f in forbidden))
            assert not reached, f"{module} reaches {reached}"


# -- the whole package ----------------------------------------------------------------------------


def test_the_package_has_no_import_circle() -> None:
    """No module of ``newsradar`` reaches itself through its imports: lazy and type-only ones counted."""
    graph = import_graph(PACKAGE)
    cycles = import_cycles(PACKAGE)
    assert cycles == [], "\n".join(describe_cycle(cycle, graph) for cycle in cycles)
