"""End to end: the real app server on the fixture database, driven in Debian's
headless Chromium by Playwright. Load, switch indicator, choose a prefecture,
click an area, reload from the copied URL and get the same view; no browser
console errors on the way."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import WAIT, open_page, wait_for_boundaries

pytestmark = pytest.mark.e2e


def _choose(page: Any, dropdown: str, label: str) -> None:
    page.click(f"#{dropdown}")
    page.get_by_role("option", name=label, exact=False).first.click()


def _wait_for_query(page: Any, fragment: str) -> None:
    page.wait_for_function("f => window.location.search.includes(f)", arg=fragment, timeout=WAIT)


def _view(page: Any) -> dict[str, str]:
    """What the user sees: the query, headline, selected controls, profile title, selected table row."""
    return {
        "query": page.evaluate("window.location.search"),
        "headline": page.inner_text("#map-summary"),
        "indicator": page.inner_text("#map-indicator"),
        "pref": page.inner_text("#map-pref"),
        "area": page.inner_text("#map-area"),
        "profile": page.inner_text("#map-profile .area-name"),
        "ranking_rows": str(page.locator("#map-ranking tbody tr").count()),
    }


def test_explore_select_and_share(server: str, browser: Any) -> None:
    errors: list[str] = []
    page = open_page(browser, server + "/", errors)
    assert page.locator("html").get_attribute("lang") == "ja"

    _choose(page, "map-indicator", "【提供】よく使う32手続のうちオンラインで申請できる割合")
    _wait_for_query(page, "indicator=online_procedures_32")

    _choose(page, "map-pref", "徳島県")
    _wait_for_query(page, "pref=36")
    page.wait_for_selector("#map-ranking tbody tr", timeout=WAIT)
    page.wait_for_function(
        "() => (document.querySelector('#map-summary') || {}).innerText.includes('徳島県')", timeout=WAIT)

    page.wait_for_function(  # the zoom Patch has been drawn (plotly keeps the layout on the graph div)
        "() => { const gd = document.querySelector('#map-graph .js-plotly-plot');"
        " return gd && gd.layout && gd.layout.uirevision === 'municipality|36'; }", timeout=WAIT)
    wait_for_boundaries(page)  # plotly drops a click on a trace whose boundary file has not arrived
    box = page.locator("#map-graph").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the frame is centred on 徳島県
    _wait_for_query(page, "area=36")
    page.wait_for_selector("#map-profile .area-name", timeout=WAIT)
    page.wait_for_selector("#map-ranking tr input[type=radio]:checked", state="attached", timeout=WAIT)
    before = _view(page)
    assert before["profile"] and "徳島県" in before["profile"]

    shared = page.url
    again = open_page(browser, shared, errors)
    again.wait_for_selector("#map-profile .area-name", timeout=WAIT)
    again.wait_for_selector("#map-ranking tbody tr", timeout=WAIT)
    assert _view(again) == before
    assert errors == []


def test_bad_link_shows_a_notice_not_an_error(server: str, browser: Any) -> None:
    errors: list[str] = []
    page = open_page(browser, server + "/?indicator=nope&threshold=500&lang=en", errors)
    notices = page.inner_text("#map-notices")
    assert "nope" in notices and "500" in notices
    assert page.inner_text("h1") == "Atlas of Japan's Regional Digital Divide"
    assert errors == []
