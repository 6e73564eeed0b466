"""The whole build on the fixture inputs: contract, idempotence, atomicity."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.build import SCHEMA_VERSION, Prepared, build, prepare, write_atomically
from etl.provenance import record
from intake.errors import InputError
from layers.registry import load_catalogue

ROOT = Path(__file__).resolve().parents[2]


def _rows(db: Path, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _table_digest(db: Path) -> dict[str, str]:
    """A digest of every table's rows (except build time), to compare two builds."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        digests = {}
        for name in names:
            if name == "_meta":
                continue
            rows = con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()
            digests[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return digests
    finally:
        con.close()


def test_contract_tables_and_meta(fixture_db: Path) -> None:
    tables = {r[0] for r in _rows(fixture_db, "SELECT table_name FROM information_schema.tables")}
    assert {"areas", "indicators", "indicator_values", "boundaries", "_sources", "_meta"} <= tables
    meta = dict(_rows(fixture_db, "SELECT key, value FROM _meta"))  # type: ignore[arg-type]
    assert meta["schema_version"] == SCHEMA_VERSION
    assert meta["built_at"]


def test_every_catalogue_indicator_has_rows(fixture_db: Path) -> None:
    counts = dict(_rows(fixture_db, "SELECT indicator_id, count(value) FROM indicator_values GROUP BY 1"))  # type: ignore[arg-type]
    for indicator_id in load_catalogue().indicators:
        assert counts.get(indicator_id, 0) > 0, f"{indicator_id} has no values"


def test_codes_are_text_with_valid_check_digits(fixture_db: Path) -> None:
    from intake.codes import is_valid_code6

    rows = _rows(fixture_db, "SELECT code, code6 FROM areas")
    assert rows
    for code, code6 in rows:
        assert isinstance(code, str) and len(code) == 5 and code6 == f"{code}{code6[-1]}"  # type: ignore[index]
        assert is_valid_code6(str(code6))


def test_every_area_has_boundaries_at_both_details(fixture_db: Path) -> None:
    missing = _rows(
        fixture_db,
        "SELECT a.code, d.detail FROM areas a CROSS JOIN (VALUES ('overview'), ('detailed')) d(detail) "
        "WHERE NOT EXISTS (SELECT 1 FROM boundaries b WHERE b.area_code = a.code AND b.detail = d.detail)",
    )
    assert missing == []


def test_missing_values_keep_a_reason(fixture_db: Path) -> None:
    rows = _rows(
        fixture_db, "SELECT count(*) FROM indicator_values WHERE value IS NULL AND (note IS NULL OR note = '')"
    )
    assert rows[0][0] == 0


def test_provenance_records_every_file_with_sha256(fixture_db: Path) -> None:
    rows = _rows(fixture_db, "SELECT source_id, file, sha256, rows FROM _sources")
    assert {r[0] for r in rows} >= {"soumu_local_gov_code", "nstac_ssdse", "digital_agency_dx_dashboard"}
    for source_id, file, digest, _ in rows:
        path = ROOT / "tests" / "fixtures" / "raw" / str(file)
        assert path.exists(), file
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, file
        assert str(file).startswith(str(source_id))


def test_values_match_the_raw_files(fixture_db: Path) -> None:
    # 千代田区 (13101) My Number issuance on 2022-12-31 and Kochi FTTH take-up, as printed in the raw CSVs.
    issuance = _rows(
        fixture_db,
        "SELECT value FROM indicator_values WHERE indicator_id = 'mynumber_issuance_rate' "
        "AND area_code = '13101' AND as_of = DATE '2022-12-31'",
    )
    raw_file = ROOT / "tests/fixtures/raw/mynumbercard_codeforjapan/static/data/20221231/all_localgovs.csv"
    raw = raw_file.read_text(encoding="utf-8-sig")
    line = next(line for line in raw.splitlines() if '"千代田区"' in line)
    assert issuance[0][0] == pytest.approx(float(line.split(",")[5]))
    ftth = _rows(
        fixture_db, "SELECT value FROM indicator_values WHERE indicator_id = 'ftth_takeup' AND area_code = '39000'"
    )
    raw_ftth = (ROOT / "tests/fixtures/raw/soumu_ftth_takeup_pref/ftth_household_takeup_by_prefecture_2024-03.csv")
    kochi = next(line for line in raw_ftth.read_text(encoding="utf-8").splitlines() if line.startswith("390003"))
    assert ftth[0][0] == pytest.approx(float(kochi.split(",")[2]))


def test_build_is_idempotent(fixture_db: Path, tmp_path: Path) -> None:
    second = tmp_path / "again.duckdb"
    build(ROOT / "tests" / "fixtures" / "raw", second)
    assert _table_digest(second) == _table_digest(fixture_db)


def test_failed_build_leaves_previous_database_byte_identical(fixture_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "atlas.duckdb"
    shutil.copy(fixture_db, out)
    before = out.read_bytes()
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "tests" / "fixtures" / "raw", raw)
    ftth = raw / "soumu_ftth_takeup_pref" / "ftth_household_takeup_by_prefecture_2024-03.csv"
    text = ftth.read_text(encoding="utf-8").replace("390003,高知県", "390004,高知県")  # wrong check digit
    ftth.write_text(text, encoding="utf-8")
    record(raw, "soumu_ftth_takeup_pref")  # declared deliberate, so the parser's own check must speak
    with pytest.raises(InputError, match="ftth_household_takeup"):
        build(raw, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".atlas")] == []


