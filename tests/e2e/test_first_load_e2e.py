"""End to end, the first visit: the map draws with the partial plotly.js bundle
(the full one is never fetched), every preloaded file is downloaded once and
used, and in-app navigation to the priority page draws its bar chart with the
same bundle. No console errors or warnings about preloads."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import WAIT

pytestmark = pytest.mark.e2e

#: Resource timing of everything the page fetched: name, how, and bytes on the wire (0 = from cache).
_RESOURCES = """() => performance.getEntriesByType('resource')
    .map(r => ({url: r.name, kind: r.initiatorType, bytes: r.transferSize}))"""


@pytest.fixture()
def page(browser: Any) -> Any:
    """A fresh browser context (its own empty cache, as for a first visit) and page; console messages kept."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.messages = []
    page.on("console", lambda m: page.messages.append((m.type, m.text)))
    page.on("pageerror", lambda e: page.messages.append(("pageerror", str(e))))
    page.on("requestfailed", lambda r: page.messages.append(("requestfailed", r.url)))
    yield page
    context.close()


def test_first_visit_uses_the_partial_bundle_and_each_preload_once(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#map-graph .choroplethlocation", state="attached", timeout=WAIT)
    traces = page.evaluate("() => Object.keys(window.Plotly.PlotSchema.get().traces).sort()")
    assert traces == ["bar", "choropleth", "scatter"]
    assert page.evaluate("() => window.Plotly.version") == "4.1.1"
    # plotly.js runs from the page's own <script> (dashboard.preload.scripts); dcc.Graph found it, added none
    assert page.evaluate("() => document.querySelectorAll('script[src$=\"/plotly.min.js\"]').length") == 1

    preloaded = page.eval_on_selector_all("link[rel=preload]", "links => links.map(l => l.href)")
    assert any(u.endswith("/plotly.min.js") for u in preloaded)
    assert sum("/geo/" in u for u in preloaded) == 2  # municipalities and prefecture outlines
    downloads = [r for r in page.evaluate(_RESOURCES) if r["bytes"] > 0]
    for url in preloaded:
        assert sum(r["url"] == url for r in downloads) == 1, f"{url} downloaded twice (or never)"
    plotly = [r for r in downloads if r["url"].endswith("/plotly.min.js")]
    assert plotly and plotly[0]["bytes"] < 700_000  # the partial bundle, gzip (the full one is 1.4 MB)

    page.get_by_role("link", name="優先度").first.click()  # dcc.Link: no reload, same plotly.js
    page.wait_for_selector("#prio-figure .barlayer .point", state="attached", timeout=WAIT)
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    page.wait_for_timeout(3500)  # Chromium warns about a preload left unused after ~3 s
    bad = [(kind, text) for kind, text in page.messages
           if kind in ("error", "pageerror", "requestfailed") or (kind == "warning" and "preload" in text)]
    assert bad == []
