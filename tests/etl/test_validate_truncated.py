"""Truncated files and unclear refusals: a file that ends early is refused, never "missing for the rest".

Also the harmless variants that must still build with identical values: BOM
added or removed, CRLF line ends, an extra empty trailing column, stray macOS
``._*`` files, and the boundaries as GeoJSON instead of TopoJSON.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from etl.build import build, prepare
from tests.etl.refusals import (
    FIXTURE_RAW,
    assert_build_refused,
    assert_cli_refused,
    fresh_raw,
    previous_db,
    recorded,
    write_geojson,
)
from tests.etl.sources.raw_edits import find_row

FTTH = ("soumu_ftth_takeup_pref", "ftth_household_takeup_by_prefecture_2024-03.csv")
SSDSE = ("nstac_ssdse", "SSDSE-A-2025.csv")
MY_NUMBER = ("mynumbercard_codeforjapan", "static/data/20221231/all_localgovs.csv")
OFFICES = ("code4fukui_localgovjp", "localgovjp-utf8.csv")
FISCAL = ("soumu_fiscal_indicators", "全市町村の主要財政指標_000917808.xlsx")
HOUSEHOLDS = ("soumu_juki_population", "2203ssjin.xlsx")
LAST = "39428 (黒潮町)"  # the last municipality of every fixture file


def _lines(path: Path) -> tuple[bytes, list[bytes]]:
    data = path.read_bytes()
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    return newline, data.rstrip(newline).split(newline)


def _drop_last_line(path: Path) -> None:
    newline, lines = _lines(path)
    path.write_bytes(newline.join(lines[:-1]) + newline)


def _cut_last_line(path: Path) -> None:
    """The download stopped in the middle of the last line (no final newline)."""
    newline, lines = _lines(path)
    path.write_bytes(newline.join([*lines[:-1], lines[-1][: len(lines[-1]) // 2]]))


def _drop_last_sheet_row(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet.delete_rows(find_row(path, 1, "394289"))
    book.save(path)


def _broken(tmp_path: Path, source: tuple[str, str], damage: object) -> Path:
    raw = fresh_raw(tmp_path)
    damage(raw / source[0] / source[1])  # type: ignore[operator]
    recorded(raw, source[0])
    return raw


@pytest.mark.parametrize(
    ("source", "named"),
    [(SSDSE, (LAST, "ends early")), (FTTH, ("39000 (高知県)", "ends early")), (MY_NUMBER, ("39428",)),
     (OFFICES, (LAST, "no office location"))],
    ids=["ssdse", "ftth", "my-number", "offices"],
)
def test_file_missing_its_last_rows_is_refused(
    fixture_db: Path, tmp_path: Path, source: tuple[str, str], named: tuple[str, ...]
) -> None:
    raw = _broken(tmp_path, source, _drop_last_line)
    out, before = previous_db(fixture_db, tmp_path)
    assert_build_refused(raw, out, before, Path(source[1]).name, *named)


@pytest.mark.parametrize("source", [FISCAL, HOUSEHOLDS], ids=["fiscal", "juki"])
def test_sheet_missing_its_last_municipality_is_refused(
    fixture_db: Path, tmp_path: Path, source: tuple[str, str]
) -> None:
    raw = _broken(tmp_path, source, _drop_last_sheet_row)
    out, before = previous_db(fixture_db, tmp_path)
    assert_build_refused(raw, out, before, source[1], LAST, "ends early")


def test_last_line_cut_mid_line_is_refused_by_the_cli(fixture_db: Path, tmp_path: Path) -> None:
    raw = _broken(tmp_path, SSDSE, _cut_last_line)
    out, before = previous_db(fixture_db, tmp_path)
    assert_cli_refused(raw, out, before, "SSDSE-A-2025.csv", "line 160", "cut short")


@pytest.mark.parametrize("source", [FTTH, MY_NUMBER, OFFICES], ids=["ftth", "my-number", "offices"])
def test_last_line_cut_mid_line_is_refused(fixture_db: Path, tmp_path: Path, source: tuple[str, str]) -> None:
    raw = _broken(tmp_path, source, _cut_last_line)
    out, before = previous_db(fixture_db, tmp_path)
    assert_build_refused(raw, out, before, Path(source[1]).name, "row" if source == MY_NUMBER else "cut short")


def test_municipality_missing_from_the_code_list_is_named(fixture_db: Path, tmp_path: Path) -> None:
    # Not "157 area columns; expected 156": the DX table names 鳴門市 and says the code list lacks it.
    raw = fresh_raw(tmp_path)
    path = raw / "soumu_local_gov_code" / "000925835.xlsx"
    book = openpyxl.load_workbook(path)
    book.worksheets[0].delete_rows(find_row(path, 1, "362026"))
    book.save(path)
    recorded(raw, "soumu_local_gov_code")
    out, before = previous_db(fixture_db, tmp_path)
    message = assert_cli_refused(raw, out, before, "'鳴門市'", "is not in the code list", "missing from the code list")
    assert "expected 156" not in message


# --- harmless variants: the same values ---------------------------------------------------------

BOM = b"\xef\xbb\xbf"
TEXT_FILES = sorted(
    p.relative_to(FIXTURE_RAW) for p in FIXTURE_RAW.rglob("*.csv")
    if "estat_haichi" not in str(p)  # quoted cells span lines there; a comma per physical line is not a column
)


def _toggle_bom(data: bytes) -> bytes:
    if data.startswith(BOM):
        return data[len(BOM):]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # CP932: no BOM to add
    return BOM + data


def _toggle_crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n") if b"\r\n" in data else data.replace(b"\n", b"\r\n")


def _extra_empty_column(data: bytes) -> bytes:
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    return newline.join(line + b"," for line in data.rstrip(newline).split(newline)) + newline


@pytest.fixture(scope="module")
def fixture_values() -> pd.DataFrame:
    return prepare(FIXTURE_RAW).values


@pytest.mark.parametrize("change", [_toggle_bom, _toggle_crlf, _extra_empty_column], ids=["bom", "crlf", "column"])
def test_harmless_text_changes_give_identical_values(
    tmp_path: Path, fixture_values: pd.DataFrame, change: object
) -> None:
    raw = fresh_raw(tmp_path)
    touched = set()
    for rel in TEXT_FILES:
        path = raw / rel
        path.write_bytes(change(path.read_bytes()))  # type: ignore[operator]
        touched.add(rel.parts[0])
    for source_id in sorted(touched):
        recorded(raw, source_id)
    pd.testing.assert_frame_equal(prepare(raw).values, fixture_values)


def test_stray_macos_files_give_identical_values(tmp_path: Path, fixture_values: pd.DataFrame) -> None:
    raw = fresh_raw(tmp_path)
    for path in [p for p in raw.rglob("*") if p.is_file()]:
        (path.parent / f"._{path.name}").write_bytes(b"\x00\x05\x16\x07Mac OS X        \x00\x02")
    (raw / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    pd.testing.assert_frame_equal(prepare(raw).values, fixture_values)


def _table(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_boundaries_as_geojson_give_identical_values(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    write_geojson(raw)
    out = tmp_path / "geojson.duckdb"
    build(raw, out)
    query = "SELECT * FROM indicator_values ORDER BY ALL"
    assert _table(out, query) == _table(fixture_db, query)
    areas = "SELECT area_code, detail FROM boundaries ORDER BY ALL"
    assert _table(out, areas) == _table(fixture_db, areas)
