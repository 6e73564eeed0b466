"""Fixtures for the export tests: a warm renderer and a real map figure.

The figure is drawn from the session's fixture database (built by the real
ETL from tests/fixtures/raw), read through ``dashboard.queries``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard import db, queries
from dashboard.export.meta import ExportMeta
from dashboard.export.render import Renderer, browser_path


@pytest.fixture(scope="session")
def renderer() -> Iterator[Renderer]:
    if browser_path() is None:
        pytest.skip("Chromium is not installed (Debian package `chromium`)")
    r = Renderer()
    yield r
    r.close()


@pytest.fixture()
def fixture_queries(fixture_db: Path) -> Iterator[None]:
    """Point ``dashboard.db`` at the fixture database for one test."""
    db.configure(fixture_db)
    queries.clear_caches()
    yield
    db.configure(None)
    queries.clear_caches()


@pytest.fixture()
def tokushima_figure(fixture_queries: None) -> go.Figure:
    """A plain choropleth of 徳島県's municipalities (My Number Card issuance, 2022-12-31)."""
    geojson = json.loads(queries.geojson("municipality", "overview") or "{}")
    values = queries.values("mynumber_issuance_rate", "municipality", "2022-12-31")
    shown = values[values["code"].str.startswith("36")]
    trace = go.Choropleth(
        geojson=geojson,
        locations=list(shown["code"]),
        z=list(shown["value"]),
        featureidkey="id",
        colorscale="RdBu",
        zmid=60,
        marker_line_width=0.5,
    )
    return go.Figure(trace)


@pytest.fixture()
def meta() -> ExportMeta:
    return ExportMeta(
        title="マイナンバーカード交付率 — 徳島県",
        subtitle="2022年12月31日時点・徳島県・政策目標未満を強調",
        legend_title="交付率（%）",
        counts="12市町村、25万人が目標未満",
        target=60.0,
        source_lines=("出典：総務省「マイナンバーカード交付状況」（2022-12-31）ライセンス：CC BY 4.0",),
        key_numbers=(("目標未満の市町村", "12"), ("該当人口", "25万人")),
    )
