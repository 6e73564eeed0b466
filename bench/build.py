"""ETL build time and what it produces: database size, row counts, boundary
simplification figures and the bytes of the national boundary asset.

The build runs as a user runs it (``python -m etl build``) but into a
temporary file, so the database the app serves is not touched.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.common import ROOT, Skip, emit

MAIN_TABLES = ("areas", "indicators", "indicator_values", "boundaries", "geojson_assets", "_sources")


def _build(out: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "etl", "build", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise Skip(f"etl build failed: {(result.stderr or result.stdout).strip()[-300:]}")
    return seconds


def report(path: Path) -> None:
    """Sizes and counts of a built database."""
    emit("db.bytes", path.stat().st_size)
    con = duckdb.connect(str(path), read_only=True)
    try:
        for table in MAIN_TABLES:
            emit(f"db.rows.{table}", con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # type: ignore[index]
        stats = con.execute(
            "SELECT level, detail, features, vertices, geojson_bytes, gzip_bytes FROM boundary_stats ORDER BY 1, 2"
        ).fetchall()
        for level, detail, features, vertices, raw, gz in stats:
            prefix = f"boundary.{level}.{detail}"
            emit(f"{prefix}.features", features)
            emit(f"{prefix}.vertices", vertices)
            emit(f"{prefix}.geojson_bytes", raw)
            emit(f"{prefix}.gzip_bytes", gz)
        national = con.execute(
            "SELECT level, content FROM geojson_assets WHERE detail = 'overview' ORDER BY level"
        ).fetchall()
    finally:
        con.close()
    # What the browser downloads for the national municipal map: municipalities + prefecture outlines.
    raw_total = gz_total = 0
    for level, text in national:
        raw = text.encode("utf-8")
        gz = len(gzip.compress(raw, compresslevel=9, mtime=0))
        emit(f"asset.{level}-overview.raw_bytes", len(raw))
        emit(f"asset.{level}-overview.gzip_bytes", gz)
        raw_total, gz_total = raw_total + len(raw), gz_total + gz
    emit("asset.national_map.raw_bytes", raw_total)
    emit("asset.national_map.gzip_bytes", gz_total)


def main() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        out = Path(tmp) / "atlas.duckdb"
        seconds = _build(out)
        emit("build.seconds", seconds)
        report(out)
    return {"build_seconds": seconds}


if __name__ == "__main__":
    main()
