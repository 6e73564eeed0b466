"""A newer release dropped into ``data/raw/<source>/`` is built without code changes (issue 14).

The newer releases here are synthetic and test-only: copies of the fixture files
with their dates (and one value) changed, the way a real newer release differs.
The steps are the documented ones: put the files in place, record them with
``python -m etl record <source_id>`` (``etl.provenance.record``), rebuild.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl import provenance
from etl.build import build
from etl.sources import dx_dashboard, mynumbercard, ssdse
from intake.errors import InputError
from tests.etl.sources.areas_for_tests import FIXTURE_RAW, fixture_areas

MYNUMBER_SNAPSHOT, DX_RELEASE, SSDSE_EDITION = "20230131", "20250715", "SSDSE-A-2026.csv"


def add_mynumber_snapshot(raw: Path) -> Path:
    """A 2023-01-31 snapshot: the 2022-12-31 files with the snapshot dates moved on (population basis kept)."""
    base = raw / mynumbercard.SOURCE_ID / mynumbercard.DATA_DIR
    target = base / MYNUMBER_SNAPSHOT
    shutil.copytree(base / "20221231", target)
    for path in target.glob("*.csv"):
        text = path.read_bytes().decode("utf-8")
        path.write_bytes(text.replace('"2022/12/31"', '"2023/01/31"').encode("utf-8"))
    return target


def add_dx_release(raw: Path) -> Path:
    target = raw / dx_dashboard.SOURCE_ID / DX_RELEASE
    target.mkdir()
    for path in (raw / dx_dashboard.SOURCE_ID).glob("*.csv"):
        shutil.copy(path, target / path.name)
    return target


def add_ssdse_edition(raw: Path) -> Path:
    """A 2026 edition: the same rows; 可住地面積 of 2024 (the census and economic-census years unchanged)."""
    lines = (raw / ssdse.SOURCE_ID / ssdse.FILE_NAME).read_bytes().decode("cp932").split("\r\n")
    codes, years = lines[0].split(","), lines[1].split(",")
    codes[0], years[codes.index("B1103")] = SSDSE_EDITION.removesuffix(".csv"), "2024"
    lines[0], lines[1] = ",".join(codes), ",".join(years)
    target = raw / ssdse.SOURCE_ID / SSDSE_EDITION
    target.write_bytes("\r\n".join(lines).encode("cp932"))
    return target


@pytest.fixture(scope="module")
def raw_with_newer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("newer") / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    add_mynumber_snapshot(raw)
    add_dx_release(raw)
    add_ssdse_edition(raw)
    return raw


def test_each_parser_reads_its_newer_release(raw_with_newer: Path) -> None:
    areas = fixture_areas()
    my = mynumbercard.parse(raw_with_newer, areas)
    assert date(2023, 1, 31) in set(my.values["as_of"])
    dx = dx_dashboard.parse(raw_with_newer, areas)
    assert date(2025, 7, 15) in set(dx.values["as_of"])
    census = ssdse.parse(raw_with_newer, areas)
    assert [p.name for p in census.files] == [SSDSE_EDITION]


def test_an_unrecorded_release_is_refused_with_its_file_named(raw_with_newer: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not listed in") as err:
        build(raw_with_newer, tmp_path / "atlas.duckdb")
    assert any(part in err.value.file for part in (MYNUMBER_SNAPSHOT, DX_RELEASE, SSDSE_EDITION))
    assert not (tmp_path / "atlas.duckdb").exists()


def test_recorded_releases_are_built_and_listed(raw_with_newer: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(raw_with_newer, raw)
    for source_id in (mynumbercard.SOURCE_ID, dx_dashboard.SOURCE_ID, ssdse.SOURCE_ID):
        changes = provenance.record(raw, source_id)
        assert any("added" in change for change in changes), source_id
    out = tmp_path / "atlas.duckdb"
    build(raw, out)
    con = duckdb.connect(str(out), read_only=True)
    try:
        dates = dict(
            con.execute(
                "SELECT indicator_id, max(as_of) FROM indicator_values WHERE indicator_id IN "
                "('mynumber_issuance_rate', 'mynumber_holding_rate') GROUP BY 1"
            ).fetchall()
        )
        files = {r[0] for r in con.execute("SELECT file FROM _sources").fetchall()}
        unconfirmed = con.execute(
            "SELECT count(*) FROM indicator_dates WHERE as_of = DATE '2025-07-15' AND NOT date_certain"
        ).fetchone()
    finally:
        con.close()
    assert dates == {"mynumber_issuance_rate": date(2023, 1, 31), "mynumber_holding_rate": date(2025, 7, 15)}
    assert f"mynumbercard_codeforjapan/static/data/{MYNUMBER_SNAPSHOT}/all_localgovs.csv" in files
    assert f"{dx_dashboard.SOURCE_ID}/{DX_RELEASE}/{dx_dashboard.MUNICIPAL_COMPARISON}" in files
    assert f"{dx_dashboard.SOURCE_ID}/{dx_dashboard.MUNICIPAL_COMPARISON}" in files
    assert f"{ssdse.SOURCE_ID}/{SSDSE_EDITION}" in files and f"{ssdse.SOURCE_ID}/{ssdse.FILE_NAME}" not in files
    assert unconfirmed is not None and unconfirmed[0] > 0
