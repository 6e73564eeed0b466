"""The style rules that tools can check (STYLE.md): ruff on everything, mypy in
strict mode on the catalogue, the ETL and the dashboard's query and figure
modules. Run as tests so `make test` (and CI) enforces them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRICT = ["layers", "intake", "etl", "dashboard/queries.py", "dashboard/figures.py", "dashboard/charts.py",
          "dashboard/i18n",
          # insight (issue 11): the pure modules behind progress, peers and the new figures
          "dashboard/progress.py", "dashboard/peers.py", "dashboard/queries_insight.py", "dashboard/insight_figures.py"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_is_clean() -> None:
    pytest.importorskip("ruff")
    result = _run("ruff", "check", "layers", "intake", "etl", "dashboard", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy")
    result = _run("mypy", "--strict", *STRICT)
    assert result.returncode == 0, result.stdout + result.stderr