def test_cli_reports_bad_input_and_exits_non_zero(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "tests" / "fixtures" / "raw", raw)
    ssdse = next((raw / "nstac_ssdse").glob("*.csv"))
    ssdse.write_bytes(ssdse.read_bytes().replace("総人口".encode("cp932"), "人口総数".encode("cp932"), 1))
    record(raw, "nstac_ssdse")
    result = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--out", str(tmp_path / "x.duckdb")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 2
    assert "SSDSE-A-2025.csv" in result.stderr and "sha256" not in result.stderr
    assert not (tmp_path / "x.duckdb").exists()


def test_every_indicator_date_says_whether_the_publisher_pins_it(fixture_db: Path) -> None:
    """One ``indicator_dates`` row per (indicator, as_of) in the values; only declared ones are unconfirmed."""
    missing = _rows(
        fixture_db,
        "SELECT DISTINCT v.indicator_id, v.as_of FROM indicator_values v "
        "ANTI JOIN indicator_dates d ON d.indicator_id = v.indicator_id AND d.as_of = v.as_of",
    )
    assert missing == []
    stray = _rows(
        fixture_db,
        "SELECT d.indicator_id FROM indicator_dates d "
        "ANTI JOIN indicator_values v ON d.indicator_id = v.indicator_id AND d.as_of = v.as_of",
    )
    assert stray == []
    unconfirmed = dict(_rows(fixture_db, "SELECT indicator_id, as_of FROM indicator_dates WHERE NOT date_certain"))  # type: ignore[arg-type]
    assert set(unconfirmed) == {
        "dx_adoption_score",
        "mynumber_holding_rate",
        "online_procedures_26",
        "online_procedures_32",
        "online_usage_26_median",
        "online_usage_32_median",
    }
    (governance,) = _rows(
        fixture_db, "SELECT as_of, date_certain FROM indicator_dates WHERE indicator_id = 'dx_governance_score'"
    )
    assert str(governance[0]) == "2023-04-01" and governance[1] is True
    english = _rows(fixture_db, "SELECT basis_en FROM indicator_dates WHERE basis_en IS NOT NULL")
    assert english and all("推定" not in str(text) for (text,) in english)


def test_catalogue_reference_dates_are_the_dates_in_the_database(fixture_db: Path) -> None:
    found: dict[str, set[str]] = {}
    for indicator_id, as_of in _rows(
        fixture_db, "SELECT DISTINCT indicator_id, CAST(as_of AS TEXT) FROM indicator_values"
    ):
        found.setdefault(str(indicator_id), set()).add(str(as_of))
    for ind in load_catalogue().indicators.values():
        if ind.reference_dates:
            assert set(ind.reference_dates) <= found[ind.id], ind.id


@pytest.fixture(scope="module")
def ready() -> Prepared:
    """The fixture inputs parsed and cross-checked, as the build would write them."""
    return prepare(ROOT / "tests" / "fixtures" / "raw")


def _previous(fixture_db: Path, tmp_path: Path) -> tuple[Path, bytes]:
    out = tmp_path / "atlas.duckdb"
    shutil.copy(fixture_db, out)
    return out, out.read_bytes()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "atlas.duckdb")


def test_refusal_by_duckdb_after_parsing_leaves_previous_database(
    ready: Prepared, fixture_db: Path, tmp_path: Path
) -> None:
    # A code given twice reaches DuckDB (no parser check stands in the way here) and
    # violates the areas primary key while the temporary file is half written.
    areas = ready.tables["areas"]
    broken = Prepared(
        ready.catalogue, ready.parsed, ready.values,
        {**ready.tables, "areas": pd.concat([areas, areas.iloc[[5]]], ignore_index=True)}, ready.user_sources,
    )
    out, before = _previous(fixture_db, tmp_path)
    with pytest.raises(InputError, match=r"table 'areas'.*(?i:constraint|duplicate)") as info:
        write_atomically(broken, out)
    assert "\n" not in str(info.value)
    assert out.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_failed_check_of_the_written_file_leaves_previous_database(
    ready: Prepared, fixture_db: Path, tmp_path: Path
) -> None:
    # Every row written, then the check of the temporary file finds an indicator without rows.
    values = ready.values[ready.values["indicator_id"] != "households"]
    broken = Prepared(ready.catalogue, ready.parsed, values, ready.tables, ready.user_sources)
    out, before = _previous(fixture_db, tmp_path)
    with pytest.raises(InputError, match="1 indicator\\(s\\) have no rows"):
        write_atomically(broken, out)
    assert out.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_successful_write_replaces_the_file_and_leaves_nothing_else(ready: Prepared, tmp_path: Path) -> None:
    out = tmp_path / "atlas.duckdb"
    out.write_bytes(b"previous")
    counts = write_atomically(ready, out)
    assert counts["indicator_values"] == len(ready.values)
    assert out.read_bytes() != b"previous"
    assert _leftovers(tmp_path) == []
