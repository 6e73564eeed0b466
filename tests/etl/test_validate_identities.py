"""Inconsistent identities: swapped codes in a statistics or boundary file, boundaries in (lat, lon) order.

Each case breaks a copy of the fixture inputs, records it with ``etl record`` (so
the provenance check passes and the identity check must speak) and builds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shapely

from etl.sources import boundaries
from tests.etl.refusals import (
    assert_build_refused,
    assert_cli_refused,
    boundary_file,
    fresh_raw,
    previous_db,
    recorded,
    write_geojson,
)
from tests.etl.sources.raw_edits import edit_sheet, find_row

TOKUSHIMA, NARUTO = "36201", "36202"  # neighbours on the fixture map, offices 6 km apart


def _swap_bytes(path: Path, a: bytes, b: bytes) -> None:
    data = path.read_bytes()
    assert data.count(a) == 1 and data.count(b) == 1, path
    path.write_bytes(data.replace(a, b"\0swap\0").replace(b, a).replace(b"\0swap\0", b))


def _swap_cells(path: Path, a: str, b: str) -> None:
    row_a, row_b = find_row(path, 1, a), find_row(path, 1, b)

    def change(ws: Any) -> None:
        ws.cell(row=row_a, column=1, value=b)
        ws.cell(row=row_b, column=1, value=a)

    edit_sheet(path, change)


CASES: dict[str, tuple[str, str, Callable[[Path], None], tuple[str, ...]]] = {
    "ssdse": ("nstac_ssdse", "SSDSE-A-2025.csv", lambda p: _swap_bytes(p, b"R36201,", b"R36202,"), ("徳島市",)),
    "mynumbercard": (
        "mynumbercard_codeforjapan", "static/data/20221231/all_localgovs.csv",
        lambda p: _swap_bytes(p, b",362018\n", b",362026\n"), ("row ", "徳島市"),
    ),
    "ftth_takeup": (
        "soumu_ftth_takeup_pref", "ftth_household_takeup_by_prefecture_2024-03.csv",
        lambda p: _swap_bytes(p, b"360007,", b"370002,"), ("徳島県",),
    ),
    "fiscal": (
        "soumu_fiscal_indicators", "全市町村の主要財政指標_000917808.xlsx",
        lambda p: _swap_cells(p, "362018", "362026"), ("徳島市",),
    ),
    "juki": (
        "soumu_juki_population", "市区町村別年齢階級別人口_2304ssnen.xlsx",
        lambda p: _swap_cells(p, "362018", "362026"), ("徳島市",),
    ),
    "offices": (
        "code4fukui_localgovjp", "localgovjp-utf8.csv",
        lambda p: _swap_bytes(p, b",362018\n", b",362026\n"), ("徳島市",),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_swapped_codes_in_a_statistics_file_are_refused(case: str, fixture_db: Path, tmp_path: Path) -> None:
    source_id, name, swap, named = CASES[case]
    raw = fresh_raw(tmp_path)
    swap(raw / source_id / name)
    recorded(raw, source_id)
    out, before = previous_db(fixture_db, tmp_path)
    assert_build_refused(raw, out, before, Path(name).name, *named)


def test_swapped_codes_in_the_boundary_file_are_refused(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    path = boundary_file(raw)
    text = path.read_text(encoding="utf-8")
    assert text.count(f'"{TOKUSHIMA}"') >= 1 and text.count(f'"{NARUTO}"') >= 1
    text = text.replace(f'"{TOKUSHIMA}"', '"swap"').replace(f'"{NARUTO}"', f'"{TOKUSHIMA}"')
    path.write_text(text.replace('"swap"', f'"{NARUTO}"'), encoding="utf-8")
    recorded(raw, boundaries.SOURCE_ID)
    out, before = previous_db(fixture_db, tmp_path)
    assert_cli_refused(raw, out, before, path.name, f"area {TOKUSHIMA} (徳島市)", "office", NARUTO)


def test_boundaries_in_lat_lon_order_are_refused(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    target = write_geojson(raw, lambda g: shapely.transform(g, lambda xy: xy[:, ::-1]))
    out, before = previous_db(fixture_db, tmp_path)
    assert_cli_refused(raw, out, before, target.name, "(lat, lon) order")
