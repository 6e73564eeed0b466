"""Export timings against the real database: ``python -m bench.exports [--db PATH]``.

Prints ``name: value`` lines:

- ``export_seconds_per_figure``: one prefecture map as a 1920x1080 PNG with a
  warm renderer (view built from the database, laid out, rendered), median of
  several prefectures after one warm-up export. Target: <= 2 s.
- ``export_batch_47_prefectures_seconds``: the whole batch command
  ``python -m dashboard.export --all-prefectures --format png`` in a fresh
  process, browser start included. Target: <= 90 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dashboard import db, service
from dashboard.export.files import export_files
from dashboard.export.render import Renderer
from dashboard.export.views import build_view
from dashboard.state import parse_query

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ("13", "01", "23", "27", "36", "40", "47")


def per_figure(indicator: str, renderer: Renderer) -> list[float]:
    options = service.state_options()
    prefs = [p for p in SAMPLE if p in options.prefectures]
    export_files(
        [build_view(parse_query({"indicator": indicator, "pref": prefs[0]}, options))], "png", renderer=renderer
    )  # warm-up: browser start, first page load, caches
    times = []
    for pref in prefs:
        started = time.perf_counter()
        view = build_view(parse_query({"indicator": indicator, "pref": pref}, options))
        (file,) = export_files([view], "png", renderer=renderer)
        times.append(time.perf_counter() - started)
        assert file.content.startswith(b"\x89PNG")
    return times


def batch(indicator: str, db_path: Path) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "dashboard.export",
                "--indicator",
                indicator,
                "--all-prefectures",
                "--format",
                "png",
                "--db",
                str(db_path),
                "--out",
                out,
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        return seconds, len(list(Path(out).glob("*.png")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--indicator", default="mynumber_holding_rate")
    args = parser.parse_args()
    db.configure(args.db)
    renderer = Renderer()
    try:
        times = per_figure(args.indicator, renderer)
    finally:
        renderer.close()
    print(f"export_seconds_per_figure: {statistics.median(times):.2f}")
    print(f"export_seconds_per_figure_max: {max(times):.2f}")
    seconds, count = batch(args.indicator, args.db)
    print(f"export_batch_{count}_prefectures_seconds: {seconds:.1f}")


if __name__ == "__main__":
    main()
