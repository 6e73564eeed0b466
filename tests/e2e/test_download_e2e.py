"""End to end: a real server on the fixture database, headless Debian Chromium
driven by Playwright clicks the download buttons and receives the files."""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(fixture_db: Path) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    port = _free_port()
    env = {**os.environ, "ATLAS_DB": str(fixture_db), "PORT": str(port), "PYTHONPATH": str(ROOT)}
    env.pop("ATLAS_DEBUG", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


def _download(browser: object, url: str, kind: str, tmp_path: Path) -> Path:
    page = browser.new_page(accept_downloads=True)  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    page.wait_for_selector(".choroplethlocation", state="attached", timeout=30_000)  # the map is drawn
    button = page.locator(f'button[id*=\'"kind":"{kind}"\']')
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    page.close()
    assert errors == []
    return target


def test_png_download(server: str, browser: object, tmp_path: Path) -> None:
    path = _download(browser, f"{server}/?indicator=mynumber_holding_rate&pref=36", "png", tmp_path)
    assert path.name == "atlas_mynumber_holding_rate_36_municipality_2024-07-12.png"
    with Image.open(path) as image:
        assert image.size == (1920, 1080)


def test_csv_download_has_the_ranking_rows(server: str, browser: object, tmp_path: Path) -> None:
    path = _download(browser, f"{server}/?indicator=population&pref=37&lang=en", "csv", tmp_path)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["Area code", "Name"]
    assert len(rows) > 5 and all(r[0].startswith("37") for r in rows[1:])
