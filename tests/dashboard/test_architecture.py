"""Imports flow one way, in four floors drawn from the code's own imports (STYLE.md rule 1):
``layers`` (the contracts) ← ``intake`` (reading outside data) ← ``etl``, ``dashboard``, with
``bench`` on top; ``dashboard`` never imports ``etl`` (the DuckDB file is the only hand-off)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("layers", "intake", "etl", "dashboard", "bench", "tests")
#: What each package may import from the project (itself aside).
ALLOWED = {
    "layers": set(),
    "intake": {"layers"},
    "etl": {"layers", "intake"},
    "dashboard": {"layers", "intake"},
    "bench": {"layers", "intake", "etl", "dashboard"},
}
#: Small modules (STYLE.md, issue 10): one that passes this has grown a second job; split it.
MODULE_MAX_LINES = 400
#: ``layers`` is the contracts only (catalogue, registry, schema): a reader growing there is a smell.
LAYERS_MAX_LINES = 600


def imported_modules(package: str) -> dict[str, set[str]]:
    """Top-level module names imported by every file of ``package`` (absolute and relative)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                names.add(package if node.level else (node.module or "").split(".")[0])
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__"
            ) and node.args and isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value).split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_dashboard_never_imports_etl() -> None:
    offenders = {f: n for f, n in imported_modules("dashboard").items() if "etl" in n}
    assert offenders == {}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_floor_imports_only_the_floors_below(package: str) -> None:
    offenders = {f: n & set(PROJECT) - {package} - ALLOWED[package] for f, n in imported_modules(package).items()}
    assert {f: n for f, n in offenders.items() if n} == {}


def test_the_floors_have_no_cycle() -> None:
    """Drawn from the imports themselves, not from ``ALLOWED``: a walk up from any package never returns."""
    edges = {
        p: set().union(*imported_modules(p).values()) & set(PROJECT) - {p, "tests"} for p in ALLOWED
    }

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in edges.get(start, ()))

    assert [p for p in edges if reaches(p, p)] == []
    assert edges["intake"] == {"layers"} and edges["layers"] == set()


def test_layers_is_the_contracts_only() -> None:
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "layers").rglob("*.py"))
    assert lines <= LAYERS_MAX_LINES, f"layers/ has {lines} lines of Python; reading belongs in intake/"


def test_no_module_passes_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for package in (*ALLOWED, "tools") for p in (ROOT / package).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_MAX_LINES}
    assert long == {}


def test_the_walk_sees_imports() -> None:
    assert "duckdb" in set().union(*imported_modules("dashboard").values())
