"""The package layout stays what docs/ARCHITECTURE.md says: no import cycles between kgtool's
modules (imports inside functions included: a lazy import is still a dependency), no private
name (``_x``) imported from another module, no module named like an API function, and no
command that asks which engine it has (the engine is chosen in kgtool.engines only)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kgtool"


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        mods[name] = path
    return mods


def _target(mods: dict[str, Path], module: str, node: ast.ImportFrom) -> str | None:
    if node.level == 0:
        return node.module
    package = module.split(".") if mods[module].name == "__init__.py" else module.split(".")[:-1]
    base = package[:len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports():
    """(importer, imported module, name) for every ``from kgtool… import name``."""
    mods = _modules()
    for module, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = _target(mods, module, node)
                if target and target.split(".")[0] == "kgtool":
                    for alias in node.names:
                        sub = f"{target}.{alias.name}"
                        yield module, sub if sub in mods else target, alias.name
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in mods:
                        yield module, alias.name, None


def test_no_import_cycles():
    graph = nx.DiGraph()
    for importer, imported, _ in _imports():
        if imported != importer and imported != "kgtool":
            graph.add_edge(importer, imported)
    cycles = sorted((" -> ".join(c) for c in nx.simple_cycles(graph)), key=len)
    assert cycles == [], f"{len(cycles)} import cycles, e.g. {cycles[:5]}"


def test_no_private_names_imported_across_modules():
    private = sorted({f"{importer} imports {imported}.{name}"
                      for importer, imported, name in _imports()
                      if name and re.match(r"_[^_]", name) and imported != importer})
    assert private == [], f"{len(private)} private imports, e.g. {private[:5]}"


def test_module_names_differ_from_the_api_functions():
    import kgtool

    modules = {name.rsplit(".", 1)[-1] for name in _modules()}
    functions = {n for n in kgtool.__all__ if callable(getattr(kgtool, n)) and n[0].islower()}
    assert functions and not functions & modules, functions & modules


def test_only_the_engines_package_names_the_engines():
    # a command or a view never compares an engine name: it calls the Engine it was given
    # (kgtool.engines.choose_engine is the one place that picks)
    asks = re.compile(r"""(==|!=|\bin)\s*\(?["'](oxigraph|rdflib)["']""")
    offenders = []
    for name, path in _modules().items():
        if name.startswith(("kgtool.engines", "kgtool.servers")):  # servers: the server kind
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if asks.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], offenders
