"""The map page painted from HTML before any script runs (``dashboard.prerender``): html components keep
their tags, classes and styles (so boxes sit where the live page puts them), controls show their current
values, nothing carries an id the live page owns, text cannot become markup, and the pages it is switched
on for (``app.PRERENDERED``) carry it first in ``<body>``."""

from __future__ import annotations

import json
import re
from typing import Any

from dash import dash_table, dcc, html

from dashboard import firstpaint, prerender

OVERLAY = re.compile(r'<body><div id="atlas-prerendered" class="prerendered" aria-hidden="true" inert>(.*?)'
                     r'</div>\s*<div id="react-entry-point"', re.S)


def _html(component: Any) -> str:
    return prerender.render(json.loads(json.dumps(component.to_plotly_json(), default=_plain)))


def _plain(value: Any) -> Any:
    return value.to_plotly_json() if hasattr(value, "to_plotly_json") else str(value)


def test_html_components_keep_tag_class_style_and_attributes_but_no_id() -> None:
    tree = html.Main(className="layout", id="main", children=[
        html.Div("x", id="a", className="map-box", style={"marginTop": 4, "opacity": 0.5, "width": "50%"},
                 hidden=True, role="region", **{"aria-label": "地図"}),
        html.Label("指標", htmlFor="map-indicator"), html.Br(), html.A("出典", href="/sources", title="t"),
        html.Details([html.Summary("設定")], open=True),
    ])
    out = _html(tree)
    assert out.startswith('<main class="layout">') and out.endswith("</main>")
    assert ('<div class="map-box" role="region" hidden aria-label="地図" '
            'style="margin-top: 4px; opacity: 0.5; width: 50%">x</div>') in out
    assert '<label for="map-indicator">指標</label><br><a title="t" href="/sources">出典</a>' in out
    assert "<details open><summary>設定</summary></details>" in out
    assert "id=" not in out  # the live page owns every id


def test_controls_show_their_current_values() -> None:
    options = [{"label": "FTTH世帯カバー率", "value": "ftth"}, {"label": "保有率", "value": "card"}]
    tree = html.Div([
        dcc.Dropdown(id="i", options=options, value="card"),
        dcc.Dropdown(id="p", options=["東京都"], value=None, placeholder="全国"),
        dcc.Input(id="n", type="number", value=20), dcc.Input(id="v", placeholder="基準値"),
        dcc.RadioItems(id="r", options=options, value="ftth", className="radio"),
        dcc.Slider(id="s", min=0, max=3, value=1), dcc.Store(id="st", data={"secret": "x"}),
        dcc.Location(id="loc"), dash_table.DataTable(id="t", data=[{"a": "row"}]),
        dcc.Link("優先度", href="/priority", className="nav-link"),
    ])
    out = _html(tree)
    assert '<div class="pre-control pre-dropdown"><span>保有率</span></div>' in out
    assert '<div class="pre-control pre-dropdown"><span>全国</span></div>' in out  # the placeholder
    assert '<div class="pre-control pre-input">20</div><div class="pre-control pre-input">基準値</div>' in out
    assert ('<label class="pre-option"><input type="radio" disabled checked> FTTH世帯カバー率</label>'
            '<label class="pre-option"><input type="radio" disabled> 保有率</label>') in out
    assert '<div class="pre-slider"></div>' in out
    assert '<a class="nav-link" href="/priority">優先度</a>' in out
    assert "secret" not in out and "row" not in out  # stores and tables draw nothing before the live page


def test_text_and_attributes_cannot_become_markup() -> None:
    hostile = '"><script>alert(1)</script>'
    out = _html(html.Div([hostile, html.A("a", href=hostile, className=hostile),
                          dcc.Dropdown(id="d", options=[hostile], value=hostile)]))
    assert "<script>" not in out and 'class="">' not in out and 'href="">' not in out
    assert out.count("&lt;script&gt;") == 4 and out.count("&quot;&gt;") == 2  # text twice, two attributes


def test_the_map_page_starts_with_its_prerendered_copy(app: Any) -> None:
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    found = OVERLAY.search(page)
    assert found, "the map page's body starts with the prerendered page"
    copy = found.group(1)
    islands = dict(re.findall(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', page, re.S))
    live = json.loads(islands[firstpaint.LAYOUT_ID])
    assert copy == prerender.render(live)  # the same layout the renderer is handed
    assert 'class="map-box"' in copy and 'class="headline"' in copy and " id=" not in copy
    assert "全国の下位" in copy  # the headline, readable before any script
    for other in ("/priority", "/compare", "/scatter", "/no-such-page"):
        assert "atlas-prerendered" not in client.get(other).get_data(as_text=True), other
    for text_page in ("/sources", "/accessibility", "/progress"):
        assert OVERLAY.search(client.get(text_page).get_data(as_text=True)), text_page


def test_hostile_query_text_stays_text_in_the_prerendered_page(app: Any) -> None:
    page = app.server.test_client().get(
        "/?indicator=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&area=%22%3E%3Cscript%3E").get_data(as_text=True)
    found = OVERLAY.search(page)
    assert found and "<img src=x" not in found.group(1) and "<script>" not in found.group(1)
