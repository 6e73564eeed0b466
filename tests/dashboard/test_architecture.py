"""Imports flow one way: ``layers`` imports nothing from the project and
``dashboard`` never imports ``etl`` (the DuckDB file is the only hand-off)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("layers", "etl", "dashboard", "bench", "tests")


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


def test_layers_imports_nothing_from_the_project() -> None:
    offenders = {f: n & set(PROJECT) - {"layers"} for f, n in imported_modules("layers").items()}
    assert {f: n for f, n in offenders.items() if n} == {}


def test_the_walk_sees_imports() -> None:
    assert "duckdb" in set().union(*imported_modules("dashboard").values())
