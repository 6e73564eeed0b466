"""Re-take the README screenshots from the real database.

    .venv/bin/python docs/screenshots/capture.py   # needs data/atlas.duckdb and /usr/bin/chromium

Starts ``python -m dashboard`` on a free port, opens each view in headless
Chromium (Playwright, Debian's browser: no download) and writes PNGs here.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: (file, query, viewport width, full page?, element to wait for)
VIEWS = [
    ("map-national.png", "/", 1366, False, "#map-graph .choroplethlocation"),
    ("map-prefecture-profile.png", "/?indicator=online_procedures_32&pref=36&area=36201&rule=pref_bottom", 1366, True,
     "#map-profile .area-name"),
    ("map-target-prefectures.png", "/?indicator=ftth_takeup&rule=target", 1366, False,
     "#map-graph .choroplethlocation"),
    ("map-trend-en.png", "/?indicator=mynumber_issuance_rate&date=2020-01-20&lang=en&rule=median", 1366, False,
     "#map-graph .choroplethlocation"),
    ("priority.png", "/priority?kaso=0.5", 1366, False, "#prio-table"),
    ("sources.png", "/sources", 1366, False, "table"),
    ("mobile-375.png", "/?pref=39", 375, True, "#map-graph .choroplethlocation"),
    # prefecture framing (issue 9 §2): grey neighbours, island insets, colour bar under the map
    ("map-shimane.png", "/?pref=32&rule=pref_bottom&threshold=30", 1440, False, "#map-graph .choroplethlocation"),
    ("map-okinawa-375.png", "/?pref=47", 375, False, "#map-graph .choroplethlocation"),
    ("map-tokyo-en.png", "/?pref=13&lang=en", 1440, False, "#map-graph .choroplethlocation"),
    ("not-found-en.png", "/nowhere?lang=en", 1366, False, "h2"),
    # insight (issue 11)
    ("progress-online26-shimane.png", "/progress?indicator=online_procedures_26&pref=32", 1366, False,
     "#prog-map .choroplethlocation"),
    ("progress-shikoku-broadband.png", "/progress?indicator=ultra_high_speed_availability&lang=en", 1366, False,
     "#prog-map .choroplethlocation"),
    ("profile-peers.png", "/?indicator=online_usage_32_median&area=32204", 1366, True,
     "text=似た条件で成果を上げている団体"),
    ("compare.png", "/compare?areas=32201,32202,32203", 1366, True, "#cmp-graph .scatterlayer .trace"),
    ("scatter.png", "/scatter?x=aged_65_share&y=online_usage_32_median", 1366, False,
     "#sc-graph .scatterlayer .point"),
    ("progress-375.png", "/progress?indicator=online_procedures_26&pref=39", 375, False,
     "#prog-map .choroplethlocation"),
]


#: (file, query): exported slides (PNG 1920×1080), made by the same code as the download buttons.
EXPORTS = [
    ("export-slide-shimane.png", "indicator=mynumber_holding_rate&pref=32&rule=pref_bottom&threshold=30"),
    ("export-slide-tokyo-en.png", "indicator=online_procedures_32&pref=13&lang=en"),
]


def exports(only: set[str]) -> None:
    """The exported slides, from the database ``ATLAS_DB`` (or data/atlas.duckdb) names."""
    sys.path.insert(0, str(ROOT))
    from dashboard import db, service
    from dashboard.export.files import export_file
    from dashboard.state import parse_query

    db.configure(Path(os.environ.get("ATLAS_DB") or ROOT / "data" / "atlas.duckdb"))
    for name, query in EXPORTS:
        if only and name not in only:
            continue
        (HERE / name).write_bytes(export_file(parse_query(query, service.state_options()), "png").content)
        print(name)


def main() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PORT": str(port), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "dashboard"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.25)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            only = set(sys.argv[1:])
            for name, query, width, full, ready in VIEWS:
                if only and name not in only:
                    continue
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(base + query)
                page.wait_for_selector(ready, state="attached", timeout=30_000)
                page.wait_for_load_state("networkidle")
                time.sleep(1.5)  # let plotly finish drawing after the last response
                page.screenshot(path=str(HERE / name), full_page=full)
                page.close()
                print(name)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    exports(set(sys.argv[1:]))


if __name__ == "__main__":
    main()
