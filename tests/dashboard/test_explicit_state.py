"""Upload state is an argument, not a hidden context (issue 10, "Upload state is explicit").

The dashboard's answers depend only on what a function is given: the session's
upload is decoded once per callback and travels in ``ViewState.upload``. A
``ContextVar`` (or any ``contextvars`` import) in ``dashboard/`` would bring the
hidden per-call state back, so the source is walked for one.
"""

from __future__ import annotations

import ast
from pathlib import Path

from dashboard import service

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def _context_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import) and any(a.name == "contextvars" for a in node.names):
            found.append(f"{path.name}:{node.lineno} import contextvars")
        elif isinstance(node, ast.ImportFrom) and node.module == "contextvars":
            found.append(f"{path.name}:{node.lineno} from contextvars")
        elif isinstance(node, ast.Name | ast.Attribute) and "ContextVar" in {getattr(node, "id", None),
                                                                             getattr(node, "attr", None)}:
            found.append(f"{path.name}:{node.lineno} ContextVar")
    return found


def test_no_context_variable_anywhere_in_the_dashboard() -> None:
    files = sorted(DASHBOARD.rglob("*.py"))
    assert len(files) > 30  # the walk really sees the package
    assert [use for f in files for use in _context_uses(f)] == []


def test_the_walk_finds_a_context_variable(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("import contextvars\nfrom contextvars import ContextVar\nX = contextvars.ContextVar('x')\n")
    assert len(_context_uses(planted)) == 3


def test_a_state_without_its_upload_answers_from_the_catalogue_only() -> None:
    """The same view store parsed without the upload store knows nothing of an upload (no leak)."""
    state = service.view_state({"state": {"indicator": "upload:0123abcd:libraries"}}, None)
    assert state.upload is None and state.indicator == service.state_options().default_indicator
