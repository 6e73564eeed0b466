"""The partial plotly.js bundle (``dashboard/vendor``) and the preload hints of
the index page (``dashboard.preload``): the browser gets the small bundle at
the URL ``dcc.Graph`` loads plotly.js from, every trace type our figure
builders emit is in it, and the map page's HTML names the files its first
draw needs."""

from __future__ import annotations

import gzip
import hashlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from flask.testing import FlaskClient

from dashboard import app as app_module
from dashboard import bundles, charts, choropleth, db, preload, service
from dashboard.state import parse_query
from tests.dashboard.test_figures import TARGETED

BUNDLE = bundles.PLOTLY_BUNDLE
PRELOAD = re.compile(r'<link rel="preload" as="(\w+)"(?: crossorigin="anonymous")? href="([^"]+)">')


@pytest.fixture(scope="module")
def client(fixture_db: Path) -> Iterator[FlaskClient]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATLAS_DB", str(fixture_db))
        db.configure(None)
        yield app_module.server.test_client()
        db.configure(None)


def bundle_traces() -> set[str]:
    """Trace types registered by the bundle (each trace module declares ``moduleType:"trace",name:"…"``)."""
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', BUNDLE.read_text(encoding="utf-8")))


def test_the_graph_url_serves_the_partial_bundle_compressed_and_revalidated(client: FlaskClient) -> None:
    response = client.get(preload.PLOTLY_PATH, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "text/javascript"
    raw = gzip.decompress(response.data)
    assert raw == BUNDLE.read_bytes()  # not plotly.py's full 4.8 MB bundle
    assert response.headers["Cache-Control"] == "no-cache"  # Dash's URL has no version: revalidate
    assert response.headers["ETag"] == f'"{hashlib.sha256(raw).hexdigest()[:16]}"'
    again = client.get(preload.PLOTLY_PATH, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    plain = client.get(preload.PLOTLY_PATH)
    assert "Content-Encoding" not in plain.headers and plain.data == raw


def test_bundle_is_the_plotly_js_version_plotly_py_validates_against() -> None:
    from plotly.offline import get_plotlyjs_version

    head = BUNDLE.read_text(encoding="utf-8")[:300]
    assert f"v{get_plotlyjs_version()}" in head
    assert BUNDLE.name == f"plotly-atlas-{get_plotlyjs_version()}.min.js"
    assert head.startswith("/**") and "Licensed under the MIT license" in head


def _builder_traces(app: object) -> dict[str, set[str]]:
    """Trace types each browser-side figure builder emits, from real (small) inputs."""
    from dashboard.pages import map_view

    state = parse_query({}, service.state_options())
    series = pd.DataFrame({"as_of": pd.to_datetime(["2020-01-01", "2021-01-01"]).date, "value": [1.0, 2.0]})
    built = {
        "map_figure": map_view.map_figure(service.view_data(state)),
        "trend_figure": charts.trend_figure([("A", series)], TARGETED, "ja"),
        "profile_figure": charts.profile_figure([("x", 0.2, "20%")]),
        "ranking_figure": charts.ranking_figure(["a"], [1.0], [True], title="t", decimals=0),
    }
    return {name: {trace["type"] for trace in fig.to_plotly_json()["data"]} for name, fig in built.items()}


def test_every_trace_type_the_builders_emit_is_in_the_bundle(app: object) -> None:
    emitted = _builder_traces(app)
    declared = {name for module in (charts, choropleth) for name, f in inspect.getmembers(module, inspect.isfunction)
                if name.endswith("_figure") and f.__module__ == module.__name__}
    assert declared == set(emitted), "a new figure builder: add it to _builder_traces"
    missing = set().union(*emitted.values()) - bundle_traces()
    assert not missing, f"not in {BUNDLE.name}: {missing} (see dashboard/vendor/README.md to rebuild)"


def test_map_page_preloads_plotly_and_the_boundaries_its_figure_uses(client: FlaskClient, app: object) -> None:
    from dashboard.pages import map_view

    for query in ("", "?pref=36", "?level=prefecture&lang=en"):
        html = client.get("/" + query).get_data(as_text=True)
        head = html[:html.index("</head>")]
        found = PRELOAD.findall(head)
        state = parse_query(query, service.state_options())
        figure = map_view.map_figure(service.view_data(state)).to_plotly_json()
        wanted = {trace["geojson"] for trace in figure["data"]}
        assert ("script", preload.PLOTLY_PATH) in found
        assert {url for kind, url in found if kind == "fetch"} == wanted  # no world_110m: base layers are hidden
        assert "/assets/topojson/world_110m.json" not in head
        for url in wanted:
            assert client.get(url).status_code == 200


def test_other_pages_preload_only_what_they_draw(client: FlaskClient) -> None:
    priority = PRELOAD.findall(client.get("/priority").get_data(as_text=True))
    assert priority == [("script", preload.PLOTLY_PATH)] + [
        ("script", preload.DCC_FOLDER + chunk) for chunk in preload.CHUNKS["/priority"]]
    assert PRELOAD.findall(client.get("/sources").get_data(as_text=True)) == []


def test_no_database_means_no_boundary_preloads(tmp_path: Path) -> None:
    db.configure(tmp_path / "missing.duckdb")
    try:
        with app_module.server.test_request_context("/"):
            tags = preload.links("/", "")
    finally:
        db.configure(None)
    assert len(tags) == 1 + len(preload.CHUNKS["/"]) and "geo/" not in "".join(tags)  # plotly.js still helps


def test_bundle_registers_plotly_js_japanese_locale_and_pages_use_it_in_japanese_only() -> None:
    """The toolbar's tooltips in the page's language: ``config.locale`` names a locale the bundle registers."""
    from dashboard import components

    assert 'moduleType:"locale",name:"ja"' in BUNDLE.read_text(encoding="utf-8")
    ja, en = components.graph_config("ja", responsive=True), components.graph_config("en", responsive=True)
    assert ja["locale"] == "ja" and ja["locales"]["ja"]["dictionary"]["Pan"] == "移動"  # plotly's ja says 拡大
    assert "locale" not in en and "locales" not in en and en["responsive"] is True
    for config in (ja, en):
        assert config["displaylogo"] is False and config["showSendToCloud"] is False


def test_preloaded_chunks_are_the_files_dcc_asks_for(client: FlaskClient) -> None:
    """webpack loads ``<folder of dash_core_components.js>/<chunk>.js`` (no version in the name): a preload
    of any other URL would be a second download. The e2e first-visit test sees each used exactly once."""
    html = client.get("/").get_data(as_text=True)
    dcc_script = re.search(r'src="([^"]*/dcc/)dash_core_components\.v[^"]+\.js"', html)
    assert dcc_script and dcc_script.group(1) == preload.DCC_FOLDER
    for chunk in {c for chunks in preload.CHUNKS.values() for c in chunks}:
        assert client.get(preload.DCC_FOLDER + chunk).status_code == 200, chunk


def test_graph_pages_run_plotly_before_dash_and_other_pages_not_at_all(client: FlaskClient) -> None:
    tag = f'<script src="{preload.PLOTLY_PATH}"></script>'
    for path in sorted(preload.GRAPH_PAGES):
        html = client.get(path).get_data(as_text=True)
        assert html.count(tag) == 1, path
        assert html.index(tag) < html.index("dash_renderer"), path  # window.Plotly exists when Graph mounts
    assert "plotly.min.js" not in client.get("/sources").get_data(as_text=True)
