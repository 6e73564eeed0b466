"""Invalid geometry: what is safely repairable is repaired and logged; the rest is refused by file and area."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import duckdb
import pytest
import shapely

from etl.build import build
from tests.etl.refusals import (
    assert_build_refused,
    assert_cli_refused,
    feature,
    fresh_raw,
    outer_ring,
    previous_db,
    write_geojson,
)

NARUTO = "36202"


def _values(db: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT * FROM indicator_values ORDER BY ALL").fetchall()
    finally:
        con.close()


def _builds_with_warning(raw: Path, tmp_path: Path, fixture_db: Path, caplog: pytest.LogCaptureFixture,
                         words: str) -> None:
    out = tmp_path / "repaired.duckdb"
    with caplog.at_level(logging.WARNING):
        build(raw, out)
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(words in m and NARUTO in m for m in warned), warned
    assert _values(out) == _values(fixture_db)


def test_unclosed_ring_is_closed_and_logged(
    fixture_db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = fresh_raw(tmp_path)

    def unclose(document: dict[str, Any]) -> None:
        ring = outer_ring(feature(document, NARUTO))
        assert ring[0] == ring[-1]
        ring.pop()

    write_geojson(raw, edit=unclose)
    _builds_with_warning(raw, tmp_path, fixture_db, caplog, "unclosed ring")


def _self_crossing(ring: list[list[float]]) -> None:
    """Swap two neighbouring vertices where that makes the ring cross itself (a bow tie)."""
    for k in range(1, len(ring) - 3):
        trial = [*ring[:k], ring[k + 1], ring[k], *ring[k + 2 :]]
        if not shapely.Polygon(trial).is_valid:
            ring[k], ring[k + 1] = ring[k + 1], ring[k]
            return
    raise AssertionError("no swap makes the ring cross itself")


def test_self_crossing_ring_is_repaired_and_logged(
    fixture_db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = fresh_raw(tmp_path)
    write_geojson(raw, edit=lambda document: _self_crossing(outer_ring(feature(document, NARUTO))))
    _builds_with_warning(raw, tmp_path, fixture_db, caplog, "make_valid")


@pytest.mark.parametrize("empty", [None, {"type": "MultiPolygon", "coordinates": []}], ids=["null", "no-parts"])
def test_empty_geometry_is_refused_by_area(fixture_db: Path, tmp_path: Path, empty: object) -> None:
    raw = fresh_raw(tmp_path)
    target = write_geojson(raw, edit=lambda document: feature(document, NARUTO).update(geometry=empty))
    out, before = previous_db(fixture_db, tmp_path)
    assert_cli_refused(raw, out, before, target.name, NARUTO, "empty")


def test_coordinates_outside_japan_are_refused_by_area(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)

    def stray(document: dict[str, Any]) -> None:
        ring = outer_ring(feature(document, NARUTO))
        ring[3] = [ring[3][0] + 60.0, ring[3][1]]  # a vertex in the Pacific, 60° east

    target = write_geojson(raw, edit=stray)
    out, before = previous_db(fixture_db, tmp_path)
    assert_build_refused(raw, out, before, target.name, f"area {NARUTO}", "outside Japan")


def test_a_whole_area_moved_outside_japan_is_refused(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)

    def moved(document: dict[str, Any]) -> None:
        for ring_point in outer_ring(feature(document, NARUTO)):
            ring_point[1] -= 40.0  # south of the equator

    target = write_geojson(raw, edit=moved)
    out, before = previous_db(fixture_db, tmp_path)
    assert_build_refused(raw, out, before, target.name, NARUTO)
