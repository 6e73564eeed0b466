"""The plotly toolbar (modebar) speaks the page's language: plotly.js's own ``ja``
locale, registered in the vendored bundle (dashboard/vendor), on Japanese pages,
English on English pages, on every page with a graph; and it offers only buttons
that work here (no box/lasso selection, no "Share chart..." upload to Chart
Studio, no PNG download, which the app's strict CSP blocks: the pages have their own
export buttons)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.browser import WAIT

pytestmark = pytest.mark.e2e

#: (path, graph, drawn) for every page with a plotly graph
GRAPHS = [
    ("/?pref=36", "#map-graph", "#map-graph .choroplethlocation"),
    ("/priority", "#prio-figure", "#prio-figure .bars"),
    ("/progress?indicator=online_procedures_26", "#prog-map", "#prog-map .choroplethlocation"),
    ("/compare?areas=36201,36202", "#cmp-graph", "#cmp-graph .scatterlayer .trace"),
    ("/scatter?x=population&y=online_procedures_32", "#sc-graph", "#sc-graph .scatterlayer .point"),
]
TITLES = "sel => [...document.querySelectorAll(sel + ' .modebar-btn')].map(b => b.getAttribute('data-title'))"
ENGLISH = {"Pan", "Zoom", "Zoom in", "Zoom out", "Reset", "Autoscale", "Reset axes"}
NEVER = {"Box Select", "Lasso Select", "Share chart...", "Show closest data on hover", "Produced with Plotly.js",
         "Download plot as a PNG", "PNGファイルでダウンロード"}


def _titles(browser: Any, url: str, graph: str, drawn: str) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(url)
    page.wait_for_selector(drawn, state="attached", timeout=WAIT)
    page.wait_for_selector(f"{graph} .modebar-btn", state="attached", timeout=WAIT)
    return page, page.evaluate(TITLES, graph)


@pytest.mark.parametrize(("path", "graph", "drawn"), GRAPHS)
def test_the_toolbar_is_japanese_on_japanese_pages(server: str, browser: Any, path: str, graph: str,
                                                   drawn: str) -> None:
    page, titles = _titles(browser, server + path, graph, drawn)
    page.close()
    assert titles and not set(titles) & (ENGLISH | NEVER), titles
    # every tooltip is Japanese, and no two buttons share one (plotly's ja locale calls "Pan" 拡大 too)
    assert all(re.fullmatch(r"[^A-Za-z]+", t) for t in titles), titles
    assert len(set(titles)) == len(titles), titles


@pytest.mark.parametrize(("path", "graph", "drawn"), GRAPHS)
def test_the_toolbar_stays_english_on_english_pages(server: str, browser: Any, path: str, graph: str,
                                                    drawn: str) -> None:
    sep = "&" if "?" in path else "?"
    page, titles = _titles(browser, f"{server}{path}{sep}lang=en", graph, drawn)
    page.close()
    assert titles and set(titles) <= ENGLISH, titles
