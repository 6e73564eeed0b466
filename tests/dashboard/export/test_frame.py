"""``export_figure`` lays a map out for a page with every required line (no browser needed)."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.export.frame import PRINT_A4, SLIDE, export_figure, nice_ticks
from dashboard.export.geometry import areas_outside_frame, clockwise, shown_locations
from dashboard.export.meta import ExportMeta
from dashboard.i18n import N03_CREDIT


def _texts(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_page_size_title_subtitle_and_footer(tokushima_figure: go.Figure, meta: ExportMeta) -> None:
    out = export_figure(tokushima_figure, meta, SLIDE)
    assert (out.layout.width, out.layout.height) == (1920, 1080)
    assert meta.title in out.layout.title.text
    assert out.layout.title.subtitle.text == meta.subtitle
    texts = _texts(out)
    assert any(meta.counts in t for t in texts)
    assert meta.source_lines[0] in texts
    assert N03_CREDIT["ja"] in texts
    assert any(t.startswith("作成日：") for t in texts)
    assert "Noto Sans CJK JP" in out.layout.font.family


def test_input_figure_is_not_changed(tokushima_figure: go.Figure, meta: ExportMeta) -> None:
    before = tokushima_figure.to_json()
    export_figure(tokushima_figure, meta, PRINT_A4)
    assert tokushima_figure.to_json() == before


def test_geojson_is_cut_to_the_shown_areas(tokushima_figure: go.Figure, meta: ExportMeta) -> None:
    out = export_figure(tokushima_figure, meta)
    trace = out.data[0]
    assert len(tokushima_figure.data[0].geojson["features"]) == 157  # the fixture's whole country
    assert sorted(f["id"] for f in trace.geojson["features"]) == sorted(shown_locations(out))
    assert all(code.startswith("36") for code in shown_locations(out))


def test_target_is_a_labelled_tick_on_the_colour_bar(tokushima_figure: go.Figure, meta: ExportMeta) -> None:
    bar = export_figure(tokushima_figure, meta).data[0].colorbar
    assert meta.target in bar.tickvals
    assert any("目標 60" in text for text in bar.ticktext)
    assert bar.title.text == "交付率（%）"


def test_target_outside_the_colour_range_is_said_in_the_legend_title(tokushima_figure: go.Figure) -> None:
    fig = go.Figure(tokushima_figure)
    fig.data[0].update(zmid=None, zmin=0, zmax=50)
    meta = ExportMeta(title="t", legend_title="%", target=100.0)
    bar = export_figure(fig, meta).data[0].colorbar
    assert bar.tickvals is None
    assert "目標 100（色の範囲外）" in bar.title.text


def test_english_labels(tokushima_figure: go.Figure) -> None:
    meta = ExportMeta(title="My Number Card issuance", target=60.0, lang="en")
    out = export_figure(tokushima_figure, meta)
    texts = _texts(out)
    assert any(t.startswith("Exported ") for t in texts)
    assert any(t.startswith("Boundaries: Digital Agency") for t in texts)
    assert any("Target 60" in t for t in out.data[0].colorbar.ticktext)


def test_maplibre_trace_becomes_a_vector_geo_trace(tokushima_figure: go.Figure, meta: ExportMeta) -> None:
    src = tokushima_figure.data[0]
    fig = go.Figure(go.Choroplethmap(geojson=src.geojson, locations=src.locations, z=src.z, featureidkey="id"))
    fig.update_layout(map={"style": "white-bg", "zoom": 7})
    out = export_figure(fig, meta)
    assert [t.type for t in out.data] == ["choropleth"]
    assert list(out.data[0].locations) == list(src.locations)
    assert out.layout.geo.fitbounds == "locations"


def test_bare_figure_has_no_title_or_footer(tokushima_figure: go.Figure, meta: ExportMeta) -> None:
    out = export_figure(tokushima_figure, meta, bare=True)
    assert not out.layout.annotations
    assert not out.layout.title.text


def test_rings_are_wound_clockwise_for_d3() -> None:
    ccw = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    hole_cw = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]
    out = clockwise({"type": "Polygon", "coordinates": [ccw, hole_cw]})
    assert out is not None
    exterior, hole = out["coordinates"]
    assert exterior == list(reversed(ccw))
    assert hole == list(reversed(hole_cw))


def test_nice_ticks() -> None:
    assert nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(12.3, 87.1) == [20, 40, 60, 80]


def test_areas_left_outside_the_frame_are_counted_on_the_figure(tokushima_figure: go.Figure, meta: ExportMeta) -> None:
    assert not any("範囲外" in t for t in _texts(export_figure(tokushima_figure, meta)))
    framed = go.Figure(tokushima_figure)
    framed.update_geos(lonaxis_range=[133.55, 133.8], lataxis_range=[33.8, 33.95])  # western 徳島県 only (widened
    # to the page's shape by the export, still short of the east)
    out = export_figure(framed, meta)
    outside = areas_outside_frame(out)
    assert 0 < outside < len(out.data[0].locations)
    assert f"図の範囲外の地域：{outside}（島しょ部など。値は表に含みます）" in _texts(out)
