"""A prefecture view shows the prefecture (issue 9 §2), at desktop and phone widths; an unknown
address answers 404 with the menu; the map page's keyboard order. Real server, real Chromium.

The fixture database holds 東京都 (伊豆諸島 and 小笠原村 far south) and 香川県 (neighbours on two
sides); the issue's 島根県 and 沖縄県 are framed by the same code (see docs/screenshots/).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import WAIT, open_page, wait_for_boundaries

pytestmark = pytest.mark.e2e

#: What the drawn map says about itself: the traces' roles and codes, the colour bar, the plot area,
#: and the screen boxes of the prefecture's coloured areas in the main map.
DRAWN = """() => {
  const gd = document.querySelector('#map-graph .js-plotly-plot');
  const size = gd._fullLayout._size;
  const value = gd.data.filter(t => t.meta === 'value');
  const frame = gd.getBoundingClientRect();
  return {
    value_codes: value.flatMap(t => t.locations),
    value_subplots: value.map(t => t.geo || 'geo'),
    context: (gd.data.find(t => t.meta === 'plain' && t.hoverinfo === 'skip' && t.locations.length > 1
                             && t.colorscale[0][1] === '#ececec') || {locations: []}).locations,
    insets: Object.keys(gd._fullLayout).filter(k => /^geo[0-9]+$/.test(k)),
    colorbar: value[0].colorbar,
    aspect: size.w / size.h,
    plot: {left: frame.left + size.l, top: frame.top + size.t, right: frame.left + size.l + size.w,
           bottom: frame.top + size.t + size.h},
  };
}"""


def _drawn(browser: Any, server: str, query: str, width: int) -> tuple[Any, dict[str, Any]]:
    errors: list[str] = []
    page = open_page(browser, f"{server}/?{query}", errors)
    page.set_viewport_size({"width": width, "height": 900 if width > 800 else 740})
    wait_for_boundaries(page)
    page.wait_for_timeout(300)  # plotly's responsive resize after the viewport change (not a timing assert)
    drawn = page.evaluate(DRAWN)
    assert not errors, errors
    return page, drawn


@pytest.mark.parametrize("width", [1440, 375])
def test_tokyo_is_the_only_coloured_shape_and_its_islands_are_in_insets(server: str, browser: Any,
                                                                         width: int) -> None:
    page, drawn = _drawn(browser, server, "indicator=mynumber_holding_rate&pref=13", width)
    assert drawn["value_codes"] and {c[:2] for c in drawn["value_codes"]} == {"13"}
    assert "13000" not in drawn["context"] and len(drawn["context"]) == 4  # the fixture's other prefectures
    assert len(drawn["insets"]) == 2  # 伊豆諸島, 小笠原村
    assert drawn["colorbar"]["orientation"] == "h" and drawn["colorbar"]["y"] < 0  # under the map, not on it
    assert abs(drawn["aspect"] - 1.5) < 0.05  # the plot area has the ranges' shape: no cut lines
    assert page.locator("text=図の範囲外").count() == 0
    page.close()


@pytest.mark.parametrize("width", [1440, 375])
def test_kagawa_is_whole_in_the_frame(server: str, browser: Any, width: int) -> None:
    page, drawn = _drawn(browser, server, "indicator=mynumber_holding_rate&pref=37", width)
    assert {c[:2] for c in drawn["value_codes"]} == {"37"} and not drawn["insets"]
    plot = drawn["plot"]
    coloured = page.evaluate("""() => {
        const gd = document.querySelector('#map-graph .js-plotly-plot');
        const trace = gd.querySelectorAll('.choropleth.trace')[1];  // CONTEXT is drawn first, then VALUE
        return [...trace.querySelectorAll('.choroplethlocation')].map(p => p.getBoundingClientRect())
          .map(r => [r.left, r.top, r.right, r.bottom]);
    }""")
    assert coloured
    assert min(b[0] for b in coloured) >= plot["left"] - 1 and max(b[2] for b in coloured) <= plot["right"] + 1
    assert min(b[1] for b in coloured) >= plot["top"] - 1 and max(b[3] for b in coloured) <= plot["bottom"] + 1
    page.close()


def test_unknown_address_is_404_with_the_menu_in_the_current_language(server: str, browser: Any) -> None:
    page = browser.new_page()
    response = page.goto(server + "/no-such-page?lang=en")
    assert response is not None and response.status == 404
    page.wait_for_selector("h2", timeout=WAIT)
    assert page.inner_text("h2") == "Page not found"
    assert page.title().startswith("Page not found")
    assert page.locator("nav a", has_text="Map").count() == 1
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()


def test_keyboard_order_on_the_map_page(server: str, browser: Any) -> None:
    """Skip link first, then the menu, the controls, and the ranking's one filter stop; every stop visible."""
    errors: list[str] = []
    page = open_page(browser, f"{server}/?indicator=mynumber_holding_rate&pref=37", errors)
    page.wait_for_selector("#map-ranking tbody tr", timeout=WAIT)
    page.wait_for_timeout(200)  # app.js labels the table on the next animation frame
    stops: list[dict[str, Any]] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("""() => { const e = document.activeElement;
            const s = getComputedStyle(e); const box = e.getBoundingClientRect();
            return {tag: e.tagName, id: e.id, cls: e.className || '', text: (e.innerText || '').slice(0, 30),
                    label: e.getAttribute('aria-label') || '', filter: !!e.closest('th.dash-filter'),
                    ranking: !!e.closest('#map-ranking'), outline: s.outlineStyle + ' ' + s.outlineWidth,
                    visible: box.width > 0 && box.height > 0}; }"""))
    assert "skip-link" in str(stops[0]["cls"])
    assert any(s["ranking"] for s in stops[1:]) or len(stops) == 60  # the ranking is reachable after the controls
    assert sum(s["filter"] for s in stops) == 0  # no filter cell per column (16 stops) ...
    assert sum(s["id"] == "map-ranking-filter" for s in stops) == 1  # ... but one labelled search box
    radios = page.locator("#map-ranking td.dash-select-cell input[type=radio]")
    assert radios.count() > 0 and all(radios.nth(i).get_attribute("aria-label") for i in range(radios.count()))
    assert all(s["visible"] for s in stops if s["tag"] != "BODY")
    assert not errors, errors
    page.close()


def test_choosing_an_area_brings_its_profile_into_view_with_focus(server: str, browser: Any) -> None:
    errors: list[str] = []
    page = open_page(browser, f"{server}/?indicator=mynumber_holding_rate&pref=37", errors)
    wait_for_boundaries(page)
    page.wait_for_selector("#map-ranking tbody tr", timeout=WAIT)
    page.locator("#map-ranking td.dash-select-cell input[type=radio]").first.check()
    page.wait_for_selector("#map-profile .area-name", timeout=WAIT)
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('#map-profile .area-name')",
                           timeout=WAIT)
    top = page.evaluate("() => document.activeElement.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]
    assert not errors, errors
    page.close()
