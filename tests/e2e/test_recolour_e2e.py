"""The map's change path in the browser: one callback request per indicator switch (the map, the
headline and the controls in one response), and the detailed boundaries a prefecture filter needs
loaded into plotly.js's GeoJSON cache while the national map sits idle, so the first filter does
not download them (issue 9 §5)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.browser import WAIT, open_page, wait_for_boundaries

pytestmark = pytest.mark.e2e

_PREFETCHED = """() => {
  const urls = (document.querySelector('[data-prefetch]').getAttribute('data-prefetch') || '').split(' ');
  const assets = window.PlotlyGeoAssets || {};
  return urls.length > 0 && urls.every(u => u && assets[u] && assets[u].type === 'FeatureCollection');
}"""


def _map_requests(page: Any) -> list[str]:
    out: list[str] = []

    def seen(request: Any) -> None:
        if "_dash-update-component" in request.url and "map-graph.figure" in (request.post_data or ""):
            out.append(json.loads(request.post_data)["output"])
    page.on("request", seen)
    return out


def test_switch_is_one_request_and_the_filter_finds_its_boundaries_loaded(server: str, browser: Any) -> None:
    errors: list[str] = []
    page = open_page(browser, server + "/", errors)
    wait_for_boundaries(page)
    urls = page.get_attribute("[data-prefetch]", "data-prefetch").split(" ")
    assert len(urls) == 2 and all("-detailed-" in u for u in urls)  # municipal and prefecture boundaries
    page.wait_for_function(_PREFETCHED, timeout=WAIT)

    requests = _map_requests(page)
    page.click("#map-indicator")
    page.get_by_role("option", name="【提供】よく使う32手続のうちオンラインで申請できる割合", exact=False).first.click()
    page.wait_for_function("() => window.location.search.includes('indicator=online_procedures_32')", timeout=WAIT)
    page.wait_for_function("() => (document.querySelector('#map-summary') || {}).innerText.length > 0", timeout=WAIT)
    page.wait_for_timeout(500)
    assert len(requests) == 1 and "map-view.data" in requests[0]  # the view and its map in one response

    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/geo/" in r.url else None)
    page.click("#map-pref")
    page.get_by_role("option", name="徳島県", exact=True).first.click()
    page.wait_for_function(
        "() => { const gd = document.querySelector('#map-graph .js-plotly-plot');"
        " return gd && gd.layout && gd.layout.uirevision === 'municipality|36'; }", timeout=WAIT)
    wait_for_boundaries(page)
    assert page.locator("#map-graph .choroplethlocation").count() > 0
    assert fetched == []  # drawn from the prefetched boundaries
    assert errors == []
