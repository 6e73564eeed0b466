"""End to end: the real app server on the fixture database, driven in Debian's
headless Chromium by Playwright. Load, switch indicator, choose a prefecture,
click an area, reload from the copied URL and get the same view; no browser
console errors on the way."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT = 20_000  # ms: generous for a loaded 2-core machine; nothing here asserts on timing


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    port = _free_port()
    env = {**os.environ, "ATLAS_DB": str(fixture_db), "PORT": str(port), "PYTHONPATH": str(ROOT)}
    env.pop("ATLAS_DEBUG", None)
    log = (tmp_path_factory.mktemp("server") / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "dashboard"], cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(160):
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("the dashboard did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _open(browser: Any, url: str, errors: list[str]) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.goto(url)
    page.wait_for_selector("#map-graph .choroplethlocation", state="attached", timeout=WAIT)
    return page


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
    page = _open(browser, server + "/", errors)
    assert page.locator("html").get_attribute("lang") == "ja"

    _choose(page, "map-indicator", "よく使う32手続のオンライン化率")
    _wait_for_query(page, "indicator=online_procedures_32")

    _choose(page, "map-pref", "徳島県")
    _wait_for_query(page, "pref=36")
    page.wait_for_selector("#map-ranking tbody tr", timeout=WAIT)
    page.wait_for_function(
        "() => (document.querySelector('#map-summary') || {}).innerText.includes('徳島県')", timeout=WAIT)

    page.wait_for_function(  # the zoom Patch has been drawn (plotly keeps the layout on the graph div)
        "() => { const gd = document.querySelector('#map-graph .js-plotly-plot');"
        " return gd && gd.layout && gd.layout.uirevision === 'municipality|36'; }", timeout=WAIT)
    box = page.locator("#map-graph").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the frame is centred on 徳島県
    _wait_for_query(page, "area=36")
    page.wait_for_selector("#map-profile .area-name", timeout=WAIT)
    page.wait_for_selector("#map-ranking tr input[type=radio]:checked", state="attached", timeout=WAIT)
    before = _view(page)
    assert before["profile"] and "徳島県" in before["profile"]

    shared = page.url
    again = _open(browser, shared, errors)
    again.wait_for_selector("#map-profile .area-name", timeout=WAIT)
    again.wait_for_selector("#map-ranking tbody tr", timeout=WAIT)
    assert _view(again) == before
    assert errors == []


def test_bad_link_shows_a_notice_not_an_error(server: str, browser: Any) -> None:
    errors: list[str] = []
    page = _open(browser, server + "/?indicator=nope&threshold=500&lang=en", errors)
    notices = page.inner_text("#map-notices")
    assert "nope" in notices and "500" in notices
    assert page.inner_text("h1") == "Atlas of Japan's Regional Digital Divide"
    assert errors == []
