"""End to end, the insight views in a real browser on the fixture database:
/progress draws its status map from the boundary files the map page already
fetched (no second download), and every view opens without console errors,
also at 375 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import WAIT

pytestmark = pytest.mark.e2e

#: Every boundary file fetched so far, with the bytes that came over the wire (0 = served from the cache).
_GEO = """() => performance.getEntriesByType('resource').filter(r => r.name.includes('/geo/'))
    .map(r => ({url: r.name, bytes: r.transferSize}))"""


@pytest.fixture()
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("requestfailed", lambda r: page.errors.append(f"request failed: {r.url}"))
    yield page
    context.close()


def test_progress_reuses_the_map_boundaries(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#map-graph .choroplethlocation", state="attached", timeout=WAIT)
    page.get_by_role("link", name="目標への進み具合").first.click()  # dcc.Link: same document, same caches
    page.wait_for_selector("#prog-map .choroplethlocation", state="attached", timeout=WAIT)
    page.wait_for_load_state("networkidle")
    downloads = [r["url"] for r in page.evaluate(_GEO) if r["bytes"] > 0]
    assert downloads and len(downloads) == len(set(downloads)), downloads
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert page.errors == []


def test_progress_controls_follow_the_url(server: str, page: Any) -> None:
    page.goto(server + "/progress?indicator=online_procedures_26&pref=36")
    page.wait_for_selector("#prog-map .choroplethlocation", state="attached", timeout=WAIT)
    assert "徳島県" in page.inner_text("#prog-summary")
    assert "自治体デジタル・トランスフォーメーション" in page.inner_text("#prog-target")
    page.click("#prog-indicator")
    page.get_by_role("option", name="マイナンバーカード交付率").click()
    page.wait_for_function("() => location.search.includes('indicator=mynumber_issuance_rate')", timeout=WAIT)
    page.wait_for_function("() => document.querySelector('#prog-target').innerText.includes('数値目標')",
                           timeout=WAIT)
    assert "pref=36" in page.evaluate("() => location.search")
    assert page.errors == []


@pytest.mark.parametrize(("name", "path", "ready"), [
    ("progress", "/progress?indicator=online_procedures_26&pref=38", "#prog-map .choroplethlocation"),
    ("compare", "/compare?areas=36201,36202,36203", "#cmp-graph .scatterlayer .trace"),
    ("scatter", "/scatter?pref=39", "#sc-graph .scatterlayer .point"),
])
def test_views_at_375_px(server: str, browser: Any, name: str, path: str, ready: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + path)
    page.wait_for_selector(ready, state="attached", timeout=WAIT)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"{name}: the page scrolls sideways ({width}px)"
    assert errors == []
    page.screenshot(path=str(tmp_path / f"{name}-375.png"), full_page=False)  # README shots: docs/screenshots
    context.close()


def test_profile_shows_peers_and_links_to_the_nationwide_table(server: str, page: Any) -> None:
    page.goto(server + "/?indicator=online_usage_32_median&area=36201")
    page.wait_for_selector("text=似た条件で成果を上げている団体", timeout=WAIT)
    assert "関連であって効果ではありません" in page.inner_text("body")
    page.get_by_role("link", name="区分ごとの件数と中央値 →").click()
    page.wait_for_selector("text=区分（人口×過疎）", timeout=WAIT)
    assert "/success" in page.url and page.errors == []


def test_compare_from_the_ranking_and_by_search(server: str, page: Any) -> None:
    page.goto(server + "/progress?indicator=mynumber_issuance_rate&pref=36")
    page.wait_for_selector("#prog-map .choroplethlocation", state="attached", timeout=WAIT)
    page.click("#prog-compare")
    page.wait_for_selector("#cmp-graph .scatterlayer .trace", state="attached", timeout=WAIT)
    assert "areas=36" in page.evaluate("() => location.search")
    before = page.locator("#cmp-table th[scope=col]").count()
    page.click("#cmp-areas")
    # the list opens on its search box (assets/a11y.js moves focus there): type only once it has it
    page.wait_for_function("() => document.activeElement.classList.contains('dash-dropdown-search')",
                           timeout=WAIT)
    page.keyboard.type("高知市")
    page.get_by_role("option", name="高知市（高知県）").click()
    page.wait_for_function(f"() => document.querySelectorAll('#cmp-table th[scope=col]').length > {before}",
                           timeout=WAIT)
    page.wait_for_function("() => location.search.includes('39201')", timeout=WAIT)
    assert page.errors == []


def test_scatter_click_opens_the_profile(server: str, page: Any) -> None:
    page.goto(server + "/scatter?x=population&y=online_procedures_32&pref=36")
    page.wait_for_selector("#sc-graph .scatterlayer .point", state="attached", timeout=WAIT)
    page.locator("#sc-graph .scatterlayer .point").first.click(force=True)
    page.wait_for_selector("#map-graph .choroplethlocation", state="attached", timeout=WAIT)
    page.wait_for_function("() => location.search.includes('area=36')", timeout=WAIT)
    assert "indicator=online_procedures_32" in page.evaluate("() => location.search")
    assert page.errors == []


def test_progress_prefecture_filter_reframes_the_drawn_map(server: str, page: Any) -> None:
    page.goto(server + "/progress?indicator=online_procedures_26")
    page.wait_for_selector("#prog-map .choroplethlocation", state="attached", timeout=WAIT)
    frame = "JSON.stringify(document.querySelector('#prog-map .js-plotly-plot').layout.geo.lonaxis.range)"
    page.evaluate(f"() => {{ window.__before = {frame}; }}")
    page.click("#prog-pref")
    page.get_by_role("option", name="高知県").click()
    page.wait_for_function("() => location.search.includes('pref=39')", timeout=WAIT)
    page.wait_for_function(f"() => {frame} !== window.__before", timeout=WAIT)  # the Patch re-framed the map
    page.wait_for_selector("#prog-map .choroplethlocation", state="attached", timeout=WAIT)
    assert "高知県" in page.inner_text("#prog-summary") and page.errors == []


_RINGED = """(code) => document.querySelector('#sc-graph .js-plotly-plot').data
    .some(t => t.mode === 'markers+text' && t.customdata.length === 1 && t.customdata[0] === code)"""


def test_scatter_shares_the_selection_with_the_map(server: str, page: Any) -> None:
    """Map → scatter keeps the area (ringed and named), the indicator (as y) and the prefecture; changing an
    axis keeps it; "see on the map" goes back to the map with that area's profile open; a click moves it."""
    page.goto(server + "/?indicator=online_usage_32_median&pref=36&area=36201")
    page.wait_for_selector("#map-profile >> text=似た条件で成果を上げている団体", timeout=WAIT)
    page.locator("#map-profile a.scatter-link").click()
    page.wait_for_selector("#sc-graph .scatterlayer .point", state="attached", timeout=WAIT)
    search = page.evaluate("() => location.search")
    assert all(p in search for p in ("y=online_usage_32_median", "pref=36", "area=36201")), search
    page.wait_for_function(_RINGED, arg="36201", timeout=WAIT)
    assert "徳島市" in (page.locator("#sc-graph .scatterlayer .textpoint").text_content() or "")
    page.click("#sc-x")
    page.get_by_role("option", name="総人口", exact=True).click()
    page.wait_for_function("() => location.search.includes('x=population')", timeout=WAIT)
    assert "area=36201" in page.evaluate("() => location.search")
    page.wait_for_function(_RINGED, arg="36201", timeout=WAIT)
    page.click("#sc-map-link")
    page.wait_for_selector("#map-profile >> text=徳島市", timeout=WAIT)
    search = page.evaluate("() => location.search")
    assert all(p in search for p in ("indicator=online_usage_32_median", "pref=36", "area=36201")), search
    assert page.errors == []
