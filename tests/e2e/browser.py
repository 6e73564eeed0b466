"""Shared plumbing of the end-to-end tests: Debian's Chromium as the guide
prescribes, and the page helpers every e2e module uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT = 20_000  # ms: generous for a loaded 2-core machine; nothing here asserts on timing

#: True once every boundary file the map's traces reference has been fetched and parsed by plotly.js
#: (plotly keeps them in ``window.PlotlyGeoAssets``); a click before that is dropped by plotly.
GEO_LOADED = """() => {
  const gd = document.querySelector('#map-graph .js-plotly-plot');
  if (!gd || !gd.data) return false;
  const assets = window.PlotlyGeoAssets || {};
  return gd.data.every(t => typeof t.geojson !== 'string' || typeof assets[t.geojson] === 'object');
}"""


def open_page(browser: Any, url: str, errors: list[str], **options: Any) -> Any:
    """A new page at ``url`` once the map is drawn; console errors and failed requests go to ``errors``."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, **options)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.goto(url)
    page.wait_for_selector("#map-graph .choroplethlocation", state="attached", timeout=WAIT)
    return page


def wait_for_boundaries(page: Any) -> None:
    page.wait_for_function(GEO_LOADED, timeout=WAIT)
