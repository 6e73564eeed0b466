"""End to end: a real server on the fixture database, headless Debian Chromium
driven by Playwright clicks the download buttons and receives the files."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.e2e.browser import open_page

pytestmark = pytest.mark.e2e


def _download(browser: Any, url: str, kind: str, tmp_path: Path) -> Path:
    errors: list[str] = []
    page = open_page(browser, url, errors, accept_downloads=True)
    button = page.locator(f'button[id*=\'"kind":"{kind}"\']')
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    page.close()
    assert errors == []
    return target


def test_png_download(server: str, browser: Any, tmp_path: Path) -> None:
    path = _download(browser, f"{server}/?indicator=mynumber_holding_rate&pref=36", "png", tmp_path)
    assert path.name == "atlas_mynumber_holding_rate_36_municipality_2024-07-12.png"
    with Image.open(path) as image:
        assert image.size == (1920, 1080)


def test_csv_download_has_the_ranking_rows(server: str, browser: Any, tmp_path: Path) -> None:
    path = _download(browser, f"{server}/?indicator=population&pref=37&lang=en", "csv", tmp_path)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["Local government code (6 digits with check digit)", "Standard area code (5 digits)",
                           "Name (Japanese)", "Name (English)"]  # both names in a downloaded table (english)
    assert len(rows) > 5 and all(r[0].startswith("37") for r in rows[1:])
