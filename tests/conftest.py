"""Shared fixtures: one real DuckDB file built by the real ETL from the small
fixture inputs in ``tests/fixtures/raw`` (prefectures 13, 36-39), built once
per test session. Tests may import ``etl``; only ``dashboard`` may not."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"
REAL_RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def fixture_raw() -> Path:
    return FIXTURE_RAW


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a DuckDB file built by ``etl.build.build`` from the fixtures."""
    from etl.build import build

    out = tmp_path_factory.mktemp("db") / "atlas.duckdb"
    build(FIXTURE_RAW, out)
    return out
