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


#: Element timing of the still picture and the load's layout shifts, recorded from navigation start.
_WATCH = """(() => {
    const log = window.__still = {painted: null, cls: 0};
    new PerformanceObserver(l => l.getEntries().forEach(e => {
        if (e.identifier === 'first-map' && log.painted === null) { log.painted = e.renderTime || e.loadTime; }
    })).observe({type: 'element', buffered: true});
    new PerformanceObserver(l => l.getEntries().forEach(e => { if (!e.hadRecentInput) { log.cls += e.value; } }))
        .observe({type: 'layout-shift', buffered: true});
})();"""


def _pictured(server: str) -> None:
    """Wait for the server's background drawing of the still pictures (``python -m dashboard`` starts it)."""
    import time
    import urllib.request

    for _ in range(240):
        with urllib.request.urlopen(server + "/", timeout=10) as response:
            if b'elementtiming="first-map"' in response.read():
                return
        time.sleep(0.5)
    pytest.fail("no still picture of the map was drawn within 2 minutes")


def test_the_map_is_on_screen_before_any_script_and_the_live_map_takes_over(server: str, browser: Any) -> None:
    """The prerendered page shows the headline and the map's picture without JavaScript; with it, the
    picture is painted before plotly.js draws, the copy goes once the live page is in place, nothing moves."""
    _pictured(server)
    still_context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        bare = still_context.new_page()
        bare.goto(server + "/")
        bare.wait_for_function("() => { const i = document.querySelector('#atlas-prerendered img.map-still');"
                               " return i && i.complete && i.naturalWidth === 835; }", timeout=WAIT)
        assert "全国の下位" in bare.inner_text("#atlas-prerendered .headline")
        box = bare.locator("#atlas-prerendered img.map-still").bounding_box()
        assert box and box["width"] > 600 and box["y"] < 900  # on screen, in the map's box
    finally:
        still_context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(_WATCH)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: messages.append(str(e)))
    try:
        page.goto(server + "/")
        page.wait_for_selector("#map-graph .choroplethlocation", state="attached", timeout=WAIT)
        drawn = page.evaluate("() => performance.now()")
        page.wait_for_timeout(500)
        log = page.evaluate("() => window.__still")
        assert log["painted"] is not None and log["painted"] < drawn  # the picture came first
        assert page.locator("#atlas-prerendered").count() == 0  # the copy is gone
        live = page.locator("#react-entry-point img.map-still")
        assert live.count() == 1 and live.evaluate("i => getComputedStyle(i).visibility") == "hidden"
        assert log["cls"] < 0.01 and messages == []
    finally:
        context.close()
