"""End to end: drop a user's own CSV on the map page in headless Chromium and see
it mapped at once (legend, coloured areas, ranking, download), with no console
errors; reload keeps it (session storage), another browser gets a notice.

The server and browser fixtures are in ``tests/e2e/conftest.py``."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import WAIT, open_page

pytestmark = pytest.mark.e2e

USER = Path(__file__).resolve().parents[1] / "fixtures" / "user"
#: 徳島県's 24 municipalities, 高知市, 四万十市 (written as 中村市) and 府中市 have a value; 千代田区 has '-'.
#: The page is at ?pref=36, so only 徳島県's 24 are drawn in colour (the others are outside the prefecture view).
SHOWN = 24


def _coloured(page: Any) -> int:
    return int(page.evaluate(
        "() => { const gd = document.querySelector('#map-graph .js-plotly-plot');"
        " return gd.data.find(t => t.meta === \"value\").z.filter(v => v !== null).length; }"))


def _upload(page: Any) -> None:
    page.click("#map-upload-box > summary")
    page.fill("#map-upload-label", "図書館の数")
    page.fill("#map-upload-unit", "館")
    page.fill("#map-upload-date", "2021-10-01")
    page.set_input_files("#map-upload input[type=file]", str(USER / "names_utf8.csv"))
    page.wait_for_selector("#map-upload-report .upload-ok", timeout=WAIT)


def test_upload_is_mapped_ranked_and_exported(server: str, browser: Any, tmp_path: Path) -> None:
    errors: list[str] = []
    page = open_page(browser, server + "/?pref=36", errors)
    _upload(page)
    page.wait_for_function("() => window.location.search.includes('indicator=upload%3A')", timeout=WAIT)
    page.wait_for_function("() => (document.querySelector('#map-graph .cbtitle') || {}).textContent === '館'",
                           timeout=WAIT)
    page.wait_for_function("() => document.querySelector('#map-ranking-title').innerText.includes('図書館の数')",
                           timeout=WAIT)
    assert _coloured(page) == SHOWN
    assert "図書館の数" in page.inner_text("#map-indicator")
    assert "利用者がアップロードしたデータ" in page.inner_text("#map-source")
    assert page.locator("#map-ranking tbody tr").count() >= 15  # 徳島県's 24 municipalities, 15 a page

    with page.expect_download(timeout=WAIT) as download:
        page.get_by_role("button", name="順位表（CSV）").click()
    assert download.value.suggested_filename.startswith("atlas_upload-")
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_bytes().decode("utf-8-sig"))))
    assert len(rows) >= 24 and any("徳島市" in r for r in rows)

    big = tmp_path / "big.csv"  # over 5 MB: refused in the browser with the reason, the map unchanged
    big.write_bytes(b"36201,1\n" * 700_000)
    page.set_input_files("#map-upload input[type=file]", str(big))
    page.wait_for_function("() => document.querySelector('#map-upload-report').innerText.includes('5 MB')",
                           timeout=WAIT)
    assert "big.csv" in page.inner_text("#map-upload-report") and _coloured(page) == SHOWN

    page.reload()  # session storage survives a reload: the link's upload view comes back
    page.wait_for_selector("#map-graph .choroplethlocation", state="attached", timeout=WAIT)
    page.wait_for_function("() => (document.querySelector('#map-graph .cbtitle') || {}).textContent === '館'",
                           timeout=WAIT)
    assert _coloured(page) == SHOWN
    shared = page.url

    other = open_page(browser, shared, errors)  # another browser context: nothing of the upload there
    assert "アップロード" in other.inner_text("#map-notices")
    assert errors == []
