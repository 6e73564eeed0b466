"""Shared steps of the refusal tests: break a copy of the fixture inputs, build, and check the refusal.

A refusal is judged the same way everywhere (issue 16): exit status 2, one
sentence naming the file (and the row or area), no traceback, and the previous
database byte-identical with no temporary file left beside it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pytest
import shapely

from etl.build import build
from etl.n03 import find_input
from etl.provenance import record
from etl.sources import boundaries
from intake.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"


def fresh_raw(tmp_path: Path) -> Path:
    """A private copy of every fixture input, free to be broken."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    return raw


def previous_db(fixture_db: Path, tmp_path: Path) -> tuple[Path, bytes]:
    """A good database at the output path, and its bytes, for the byte-identical check."""
    out = tmp_path / "out" / "atlas.duckdb"
    out.parent.mkdir()
    shutil.copy(fixture_db, out)
    return out, out.read_bytes()


def recorded(raw: Path, source_id: str) -> None:
    """Declare a broken file as deliberately replaced, so the check under test is not provenance."""
    record(raw, source_id)


def run_cli(raw: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``python -m etl build`` in a subprocess, with no user sources."""
    return subprocess.run(
        [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--out", str(out), "--user", str(raw / "_none")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )


def assert_cli_refused(raw: Path, out: Path, before: bytes, *named: str) -> str:
    """Build through the CLI; assert the refusal contract and return the message."""
    result = run_cli(raw, out)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for text in named:
        assert text in result.stderr, f"{text!r} not in {result.stderr!r}"
    _assert_untouched(out, before)
    return result.stderr


def assert_build_refused(raw: Path, out: Path, before: bytes, *named: str) -> InputError:
    """Build through the library; assert the same contract (the CLI turns InputError into status 2)."""
    with pytest.raises(InputError) as info:
        build(raw, out)
    message = str(info.value)
    assert "\n" not in message
    for text in named:
        assert text in message, f"{text!r} not in {message!r}"
    _assert_untouched(out, before)
    return info.value


def _assert_untouched(out: Path, before: bytes) -> None:
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["atlas.duckdb"]


def boundary_file(raw: Path) -> Path:
    """The boundary file the build would read from ``raw``."""
    return find_input(raw / boundaries.SOURCE_ID)


def _municipal_layer(path: Path) -> str | None:
    layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    if len(layers) == 1:
        return None
    return next(n for n in layers if {"N03_007", "lg_code_5"} & set(pyogrio.read_info(path, layer=n)["fields"]))


def write_geojson(
    raw: Path,
    change: Callable[[shapely.Geometry], shapely.Geometry] | None = None,
    edit: Callable[[dict[str, Any]], None] | None = None,
) -> Path:
    """Replace the boundary file by the same features as GeoJSON, optionally changed, and record it.

    ``change`` maps every geometry; ``edit`` changes the GeoJSON document itself
    (for damage no geometry library would write, such as an unclosed ring).
    """
    source = boundary_file(raw)
    frame = pyogrio.read_dataframe(source, layer=_municipal_layer(source))
    frame = frame.set_crs(4326) if frame.crs is None else frame
    if change is not None:
        frame = frame.set_geometry(np.array([change(g) for g in frame.geometry], dtype=object), crs=frame.crs)
    target = source.with_suffix(".geojson")
    pyogrio.write_dataframe(frame, target, driver="GeoJSON")
    source.unlink()
    if edit is not None:
        document = json.loads(target.read_text(encoding="utf-8"))
        edit(document)
        target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    recorded(raw, boundaries.SOURCE_ID)
    return target


def feature(document: dict[str, Any], code5: str) -> dict[str, Any]:
    """The GeoJSON feature of one area, whichever code field the boundary schema uses."""
    for item in document["features"]:
        props = item["properties"]
        if str(props.get("lg_code_5", props.get("N03_007"))).zfill(5) == code5:
            found: dict[str, Any] = item
            return found
    raise AssertionError(f"no feature {code5}")


def outer_ring(item: dict[str, Any]) -> list[list[float]]:
    geom = item["geometry"]
    ring: list[list[float]] = geom["coordinates"][0] if geom["type"] == "Polygon" else geom["coordinates"][0][0]
    return ring
