"""Make a broken copy of a fixture source in ``tmp_path`` for the error-case tests.

Each helper copies ``tests/fixtures/raw/<source_id>/`` into a fresh raw folder and
changes one thing (a header, a code, a cell), so a test shows that the real
parser names the file, the row or column and the problem.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from tests.etl.sources.areas_for_tests import FIXTURE_RAW


def copy_source(tmp_path: Path, source_id: str) -> Path:
    """A raw folder in ``tmp_path`` holding a copy of one fixture source; returns the raw folder."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_RAW / source_id, raw / source_id)
    return raw


def replace_text(path: Path, old: str, new: str, encoding: str = "utf-8", count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a text file, keeping its encoding and line endings."""
    data = path.read_bytes()
    old_b, new_b = old.encode(encoding), new.encode(encoding)
    assert old_b in data, f"{old!r} not in {path.name}"
    path.write_bytes(data.replace(old_b, new_b, count))


def edit_sheet(path: Path, change: Callable[[Any], None]) -> None:
    """Open the first sheet of an xlsx file, let ``change`` edit it, save in place."""
    wb = openpyxl.load_workbook(path)
    change(wb.worksheets[0])
    wb.save(path)


def find_row(path: Path, column: int, value: object) -> int:
    """1-based row number of the first row whose cell in ``column`` (1-based) equals ``value``."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        for number, row in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
            if len(row) >= column and row[column - 1] == value:
                return number
    finally:
        wb.close()
    raise AssertionError(f"{value!r} not found in column {column} of {path.name}")
